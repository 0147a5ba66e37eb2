/** A PostgreSQL array literal of texts, each quoted and escaped: a bound parameter for `?::text[]`. */
export function textArray(xs: readonly string[]): string {
  return `{${xs.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
