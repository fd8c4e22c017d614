// The XMLHttpRequest plumbing of `transport::xhr` (xhr.rs beside it imports
// this by `#[wasm_bindgen(module)]`): its handlers here rather than as six
// wasm closures, which weighed more (docs/DESIGN.md, Platform plumbing in JS).

/**
 * How a request sent by `sendXhr` ended.
 * @typedef {'load' | 'error' | 'timeout' | 'abort' | 'too_large'} Ending
 */

/**
 * Sends the opened request with `body` and resolves, its handlers gone, to
 * how it ended; `too_large` when the answer passed `cap` bytes (given up as
 * it came), `abort` when the caller's signal fired.
 * @param {XMLHttpRequest} xhr
 * @param {Blob} body
 * @param {number} timeout  milliseconds
 * @param {AbortSignal | undefined} signal
 * @param {(loaded: number) => void} onSent  told the body's bytes sent so far
 * @param {number} cap
 * @returns {Promise<Ending>}
 */
export function sendXhr(xhr, body, timeout, signal, onSent, cap) {
  return new Promise((resolve) => {
    let tooLarge = false;
    const abort = () => xhr.abort();
    /** @param {Exclude<Ending, 'too_large'>} how */
    const end = (how) => () => {
      xhr.onload = xhr.onerror = xhr.ontimeout = xhr.onabort = xhr.onprogress = null;
      xhr.upload.onprogress = null;
      if (signal) signal.removeEventListener('abort', abort);
      resolve(how === 'abort' && tooLarge ? 'too_large' : how);
    };
    xhr.timeout = timeout;
    xhr.onload = end('load');
    xhr.onerror = end('error');
    xhr.ontimeout = end('timeout');
    xhr.onabort = end('abort');
    xhr.upload.onprogress = (event) => onSent(event.loaded);
    xhr.onprogress = (event) => {
      if (event.loaded > cap) {
        tooLarge = true;
        xhr.abort();
      }
    };
    if (signal) signal.addEventListener('abort', abort);
    try {
      xhr.send(body);
    } catch {
      end('error')();
    }
  });
}
