// Headless Chromium for the tests and the bench: the system's (CHROMIUM, by
// default /usr/bin/chromium, which `make setup` installs), driven by
// playwright-core, which brings no browser of its own. A missing Chromium
// fails the suites that need it; it never skips them (required.mjs).
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { requireExecutable } from './required.mjs';

// The one list of Chromium's flags: webdriver.json, the file wasm-pack test
// hands to chromedriver. Headless, and no sandbox: Chromium refuses to run
// sandboxed as root, as in containers and CI.
const WEBDRIVER = new URL('../../webdriver.json', import.meta.url);
export const CHROMIUM_ARGS = Object.freeze(JSON.parse(readFileSync(WEBDRIVER, 'utf8'))['goog:chromeOptions'].args);

export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium() {
  requireExecutable(CHROMIUM_PATH, 'Chromium', "run `make setup` (Debian's chromium) or set CHROMIUM to a Chromium binary");
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
