import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it); NUMLINK_TEST_CHROMIUM names another binary. */
const CHROMIUM = process.env.NUMLINK_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Whether a real browser can run here; in CI it must, elsewhere the browser tests say why they skip. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true')
    throw new Error(`CI=true but no Chromium at ${CHROMIUM}: the console's browser tests cannot run`);
  console.warn(
    `Console browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set NUMLINK_TEST_CHROMIUM)`,
  );
  return false;
}

/** Headless Chromium with the flags this sandbox needs (no background network, no sandbox as root). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
