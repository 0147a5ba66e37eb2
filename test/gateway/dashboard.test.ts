import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HeadlessBrowser, launchBrowser } from '../helpers/browser.js';
import { testDatabase } from '../helpers/database.js';
import { seedDemo } from '../helpers/seed.js';
import { type Stack, startStack } from '../helpers/stack.js';

// The analysts' dashboard in a real browser (Debian's headless Chromium) that may reach the gateway and nothing else:
// every request to another origin is aborted and counts as a failure, as does any console error (a refused policy
// among them) or failed request. On the demo data, an analyst's token draws the four charts, each with the very
// numbers the API answers in a table under it, suppressed cells drawn hatched and written "suppressed", never 0, and
// each table's CSV to download; a reception officer's token gets the refusal in words, not a blank page.
//
// The data: the demo seed's 300 cases over the last year, about 85% consenting to statistics. seedDemo runs the hub's
// own preparation (services/hub/prepare.ts), which also gives health, the police and the gender ministry the
// statistics facts of the cases referred to them, as the center's deliveries would have.

let stack: Stack;
let analyst: string;
beforeAll(async () => {
  const url = await testDatabase();
  await seedDemo(url, 300);
  stack = await startStack(url);
  analyst = await stack.token('analyst');
});

// Launched by the first test that needs it, so that without Chromium each of them fails, saying why, rather than the
// file's setup failing and its tests being reported as skipped.
let launched: Promise<HeadlessBrowser> | undefined;
const browser = () => (launched ??= launchBrowser());
const dashboardUrl = () => stack.gatewayUrl.replace(/\/graphql$/, '/dashboard');

interface Cell {
  row: string | null;
  column: string | null;
  count: number | null;
  suppressed: boolean;
}
interface Table {
  statistic: string;
  from: string;
  to: string;
  columns: string | null;
  threshold: number;
  rowLabels: string[];
  columnLabels: string[];
  cells: Cell[];
  rowTotals: Cell[];
  columnTotals: Cell[];
  total: Cell | null;
  csv: string;
}

// Kigali is UTC+2 all year. The demo cases were opened over the last 365 days: the year holding most of them is this
// one from June on, the last one before.
const kigali = new Date(Date.now() + 2 * 3600_000);
const thisYear = kigali.getUTCFullYear();
const year = kigali.getUTCMonth() >= 5 ? thisYear : thisYear - 1;
const day = (d: Date) => d.toISOString().slice(0, 10);
const lastMonths = (n: number) => ({
  period: 'MONTH',
  from: day(new Date(Date.UTC(thisYear, kigali.getUTCMonth() - (n - 1), 1))),
  to: day(new Date(Date.UTC(thisYear, kigali.getUTCMonth() + 1, 0))),
});
const wholeYear = { period: 'YEAR', from: `${year}-01-01`, to: `${year}-12-31` };

/** The four panels: what each asks the API, asked here too, to compare the page with. */
const PANELS = [
  { id: 'intakes-over-time', field: 'intakeStatistics', query: { ...lastMonths(24), rows: 'PERIOD' } },
  { id: 'intakes-by-district', field: 'intakeStatistics', query: { ...wholeYear, rows: 'DISTRICT' } },
  {
    id: 'hiv-pep',
    field: 'clockStatistics(clock: HIV_PEP, query: $q)',
    query: { ...lastMonths(12), rows: 'PERIOD', columns: 'CLOCK_STATUS' },
  },
  { id: 'follow-ups', field: 'followUpStatistics', query: { ...wholeYear, rows: 'FOLLOW_UP_STATUS' } },
] as const;

async function tableFromApi(panel: (typeof PANELS)[number]): Promise<Table> {
  const field = panel.field.includes('(') ? panel.field : `${panel.field}(query: $q)`;
  const { status, body } = await stack.query(
    analyst,
    `query($q: StatisticsQuery!) { table: ${field} {
      statistic from to columns threshold rowLabels columnLabels
      cells { row column count suppressed } rowTotals { row column count suppressed }
      columnTotals { row column count suppressed } total { row column count suppressed } csv
    } }`,
    { q: panel.query },
  );
  expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
  return (body.data as { table: Table }).table;
}

