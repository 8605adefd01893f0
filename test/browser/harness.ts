/**
 * Real headless Chromium for the browser tests (Debian's /usr/bin/chromium through playwright-core).
 * A machine without Chromium fails these tests with a message that says how to install it — they never
 * skip silently. Screenshots go to `test-artifacts/` at the repository root (gitignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { defaultChromiumPath, launchChromium } from '../../src/server/chromium.ts';

export const artifactsDir = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  const executable = process.env['RATCHET_CHROMIUM'] ?? defaultChromiumPath;
  if (!existsSync(executable)) {
    throw new Error(
      `The browser tests need Chromium at ${executable}, and it is missing. Install it with ` +
        '`apt-get install chromium` (scripts/test.sh installs it on fresh Debian machines), ' +
        'or point RATCHET_CHROMIUM at a Chromium binary.',
    );
  }
  return launchChromium(executable);
}

/** Saves a screenshot as `test-artifacts/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** What a page did that a test may want to forbid: dialogs opened, page errors, CSP violations. */
export interface PageWatch {
  readonly dialogs: string[];
  readonly errors: string[];
  readonly cspViolations: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { dialogs: [], errors: [], cspViolations: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      watch.cspViolations.push(message.text());
    else if (message.type() === 'error') watch.errors.push(message.text());
  });
  return watch;
}
