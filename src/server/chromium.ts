/**
 * Headless Chromium for `report --png` and the browser tests: Debian's `/usr/bin/chromium`, driven by
 * playwright-core (never a downloaded browser).
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { RatchetError } from '../core/errors.ts';

export const defaultChromiumPath = '/usr/bin/chromium';

/** Flags that keep Chromium quiet, offline and working as root in a container. */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium executable, or an error that says how to get one. */
export function findChromium(executablePath: string = defaultChromiumPath): string {
  if (!existsSync(executablePath)) {
    throw new RatchetError('not-found', `no Chromium at ${executablePath}`, {
      hint: 'install it (Debian/Ubuntu: `apt-get install chromium`), or set RATCHET_CHROMIUM to its path',
    });
  }
  return executablePath;
}

/** Launches headless Chromium (loaded lazily: only `report --png` and tests need playwright-core). */
export async function launchChromium(executablePath?: string): Promise<Browser> {
  const path = findChromium(executablePath);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: path, args: chromiumFlags, headless: true });
}
