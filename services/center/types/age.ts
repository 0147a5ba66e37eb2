const YEAR_MS = 365.2425 * 24 * 3600 * 1000;

export interface AgeFacts {
  dateOfBirth?: string | null;
  estimatedAge?: number | null;
  createdAt: Date;
}

/** Whole years on `day`: exact from a date of birth, else the intake estimate plus the years since intake. */
export function ageOn(s: AgeFacts, day: Date): number {
  if (s.dateOfBirth) {
    const [y, m, d] = s.dateOfBirth.split('-').map(Number) as [number, number, number];
    let age = day.getUTCFullYear() - y;
    const beforeBirthday = day.getUTCMonth() + 1 < m || (day.getUTCMonth() + 1 === m && day.getUTCDate() < d);
    if (beforeBirthday) age -= 1;
    return age;
  }
  return (s.estimatedAge ?? 0) + Math.floor((day.getTime() - s.createdAt.getTime()) / YEAR_MS);
}
