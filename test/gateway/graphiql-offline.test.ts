import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoCenters } from '../../services/shared/demo-plan.js';
import { type HeadlessBrowser, launchBrowser } from '../helpers/browser.js';
import { whenFileDone } from '../helpers/cleanup.js';
import { testDatabase } from '../helpers/database.js';
import { type Stack, startStack } from '../helpers/stack.js';

// GraphiQL in a real browser (Debian's headless Chromium) that may reach the gateway and nothing else: every request
// to another origin is aborted, and counts as a failure, as does any console error or failed request. The page
// renders, its editor takes a query, and the answer shows, so GraphiQL works on a machine with no internet.
//
// GraphiQL asks for the schema as soon as it opens. Without a token the gateway refuses that (introspection is for
// signed-in callers), so this gateway lets anonymous callers introspect, as ANONYMOUS_INTROSPECTION=true does: the
// public directory is then explored and queried without a token, as the README shows.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await testDatabase(), { graphiql: true, gateway: { anonymousIntrospection: true } });
});

// Launched by the first test that needs it, so that without Chromium each of them fails, saying why, rather than the
// file's setup failing and its tests being reported as skipped.
let launched: Promise<HeadlessBrowser> | undefined;
const browser = () => (launched ??= launchBrowser());

/**
 * Replace what a GraphiQL editor holds by pasting: typed text would have its brackets and quotes closed for it as it
 * goes, and the editor would then hold more than the text.
 */
async function write(page: Page, editor: Locator, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  // The editor draws what it holds at its next frame.
  await expect.poll(() => shown(editor)).toBe(text.replace(/\s+/g, ' '));
}

/** What an editor shows, its spaces plain and runs of them one. */
async function shown(editor: Locator): Promise<string> {
  return (await editor.locator('.view-lines').innerText()).replace(/\s+/g, ' ').trim();
}

/** GraphiQL's editors, each named by the model it edits. */
const editors = (page: Page) => ({
  operation: page.locator('.monaco-editor[data-uri$="-operation.graphql"]'),
  headers: page.locator('.monaco-editor[data-uri$="-request-headers.json"]'),
  result: page.locator('.monaco-editor[data-uri$="-response.json"]'),
});

/** Run the operation in the editor and wait for the gateway's answer to it. */
async function run(page: Page): Promise<{ body: unknown; headers: Record<string, string> }> {
  const answer = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.request().postDataJSON()?.operationName !== 'IntrospectionQuery',
  );
  await page.getByRole('button', { name: /^Execute query/ }).click();
  const res = await answer;
  expect(res.status()).toBe(200);
  return { body: await res.json(), headers: res.request().headers() };
}

describe('the browser the tests drive', () => {
  it('is Debian’s Chromium: without it the browser tests fail, saying how to install it', async () => {
    await expect(launchBrowser('/nonexistent/chromium')).rejects.toThrow(
      "Chromium is not installed at /nonexistent/chromium: the browser tests need Debian's Chromium. Run `apt-get install -y chromium`",
    );
  });

  it('lets a page reach its own origin only, and reports whatever goes wrong on it', async () => {
    const server = createServer((req, res) => {
      if (req.url !== '/') return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head>
        <link rel="stylesheet" href="https://cdn.example.invalid/graphiql.css">
        <script src="https://cdn.example.invalid/graphiql.js"></script>
        </head><body><img src="/missing.png"><script>throw new Error('boom')</script></body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    whenFileDone(() => new Promise((resolve) => server.close(() => resolve())));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const opened = await (await browser()).open(`${origin}/`);
    await opened.page.waitForLoadState('load');
    expect(opened.blocked.sort()).toEqual([
      'https://cdn.example.invalid/graphiql.css',
      'https://cdn.example.invalid/graphiql.js',
    ]);
    expect(opened.problems).toEqual(
      expect.arrayContaining([
        'request to another origin blocked: https://cdn.example.invalid/graphiql.css',
        'request to another origin blocked: https://cdn.example.invalid/graphiql.js',
        `answered 404: GET ${origin}/missing.png`,
        'uncaught exception: boom',
        expect.stringMatching(/^console error: Failed to load resource/),
      ]),
    );
    // Seen: this test expected them.
    opened.problems.length = 0;
  });
});

describe('GraphiQL with no internet', () => {
  it('renders from the gateway alone, and answers the public directory without a token', async () => {
    const { page, origin } = await (await browser()).open(stack.gatewayUrl);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const { operation, result } = editors(page);
    // The editor is there, holding the hub's example query.
    await expect.poll(() => shown(operation), { timeout: 20_000 }).toContain('centers { code name district }');

    await write(page, operation, '{ centers { code } }');
    const { body, headers } = await run(page);
    expect(headers.authorization).toBeUndefined();
    const centers = (body as { data: { centers: { code: string }[] } }).data.centers;
    expect(centers.map((c) => c.code).sort()).toEqual(
      demoCenters()
        .map((c) => c.code)
        .sort(),
    );
    expect(body).toEqual({ data: { centers } });
    // The answer shows in the result pane.
    await expect
      .poll(() => shown(result), { timeout: 10_000 })
      .toMatch(
        new RegExp(
          `^\\{ "data": \\{ "centers": \\[ \\{ "code": "${centers[0]!.code}" \\}, \\{ "code": "${centers[1]!.code}" \\}`,
        ),
      );
    // Everything the page asked for came from the gateway (anything else was aborted, and a problem).
    expect(requested.filter((u) => new URL(u).origin !== origin)).toEqual([]);
  });

  it('sends the token written in the Headers tab, and shows what it allows', async () => {
    const { page } = await (await browser()).open(stack.gatewayUrl);
    const { operation, headers, result } = editors(page);
    await expect.poll(() => shown(operation), { timeout: 20_000 }).toContain('centers');
    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await write(page, headers, JSON.stringify({ authorization: `Bearer ${await stack.token('admin')}` }));
    await write(page, operation, '{ center(code: "GASABO-1") { code safeRoom { beds } } }');
    const answer = await run(page);
    expect(answer.headers.authorization).toMatch(/^Bearer ey/);
    expect(answer.body).toEqual({ data: { center: { code: 'GASABO-1', safeRoom: { beds: 12 } } } });
    await expect
      .poll(() => shown(result), { timeout: 10_000 })
      .toBe('{ "data": { "center": { "code": "GASABO-1", "safeRoom": { "beds": 12 } } } }');
  });
});
