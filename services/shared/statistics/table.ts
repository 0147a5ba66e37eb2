import { cellKey, geoKey, type Lattice, timeKey } from './lattice.js';
import { GEO_DEPTH, GEOGRAPHY, type Dimension, type Place, type Plan } from './request.js';

// The published table: the cells of the lattice the question asks for, each a count or hidden. Totals are cells of
// the same lattice (never recomputed from the shown cells), and there is no total along PERIOD.

export interface PublishedCell {
  row: string | null;
  column: string | null;
  count: number | null;
  suppressed: boolean;
}

export interface PublishedTable {
  rowLabels: string[];
  columnLabels: string[];
  cells: PublishedCell[];
  rowTotals: PublishedCell[];
  columnTotals: PublishedCell[];
  total: PublishedCell | null;
}

/** Where a coordinate of one dimension lands in a cell key. */
type Assign = Partial<Record<Dimension, string>>;

export function tableOf(
  plan: Plan,
  places: readonly Place[],
  categories: (d: Dimension) => readonly string[],
  lattice: Lattice,
): PublishedTable {
  const { rows, columns, province, district, period } = plan.request;
  const labelsOf = (d: Dimension): string[] => {
    if (d === 'PERIOD') return plan.buckets;
    if (GEOGRAPHY.includes(d)) {
      const within = places.filter(
        (p) => (province === null || p.province === province) && (district === null || p.district === district),
      );
      const names = within.map((p) => (d === 'PROVINCE' ? p.province : d === 'DISTRICT' ? p.district : p.center));
      return [...new Set(names)].sort();
    }
    return [...categories(d)];
  };
  const scope = district !== null ? geoKey(2, district) : province !== null ? geoKey(1, province) : 'N';
  const keyOf = (a: Assign): string => {
    const time = timeKey(period, a.PERIOD ?? plan.buckets[0]!);
    const geoDim = GEOGRAPHY.find((d) => a[d] !== undefined) as keyof typeof GEO_DEPTH | undefined;
    const geo = geoDim ? geoKey(GEO_DEPTH[geoDim], a[geoDim]!) : scope;
    return cellKey(
      time,
      geo,
      plan.breakdowns.map((d) => a[d] ?? '*'),
    );
  };
  const publish = (row: string | null, column: string | null, a: Assign): PublishedCell => {
    const key = keyOf(a);
    const cell = lattice.counts.get(key);
    if (!cell) throw new Error(`statistics: no cell ${key}`);
    const suppressed = lattice.hidden.has(key);
    return { row, column, count: suppressed ? null : cell.count, suppressed };
  };
  const rowLabels = labelsOf(rows);
  const columnLabels = columns === null ? [] : labelsOf(columns);
  const cells: PublishedCell[] = [];
  for (const r of rowLabels) {
    if (columns === null) cells.push(publish(r, null, { [rows]: r }));
    else for (const c of columnLabels) cells.push(publish(r, c, { [rows]: r, [columns]: c }));
  }
  const byPeriod = rows === 'PERIOD' || columns === 'PERIOD';
  const rowTotals =
    columns === null || columns === 'PERIOD' ? [] : rowLabels.map((r) => publish(r, null, { [rows]: r }));
  const columnTotals =
    columns === null || rows === 'PERIOD' ? [] : columnLabels.map((c) => publish(null, c, { [columns]: c }));
  const total = byPeriod ? null : publish(null, null, {});
  return { rowLabels, columnLabels, cells, rowTotals, columnTotals, total };
}

/** The table as CSV for a spreadsheet: one line per row, a hidden cell written `suppressed`, never 0. */
export function csvOf(t: PublishedTable, rowsName: string): string {
  const text = (c: PublishedCell) => (c.suppressed ? 'suppressed' : String(c.count));
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const hasRowTotals = t.rowTotals.length > 0;
  const header = [
    rowsName,
    ...(t.columnLabels.length ? t.columnLabels : ['count']),
    ...(hasRowTotals ? ['total'] : []),
  ];
  const width = Math.max(1, t.columnLabels.length);
  const lines = [header.map(quote).join(',')];
  t.rowLabels.forEach((r, i) => {
    const cells = t.cells.slice(i * width, (i + 1) * width).map(text);
    lines.push([quote(r), ...cells, ...(hasRowTotals ? [text(t.rowTotals[i]!)] : [])].join(','));
  });
  if (t.columnTotals.length > 0 || (t.total && t.columnLabels.length === 0))
    lines.push(
      [
        'total',
        ...(t.columnLabels.length ? t.columnTotals.map(text) : [text(t.total!)]),
        ...(hasRowTotals && t.total ? [text(t.total)] : []),
      ].join(','),
    );
  return `${lines.join('\n')}\n`;
}
