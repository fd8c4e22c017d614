// Opens a URL, or a page's file by its path, in the default browser, as the
// platform does it (open, start, xdg-open). Not opening is no error: the
// caller has printed the URL.
import { spawn } from 'node:child_process';

/**
 * @param {string} url
 * @param {string} platform
 * @returns {[string, string[], import('node:child_process').SpawnOptions?]}
 */
function opener(url, platform) {
  if (platform === 'darwin') return ['open', [url]];
  // start's first quoted argument is a window title; the URL holds no `&` or `^`.
  if (platform === 'win32') return ['cmd', ['/d', '/s', '/c', `start "" "${url}"`], { windowsVerbatimArguments: true }];
  return ['xdg-open', [url]];
}

/**
 * Asks the platform to open `url`, and leaves the opener to run on its own
 * (xdg-open may stay until the browser it started exits). `onFail()` runs
 * if there is no opener or it fails.
 */
export function openBrowser(url, { onFail = () => {}, platform = process.platform } = {}) {
  const [command, args, options = {}] = opener(url, platform);
  let child;
  try {
    child = spawn(command, args, { ...options, stdio: 'ignore', detached: true });
  } catch {
    return onFail();
  }
  child.once('error', () => onFail());
  child.once('exit', (code) => {
    if (code !== 0) onFail();
  });
  child.unref();
}