const shown = (c: Cell | undefined) => (c === undefined ? '' : c.suppressed ? 'suppressed' : String(c.count));

/** The table the page should show for an API table: header, body and footer rows, cell by cell, as text. */
function expectedTable(t: Table): { head: string[]; body: string[][]; foot: string[][] } {
  const at = (row: string, column: string | null) => t.cells.find((c) => c.row === row && c.column === column);
  const rowTotal = (row: string) => t.rowTotals.find((c) => c.row === row);
  const withRowTotals = t.columns !== null && t.rowTotals.length > 0;
  const columns = t.columns ? t.columnLabels : [null];
  return {
    head: [
      expect.any(String) as unknown as string,
      ...(t.columns ? t.columnLabels : ['count']),
      ...(withRowTotals ? ['total'] : []),
    ],
    body: t.rowLabels.map((row) => [
      row,
      ...columns.map((column) => shown(at(row, column))),
      ...(withRowTotals ? [shown(rowTotal(row))] : []),
    ]),
    foot: t.total
      ? [
          [
            'total',
            ...(t.columns ? t.columnLabels.map((c) => shown(t.columnTotals.find((x) => x.column === c))) : []),
            ...(!t.columns || withRowTotals ? [shown(t.total)] : []),
          ],
        ]
      : [],
  };
}

/** The table the page shows under a chart, as text. */
function tableOnPage(page: Page, id: string) {
  return page.locator(`#${id} table`).evaluate((table: HTMLTableElement) => {
    const text = (rows: HTMLCollectionOf<HTMLTableRowElement>) =>
      [...rows].map((r) => [...r.cells].map((c) => c.textContent ?? ''));
    return {
      head: text(table.tHead!.rows)[0]!,
      body: text(table.tBodies[0]!.rows),
      foot: table.tFoot ? text(table.tFoot.rows) : [],
      suppressedMarked: [...table.querySelectorAll('td')]
        .filter((td) => td.textContent === 'suppressed')
        .every((td) => td.classList.contains('suppressed') && /fewer than \d+ people/.test(td.title)),
    };
  });
}

/** What Chart.js drew on a panel's canvas: its labels and series, the bars it laid out, and how much it painted. */
function chartOnPage(page: Page, id: string) {
  return page.locator(`#${id} canvas`).evaluate((canvas: HTMLCanvasElement) => {
    const chart = (
      window as unknown as {
        Chart: {
          getChart(c: HTMLCanvasElement): {
            data: { labels: string[]; datasets: { label: string; data: number[]; suppressed: boolean[] }[] };
            getDatasetMeta(i: number): { data: { options: { backgroundColor: unknown } }[] };
            options: { indexAxis: string };
            scales: Record<string, { max: number }>;
          };
        };
      }
    ).Chart.getChart(canvas);
    const context = canvas.getContext('2d')!;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
    return {
      labels: chart.data.labels,
      series: chart.data.datasets.map((d, i) => ({
        label: d.label,
        data: d.data,
        suppressed: d.suppressed,
        bars: chart.getDatasetMeta(i).data.length,
        hatched: chart.getDatasetMeta(i).data.map((bar) => bar.options.backgroundColor instanceof CanvasPattern),
      })),
      top: chart.scales[chart.options.indexAxis === 'y' ? 'x' : 'y']!.max,
      painted,
      area: canvas.width * canvas.height,
    };
  });
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel(/^Bearer token/).fill(token);
  await page.getByRole('button', { name: 'Show statistics' }).click();
}

