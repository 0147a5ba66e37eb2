/** A PostgreSQL array literal of texts, each quoted and escaped: a bound parameter for `?::text[]`. */
export function textArray(xs: readonly string[]): string {
  return `{${xs.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** A PostgreSQL array literal of texts in which null stays NULL (unquoted), for unnest() of nullable columns. */
export function nullableTextArray(xs: readonly (string | null)[]): string {
  return `{${xs.map((x) => (x === null ? 'NULL' : `"${x.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}
