import type { Constraint } from '../../services/shared/statistics/disclosure.js';

// An analyst turned attacker: knows every published figure and every sum that ties figures together, and solves the
// linear system for the hidden ones. A hidden figure is recovered when every solution gives it the same value.
// (Bounds from non-negativity are not used: the README says so.)

/** The hidden keys whose value the published figures and the sums determine exactly. */
export function recoverable(constraints: readonly Constraint[], hidden: ReadonlySet<string>): string[] {
  const unknowns = [...hidden].sort();
  const col = new Map(unknowns.map((k, i) => [k, i]));
  // Each sum as a row over the hidden figures: parent - sum(children) = 0, published ones moved to the right.
  const rows: number[][] = [];
  for (const c of constraints) {
    const members: [string, number][] = [[c.parent, 1], ...c.children.map((k) => [k, -1] as [string, number])];
    if (!members.some(([k]) => col.has(k))) continue;
    const row = new Array<number>(unknowns.length).fill(0);
    for (const [k, sign] of members) {
      const i = col.get(k);
      if (i !== undefined) row[i] = row[i]! + sign;
    }
    rows.push(row);
  }
  // Reduced row echelon form; a pivot column whose row has no free column in it is determined.
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < unknowns.length && r < rows.length; c++) {
    let p = -1;
    for (let i = r; i < rows.length; i++) if (Math.abs(rows[i]![c]!) > 1e-9) p = i;
    if (p < 0) continue;
    [rows[r], rows[p]] = [rows[p]!, rows[r]!];
    const pr = rows[r]!;
    const pv = pr[c]!;
    for (let j = c; j < pr.length; j++) pr[j] = pr[j]! / pv;
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const f = rows[i]![c]!;
      if (Math.abs(f) < 1e-12) continue;
      const ri = rows[i]!;
      for (let j = c; j < ri.length; j++) ri[j] = ri[j]! - f * pr[j]!;
    }
    pivots.push(c);
    r++;
  }
  const isPivot = new Set(pivots);
  const out: string[] = [];
  pivots.forEach((c, i) => {
    const row = rows[i]!;
    const free = row.some((v, j) => j !== c && !isPivot.has(j) && Math.abs(v) > 1e-9);
    if (!free) out.push(unknowns[c]!);
  });
  return out;
}