describe('the analysts’ dashboard, in a browser with no internet', () => {
  it('draws the four charts for an analyst, with the API’s numbers under each, suppressed cells marked, and their CSV', async () => {
    const tables = await Promise.all(PANELS.map(tableFromApi));
    // The demo data has what the page must show both ways: counts published and counts suppressed.
    const cells = tables.flatMap((t) => t.cells);
    expect(cells.filter((c) => c.suppressed).length, 'the demo data has no suppressed cell').toBeGreaterThan(0);
    expect(cells.filter((c) => (c.count ?? 0) > 0).length, 'the demo data has no count shown').toBeGreaterThan(0);

    const { page, origin } = await (await browser()).open(dashboardUrl());
    const requests: { url: string; authorization?: string }[] = [];
    page.on('request', (r) => requests.push({ url: r.url(), authorization: r.headers().authorization }));
    await signIn(page, analyst);
    // The field no longer holds the token, and nothing was stored: the script keeps it in memory.
    await expect.poll(() => page.getByLabel(/^Bearer token/).inputValue()).toBe('');
    expect(await page.evaluate(() => [sessionStorage.length, localStorage.length, document.cookie])).toEqual([
      0,
      0,
      '',
    ]);
    await expect.poll(() => page.locator('#who').textContent()).toMatch(/^demo:analyst \(analyst\), until /);
    // The year holding most of the demo data, for the tables by district and by follow-up status.
    await page.getByLabel(/^Year of the tables/).selectOption(String(year));
    // The page is busy until every table of that year has been answered and drawn.
    await expect.poll(() => page.locator('#panels').getAttribute('aria-busy'), { timeout: 20_000 }).toBeNull();

    for (const [i, panel] of PANELS.entries()) {
      const t = tables[i]!;
      const section = page.locator(`#${panel.id}`);
      expect(await section.locator('caption').textContent()).toBe(`${t.statistic}, ${t.from} to ${t.to}`);
      expect(await section.locator('.problem').isHidden()).toBe(true);

      // The table: every count the API answered, in place, and "suppressed" where it said so, marked as such.
      const onPage = await tableOnPage(page, panel.id);
      expect({ panel: panel.id, ...onPage }).toEqual({ panel: panel.id, ...expectedTable(t), suppressedMarked: true });

      // The chart: one bar per cell, a shown count at its height, a suppressed one hatched and full height.
      const chart = await chartOnPage(page, panel.id);
      const series = t.columns ? t.columnLabels : [null];
      expect(chart.labels).toEqual(t.rowLabels);
      expect(chart.series.map((s) => s.label)).toEqual(t.columns ? t.columnLabels : [t.statistic]);
      series.forEach((column, s) => {
        const row = (r: string) => t.cells.find((c) => c.row === r && c.column === column)!;
        expect(chart.series[s]).toEqual({
          label: column ?? t.statistic,
          data: t.rowLabels.map((r) => (row(r).suppressed ? chart.top : row(r).count)),
          suppressed: t.rowLabels.map((r) => row(r).suppressed),
          bars: t.rowLabels.length,
          hatched: t.rowLabels.map((r) => row(r).suppressed),
        });
      });
      expect(chart.top).toBeGreaterThan(Math.max(...t.cells.map((c) => c.count ?? 0)));
      // Something is drawn: axes, bars and legend paint a good part of the canvas.
      expect(chart.painted, `${panel.id}: the canvas is blank`).toBeGreaterThan(chart.area / 50);

      const note = (await section.locator('.note').textContent()) ?? '';
      if (t.cells.some((c) => c.suppressed)) expect(note).toContain(`fewer than ${t.threshold} people`);
      else expect(note).toContain('No count in this table is suppressed');

      // The CSV is the API's own, byte for byte.
      const download = page.waitForEvent('download');
      await section.getByRole('link', { name: 'Download CSV' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`${panel.id}-${t.from}-${t.to}.csv`);
      expect(await readFile((await file.path())!, 'utf8')).toBe(t.csv);
    }
    // The numbers include counts shown and counts suppressed, on the page as in the API.
    expect(await page.locator('td.count').count()).toBeGreaterThan(0);
    expect(await page.locator('td.suppressed').count()).toBeGreaterThan(0);
    expect(await page.locator('#refusal').isHidden()).toBe(true);

    // Only the API was sent the token; the page and its files were asked for without it, all of the gateway.
    expect(requests.filter((r) => new URL(r.url).origin !== origin)).toEqual([]);
    for (const r of requests) {
      expect({ url: r.url, token: r.authorization !== undefined }).toEqual({
        url: r.url,
        token: new URL(r.url).pathname === '/graphql',
      });
    }
    expect(requests.filter((r) => r.url.endsWith('/graphql')).length).toBeGreaterThanOrEqual(PANELS.length);
  });

  it('tells a reception officer plainly that the token may not read statistics, and draws nothing', async () => {
    const { page } = await (await browser()).open(dashboardUrl());
    await signIn(page, await stack.token('reception'));
    const refusal = page.locator('#refusal');
    await expect.poll(() => refusal.isVisible()).toBe(true);
    expect(await refusal.textContent()).toBe(
      'This token (demo:reception, reception-officer) may not read statistics. The hub refused: Unauthorized field ' +
        'or type (UNAUTHORIZED_FIELD_OR_TYPE). Statistics need the stats:read scope, which analysts and ministry ' +
        'systems hold; ask for an analyst account.',
    );
    expect(await refusal.getAttribute('role')).toBe('alert');
    expect(await page.locator('#panels').isHidden()).toBe(true);
    expect(await page.locator('canvas').count()).toBe(0);
    // The token can be forgotten and another pasted.
    await page.getByRole('button', { name: 'Forget the token' }).click();
    await expect.poll(() => page.getByLabel(/^Bearer token/).isVisible()).toBe(true);
  });

  it('says a token the gateway does not accept is not accepted, and asks for another', async () => {
    const opened = await (await browser()).open(dashboardUrl());
    const { page } = opened;
    await signIn(page, 'Bearer not-a-token');
    const refusal = page.locator('#refusal');
    await expect.poll(() => refusal.isVisible()).toBe(true);
    expect(await refusal.textContent()).toBe(
      'The hub did not accept this token: Invalid token: malformed token (UNAUTHENTICATED). Paste a valid token ' +
        '(it may have expired).',
    );
    expect(await page.getByLabel(/^Bearer token/).isVisible()).toBe(true);
    expect(await page.locator('#panels').isHidden()).toBe(true);
    // The gateway answered each of the four requests 401, as it should, and Chromium said so on its console: seen
    // here, so not a failure of the page.
    const graphql = new URL('/graphql', opened.origin).href;
    const answered = () => opened.problems.filter((p) => p === `answered 401: POST ${graphql}`).length;
    await expect.poll(answered).toBe(PANELS.length);
    for (const p of opened.problems) {
      expect(p).toMatch(
        new RegExp(`^(answered 401: POST ${graphql}|console error: Failed to load resource: .* status of 401\\b.*)$`),
      );
    }
    opened.problems.length = 0;
  });

  it('shows an error the API answers for one table under that table, in the API’s words, and draws the others', async () => {
    const { page } = await (await browser()).open(dashboardUrl());
    // The table by district asked for a year that does not start on its first day, as a mistaken copy might.
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { query: string; variables: { q: { from: string } } };
      if (!body.query.includes('IntakesByDistrict')) return route.continue();
      body.variables.q.from = body.variables.q.from.replace(/-01$/, '-02');
      return route.continue({ postData: JSON.stringify(body) });
    });
    await signIn(page, analyst);
    const problem = page.locator('#intakes-by-district .problem');
    await expect.poll(() => problem.isVisible()).toBe(true);
    expect(await problem.textContent()).toBe(
      'This table could not be shown. The hub answered: query.from: must be the first day of a year (BAD_USER_INPUT)',
    );
    await expect.poll(() => page.locator('#panels').getAttribute('aria-busy')).toBeNull();
    expect(await page.locator('#intakes-by-district canvas').count()).toBe(0);
    for (const id of ['intakes-over-time', 'hiv-pep', 'follow-ups']) {
      expect({ id, charts: await page.locator(`#${id} canvas`).count() }).toEqual({ id, charts: 1 });
      expect({ id, tables: await page.locator(`#${id} table`).count() }).toEqual({ id, tables: 1 });
    }
    expect(await page.locator('#refusal').isHidden()).toBe(true);
  });
});
