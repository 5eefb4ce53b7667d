import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-path';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/**
 * One Chromium for a test file: launched before its tests, closed after them. Call at the top of the file;
 * the getter returns the browser inside tests.
 */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is used before beforeAll launched it');
    return browser;
  };
}

export function appURL(search = ''): string {
  const base = inject('baseURL');
  return search ? `${base}?${search.replace(/^\?/, '')}` : base;
}

/** Console noise that is not ours (see docs/backends.md#console-noise). */
const IGNORED_CONSOLE = [/favicon\.ico/, /\[vite\]/];

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
}

/** Records console errors and uncaught page errors for a page. */
export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !IGNORED_CONSOLE.some((re) => re.test(msg.text()))) {
      problems.consoleErrors.push(msg.text());
    }
  });
  page.on('pageerror', (err) => problems.pageErrors.push(err.message));
  return problems;
}
