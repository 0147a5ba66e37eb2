'use strict';
// The analysts' dashboard of the Isange hub: four tables of the hub's statistics API, each drawn as a chart (Chart.js)
// with the same numbers in a table under it and a link to download them as CSV. A starting point to copy: plain
// JavaScript for any current browser, no build step, no framework, no other library.
//
// To add a chart, add an entry to PANELS below (and a <section class="panel"> with its id to index.html): a GraphQL
// document asking for one table, and the StatisticsQuery it sends. Everything else (chart, table, CSV, suppressed
// cells, errors) is the same for every table.
//
// The page runs under a strict Content-Security-Policy (no inline script, nothing from another origin): keep code in
// this file, build elements with the DOM (never innerHTML: labels come from the API), and load nothing from a CDN.
(function () {
  // Where the token is kept: in this variable, and nowhere else. Not in sessionStorage, localStorage or a cookie.
  // An analyst's token reads national statistics for hours; a copy in storage would outlive the page (sessionStorage
  // survives a reload and is restored with the tab), be readable by any script of the gateway's origin (GraphiQL is
  // served from it too), and stay on a shared computer after the analyst walked away. In memory it is gone when the
  // page is closed or reloaded, and "Forget the token" drops it at once; the cost is pasting it again after a reload.
  // The field it is pasted into is cleared as soon as it is read.
  let token = null;
  // Bumped when the token is forgotten or the tables are asked again: an answer to an older request is dropped.
  let generation = 0;
  let expiryTimer = null;
  // Object URLs of the CSV links, released when the tables are drawn again or the token is forgotten.
  let csvUrls = [];

  const endpoint = new URL(document.body.dataset.graphql || '/graphql', location.href).href;

  // What every panel asks of its table. `csv` is the hub's own CSV of the same table, suppressed counts written
  // "suppressed": the download is exactly what the API answered, nothing recomputed here.
  const TABLE = `fragment Table on StatisticsTable {
    statistic period from to rows columns threshold rowLabels columnLabels
    cells { row column count suppressed }
    rowTotals { row count suppressed }
    columnTotals { column count suppressed }
    total { count suppressed }
    csv
  }`;

  // Colors by category; anything not named here takes the next of PALETTE. Grey is kept for suppressed cells.
  const COLORS = {
    MET: '#1b7f3b',
    MISSED: '#c0392b',
    DUE: '#d68910',
    NOT_APPLICABLE: '#5d6d9e',
    ACTIVE: '#2e6fb7',
    OVERDUE: '#c0392b',
    CLOSED: '#1b7f3b',
  };
  const PALETTE = ['#2e6fb7', '#d68910', '#1b7f3b', '#8e44ad', '#c0392b', '#16a085', '#5d6d9e'];

  /**
   * The charts. `query(year)` gives the StatisticsQuery: `from` must be the first day of a period and `to` the last
   * day of one; a table not by PERIOD covers exactly one period (hence the year chosen on the page for those).
   */
  const PANELS = [
    {
      id: 'intakes-over-time',
      document: 'query IntakesOverTime($q: StatisticsQuery!) { table: intakeStatistics(query: $q) { ...Table } }',
      // National, all incident types together. `columns: 'INCIDENT_TYPE'` would break each month down by type, at
      // the cost of more suppressed cells: the finer the table, the smaller its counts.
      query: () => lastMonths(24, { rows: 'PERIOD' }),
    },
    {
      id: 'intakes-by-district',
      document: 'query IntakesByDistrict($q: StatisticsQuery!) { table: intakeStatistics(query: $q) { ...Table } }',
      query: (year) => wholeYear(year, { rows: 'DISTRICT' }),
      // Thirty districts read better down the page than across it.
      horizontal: true,
    },
    {
      id: 'hiv-pep',
      document: 'query HivPep($q: StatisticsQuery!) { table: clockStatistics(clock: HIV_PEP, query: $q) { ...Table } }',
      query: () => lastMonths(12, { rows: 'PERIOD', columns: 'CLOCK_STATUS' }),
    },
    {
      id: 'follow-ups',
      document: 'query FollowUps($q: StatisticsQuery!) { table: followUpStatistics(query: $q) { ...Table } }',
      query: (year) => wholeYear(year, { rows: 'FOLLOW_UP_STATUS' }),
    },
  ];

  // The hub counts by Kigali calendar days, and Kigali is UTC+2 all year (no daylight saving time), so "this month"
  // is the month it is in Kigali, wherever the analyst's computer is.
  function kigaliToday() {
    const now = new Date(Date.now() + 2 * 3600 * 1000);
    return { year: now.getUTCFullYear(), month: now.getUTCMonth() };
  }
  function day(date) {
    return date.toISOString().slice(0, 10);
  }
  /** The last `n` months, this one included (it is not over: its count grows until its last day). */
  function lastMonths(n, shape) {
    const { year, month } = kigaliToday();
    const from = new Date(Date.UTC(year, month - (n - 1), 1));
    const to = new Date(Date.UTC(year, month + 1, 0));
    return Object.assign({ period: 'MONTH', from: day(from), to: day(to) }, shape);
  }
  function wholeYear(year, shape) {
    return Object.assign({ period: 'YEAR', from: `${year}-01-01`, to: `${year}-12-31` }, shape);
  }

  const $ = (id) => document.getElementById(id);
  function element(tag, attributes, text) {
    const e = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) e.setAttribute(name, value);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** An error to show: the hub's own words and code, and the HTTP status. */
  function problem(message, code, status) {
    const err = new Error(message);
    err.code = code || null;
    err.status = status || 0;
    return err;
  }

  /** POST one GraphQL document with the token; its data, or a problem saying what the hub answered. */
  async function ask(query, variables) {
    let response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query, variables }),
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch (err) {
      throw problem(`Could not reach the hub at ${endpoint}: ${err.message}`, 'UNREACHABLE');
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      // Not JSON (a proxy's error page, say): said below with the status.
    }
    const errors = (body && body.errors) || [];
    if (errors.length > 0) {
      const said = errors.map((e) => {
        const code = e.extensions && e.extensions.code;
        return code ? `${e.message} (${code})` : e.message;
      });
      throw problem(said.join('; '), errors[0].extensions && errors[0].extensions.code, response.status);
    }
    if (!response.ok || !body || !body.data) {
      throw problem(
        `The hub answered ${response.status} ${response.statusText} with nothing to show.`,
        null,
        response.status,
      );
    }
    return body.data;
  }

  /** What the token says of its holder, to show who is signed in. Not checked here: the gateway checks every request. */
  function claimsOf(jwt) {
    try {
      const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
      return JSON.parse(json);
    } catch {
      return {};
    }
  }

  // Suppressed cells are drawn with this: grey, hatched, as tall as the chart. Their count is unknown (fewer than the
  // threshold, or a count that would give such a one back), so no height would be true, and a short bar, or none,
  // would read as a small number or as zero. The legend and the table say "suppressed".
  let hatch = null;
  function hatchPattern() {
    if (hatch) return hatch;
    const tile = element('canvas');
    tile.width = 8;
    tile.height = 8;
    const g = tile.getContext('2d');
    g.fillStyle = '#f0f0f0';
    g.fillRect(0, 0, 8, 8);
    g.strokeStyle = '#9a9a9a';
    g.lineWidth = 1.5;
    g.beginPath();
    for (const x of [-8, 0, 8]) {
      g.moveTo(x, 8);
      g.lineTo(x + 8, 0);
    }
    g.stroke();
    hatch = g.createPattern(tile, 'repeat');
    return hatch;
  }

  function suppressedNote(threshold) {
    return `suppressed: fewer than ${threshold} people, or would reveal such a count`;
  }

  /** A round number a little above `n`, for the top of the value axis. */
  function niceTop(n) {
    const target = Math.max(n * 1.1, 1);
    const magnitude = Math.pow(10, Math.floor(Math.log10(target)));
    for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= target) return step * magnitude;
    return 10 * magnitude;
  }

  /** The table's cells as the chart's series: one per column, or one ("count") for a table without columns. */
  function seriesOf(table) {
    const at = new Map(table.cells.map((c) => [`${c.row}\u0000${c.column}`, c]));
    const names = table.columns ? table.columnLabels : [null];
    return names.map((column) => ({
      name: column === null ? table.statistic : column,
      byRow: column === null,
      cells: table.rowLabels.map((row) => at.get(`${row}\u0000${column}`)),
    }));
  }

  function drawChart(panel, box, table) {
    const series = seriesOf(table);
    const shown = table.cells.filter((c) => !c.suppressed).map((c) => c.count);
    const top = niceTop(Math.max(table.threshold, ...shown));
    const color = (name, i) => COLORS[name] || PALETTE[i % PALETTE.length];
    const anySuppressed = table.cells.some((c) => c.suppressed);
    const canvas = element('canvas', {
      role: 'img',
      'aria-label': `Chart of ${table.statistic}; the same numbers are in the table below.`,
    });
    box.replaceChildren(canvas);
    const valueAxis = { beginAtZero: true, max: top, ticks: { precision: 0 } };
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: table.rowLabels,
        datasets: series.map((s, i) => ({
          label: s.name,
          // A suppressed cell's bar is drawn full height and hatched; `suppressed` says which ones they are.
          data: s.cells.map((c) => (c.suppressed ? top : c.count)),
          suppressed: s.cells.map((c) => c.suppressed),
          color: color(s.name, i),
          backgroundColor: (ctx) => {
            if (ctx.type === 'data' && ctx.dataset.suppressed[ctx.dataIndex]) return hatchPattern();
            // A table without columns colors each bar by its row where a color is named (OVERDUE in red).
            const row = ctx.type === 'data' && s.byRow ? table.rowLabels[ctx.dataIndex] : null;
            return (row && COLORS[row]) || ctx.dataset.color;
          },
        })),
      },
      options: {
        indexAxis: panel.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        // Drawn at once: the numbers matter, not the motion.
        animation: false,
        scales: panel.horizontal ? { x: valueAxis } : { y: valueAxis },
        plugins: {
          legend: {
            labels: {
              generateLabels(chart) {
                const items = Chart.defaults.plugins.legend.labels.generateLabels(chart);
                // Chart.js takes a bar series' swatch from its first bar, which may be a suppressed one: each series
                // is shown in its own color instead.
                for (const item of items) item.fillStyle = chart.data.datasets[item.datasetIndex].color;
                if (anySuppressed) {
                  items.push({
                    text: suppressedNote(table.threshold),
                    fillStyle: hatchPattern(),
                    strokeStyle: '#9a9a9a',
                    lineWidth: 1,
                    hidden: false,
                    datasetIndex: -1,
                  });
                }
                return items;
              },
            },
            // The suppressed item stands for no series: clicking it hides nothing.
            onClick(event, item, legend) {
              if (item.datasetIndex >= 0) Chart.defaults.plugins.legend.onClick.call(this, event, item, legend);
            },
          },
          tooltip: {
            callbacks: {
              label(item) {
                const suppressed = item.dataset.suppressed[item.dataIndex];
                const value = suppressed ? suppressedNote(table.threshold) : item.formattedValue;
                return `${item.dataset.label}: ${value}`;
              },
            },
          },
        },
      },
    });
  }

  /** One count as a table cell: the number, or "suppressed", marked so (a suppressed count is never shown as 0). */
  function countCell(tag, cell, threshold) {
    if (!cell) return element(tag, {}, '');
    if (cell.suppressed) return element(tag, { class: 'suppressed', title: suppressedNote(threshold) }, 'suppressed');
    return element(tag, { class: 'count' }, String(cell.count));
  }

  function drawTable(box, table) {
    const series = seriesOf(table);
    const byRow = new Map(table.rowTotals.map((c) => [c.row, c]));
    const byColumn = new Map(table.columnTotals.map((c) => [c.column, c]));
    const withRowTotals = table.columns !== null && table.rowTotals.length > 0;
    const name = (dimension) => dimension.toLowerCase().replace(/_/g, ' ');

    const head = element('tr');
    head.append(element('th', { scope: 'col' }, name(table.rows)));
    for (const s of series) head.append(element('th', { scope: 'col' }, table.columns ? s.name : 'count'));
    if (withRowTotals) head.append(element('th', { scope: 'col' }, 'total'));

    const body = element('tbody');
    table.rowLabels.forEach((row, r) => {
      const tr = element('tr');
      tr.append(element('th', { scope: 'row' }, row));
      for (const s of series) tr.append(countCell('td', s.cells[r], table.threshold));
      if (withRowTotals) tr.append(countCell('td', byRow.get(row), table.threshold));
      body.append(tr);
    });

    // Totals along the columns; none in a table by period (the hub gives no sum over a range of periods).
    const foot = element('tfoot');
    if (table.total) {
      const tr = element('tr');
      tr.append(element('th', { scope: 'row' }, 'total'));
      if (table.columns)
        for (const column of table.columnLabels) tr.append(countCell('td', byColumn.get(column), table.threshold));
      if (!table.columns || withRowTotals) tr.append(countCell('td', table.total, table.threshold));
      foot.append(tr);
    }

    const caption = element('caption', {}, `${table.statistic}, ${table.from} to ${table.to}`);
    const t = element('table');
    t.append(caption, element('thead'), body, foot);
    t.tHead.append(head);
    box.replaceChildren(t);
  }

  function csvLink(panel, table) {
    const url = URL.createObjectURL(new Blob([table.csv], { type: 'text/csv;charset=utf-8' }));
    csvUrls.push(url);
    return element(
      'a',
      { class: 'csv', href: url, download: `${panel.id}-${table.from}-${table.to}.csv` },
      'Download CSV',
    );
  }

  /** The panel's parts, made once: its problem line, chart, note on suppressed cells, table and CSV link. */
  function partsOf(panel) {
    const section = $(panel.id);
    if (!section.dataset.ready) {
      section.append(
        element('p', { class: 'problem', role: 'alert', hidden: '' }),
        element('div', { class: panel.horizontal ? 'chart tall' : 'chart' }),
        element('p', { class: 'note' }),
        element('div', { class: 'table' }),
        element('p', { class: 'download' }),
      );
      section.dataset.ready = 'yes';
    }
    const [problemLine, chart, note, table, download] = ['.problem', '.chart', '.note', '.table', '.download'].map(
      (s) => section.querySelector(s),
    );
    return { section, problemLine, chart, note, table, download };
  }

  function clearPanel(parts) {
    const old = parts.chart.querySelector('canvas');
    if (old && Chart.getChart(old)) Chart.getChart(old).destroy();
    parts.chart.replaceChildren();
    parts.table.replaceChildren();
    parts.download.replaceChildren();
    parts.note.textContent = '';
    parts.problemLine.hidden = true;
    parts.problemLine.textContent = '';
    parts.section.removeAttribute('aria-busy');
  }

  async function showPanel(panel, year, mine) {
    const parts = partsOf(panel);
    clearPanel(parts);
    parts.section.setAttribute('aria-busy', 'true');
    try {
      const data = await ask(`${panel.document}\n${TABLE}`, { q: panel.query(year) });
      if (mine !== generation) return;
      const table = data.table;
      drawChart(panel, parts.chart, table);
      parts.note.textContent = table.cells.some((c) => c.suppressed)
        ? `Hatched grey bars and cells marked "suppressed" are counts the hub does not publish: fewer than ` +
          `${table.threshold} people, or a count that would reveal such a one. They are unknown, not zero.`
        : `No count in this table is suppressed (counts from 1 to ${table.threshold - 1} would be).`;
      drawTable(parts.table, table);
      parts.download.append(csvLink(panel, table));
    } catch (err) {
      if (mine !== generation) return;
      if (refused(err)) throw err;
      parts.problemLine.textContent = `This table could not be shown. The hub answered: ${err.message}`;
      parts.problemLine.hidden = false;
    } finally {
      if (mine === generation) parts.section.removeAttribute('aria-busy');
    }
  }

  /** A refusal of the token itself, or of statistics to it: said once for the page, not under each chart. */
  function refused(err) {
    return err.status === 401 || ['UNAUTHENTICATED', 'UNAUTHORIZED_FIELD_OR_TYPE', 'FORBIDDEN'].includes(err.code);
  }

  function explainRefusal(err) {
    if (err.status === 401 || err.code === 'UNAUTHENTICATED') {
      return `The hub did not accept this token: ${err.message}. Paste a valid token (it may have expired).`;
    }
    const claims = claimsOf(token || '');
    const holder = claims.sub ? ` (${claims.sub}, ${[].concat(claims.roles || []).join(', ') || 'no role'})` : '';
    return (
      `This token${holder} may not read statistics. The hub refused: ${err.message}. ` +
      'Statistics need the stats:read scope, which analysts and ministry systems hold; ask for an analyst account.'
    );
  }

  async function showAll() {
    const mine = ++generation;
    for (const url of csvUrls) URL.revokeObjectURL(url);
    csvUrls = [];
    $('refusal').hidden = true;
    $('panels').hidden = false;
    // Busy until every table is answered and drawn (screen readers wait for it; so can a test, or a screenshot).
    $('panels').setAttribute('aria-busy', 'true');
    const year = Number($('year').value);
    const results = await Promise.allSettled(PANELS.map((p) => showPanel(p, year, mine)));
    if (mine !== generation) return;
    $('panels').removeAttribute('aria-busy');
    const refusal = results.find((r) => r.status === 'rejected');
    if (!refusal) return;
    $('refusal').textContent = explainRefusal(refusal.reason);
    $('refusal').hidden = false;
    $('panels').hidden = true;
    if (refusal.reason.status === 401 || refusal.reason.code === 'UNAUTHENTICATED') forget(false);
  }

  function signIn(pasted) {
    token = pasted.replace(/^bearer\s+/i, '').trim();
    const claims = claimsOf(token);
    const roles = [].concat(claims.roles || []).join(', ');
    const until = claims.exp ? `, until ${new Date(claims.exp * 1000).toLocaleString()}` : '';
    $('who').textContent = `${claims.sub || 'the holder of this token'}${roles ? ` (${roles})` : ''}${until}`;
    clearTimeout(expiryTimer);
    if (claims.exp) {
      // Forgotten when it expires: the gateway would refuse it from then on anyway.
      const left = claims.exp * 1000 - Date.now();
      expiryTimer = setTimeout(
        () => {
          forget(false);
          $('refusal').textContent = 'The token has expired and is forgotten. Paste a new one.';
          $('refusal').hidden = false;
        },
        Math.min(Math.max(left, 0), 2 ** 31 - 1),
      );
    }
    $('sign-in').hidden = true;
    $('signed-in').hidden = false;
    return showAll();
  }

  /** Drop the token and everything shown with it. */
  function forget(clearMessage) {
    token = null;
    generation++;
    clearTimeout(expiryTimer);
    for (const panel of PANELS) clearPanel(partsOf(panel));
    for (const url of csvUrls) URL.revokeObjectURL(url);
    csvUrls = [];
    $('panels').hidden = true;
    $('panels').removeAttribute('aria-busy');
    $('signed-in').hidden = true;
    $('sign-in').hidden = false;
    if (clearMessage) $('refusal').hidden = true;
    $('token').focus();
  }

  function start() {
    const { year } = kigaliToday();
    for (let y = year; y > year - 5; y--) $('year').append(element('option', { value: String(y) }, String(y)));
    $('sign-in').addEventListener('submit', (event) => {
      event.preventDefault();
      const pasted = $('token').value;
      $('token').value = '';
      if (pasted.trim()) signIn(pasted);
    });
    $('year').addEventListener('change', () => showAll());
    $('reload').addEventListener('click', () => showAll());
    $('sign-out').addEventListener('click', () => forget(true));
  }

  start();
})();
