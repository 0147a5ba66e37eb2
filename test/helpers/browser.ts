import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { onTestFinished } from 'vitest';
import { whenFileDone } from './cleanup.js';

// Pages of the hub in a real browser: Debian's Chromium, headless, driven by playwright-core (which brings no browser
// of its own). A page may reach only the origin it was opened at: every request anywhere else is aborted before it
// leaves the browser, so a page that passes works with no internet. Whatever goes wrong on the page is a failure of
// the test that opened it, checked when that test finishes: an error on the console (a failed load, a refused
// policy, an error logged by the page's code), an uncaught exception, a request that failed or was aborted, an answer
// of 400 or more, and any request to another origin.

/** Debian's Chromium (`apt-get install -y chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

export interface OpenedPage {
  page: Page;
  /** The origin the page may reach. */
  origin: string;
  /** What went wrong on the page so far; the test fails when it finishes if this is not empty. */
  problems: string[];
  /** Requests to other origins, aborted (each one also a problem). */
  blocked: string[];
}

export interface HeadlessBrowser {
  /**
   * Open `url` in a fresh context (no cookies, storage or cache shared with another page), reaching its origin only.
   * Call it inside a test: the page is closed when the test finishes, and the test fails if anything went wrong on it.
   */
  open(url: string): Promise<OpenedPage>;
  close(): Promise<void>;
}

/** Chromium, launched once for a test file and closed after it. Fails, never skips, when Chromium is missing. */
export async function launchBrowser(executablePath = CHROMIUM): Promise<HeadlessBrowser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is not installed at ${executablePath}: the browser tests need Debian's Chromium. ` +
        'Run `apt-get install -y chromium` (as root), then run the tests again.',
    );
  }
  const browser: Browser = await chromium.launch({
    executablePath,
    headless: true,
    // As root (CI, containers) Chromium refuses to start with its sandbox; the pages are the hub's own.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const contexts = new Set<BrowserContext>();
  const closeContext = async (context: BrowserContext) => {
    contexts.delete(context);
    await context.close().catch(() => undefined);
  };
  const handle: HeadlessBrowser = {
    async open(url) {
      const origin = new URL(url).origin;
      const problems: string[] = [];
      const blocked: string[] = [];
      const context = await browser.newContext({ serviceWorkers: 'block' });
      contexts.add(context);
      onTestFinished(async () => {
        await closeContext(context);
        if (problems.length > 0) throw new Error(`the page at ${url} went wrong:\n  ${problems.join('\n  ')}`);
      });
      const local = (target: string) => {
        const u = new URL(target);
        // data: and blob: URLs are the page's own bytes, not requests to anyone.
        return u.protocol === 'data:' || u.protocol === 'blob:' || u.origin === origin;
      };
      const block = (kind: string, target: string) => {
        blocked.push(target);
        problems.push(`${kind} to another origin blocked: ${target}`);
      };
      await context.route('**/*', (route) => {
        const target = route.request().url();
        if (local(target)) return route.continue();
        block('request', target);
        return route.abort('blockedbyclient');
      });
      await context.routeWebSocket(
        () => true,
        (ws) => {
          if (new URL(ws.url().replace(/^ws/, 'http')).origin === origin) return ws.connectToServer();
          block('WebSocket', ws.url());
          return ws.close();
        },
      );
      const page = await context.newPage();
      // A page that never shows what a test waits for fails the test well within the test's own time.
      page.setDefaultTimeout(15_000);
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
      page.on('requestfailed', (r) => {
        // A blocked request is already named as such.
        if (local(r.url())) problems.push(`request failed: ${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`answered ${r.status()}: ${r.request().method()} ${r.url()}`);
      });
      // An answer of 400 or more is reported by the listener above.
      if (!(await page.goto(url))) problems.push(`opening ${url} got no answer`);
      return { page, origin, problems, blocked };
    },
    async close() {
      for (const context of [...contexts]) await closeContext(context);
      await browser.close();
    },
  };
  whenFileDone(() => handle.close());
  return handle;
}
