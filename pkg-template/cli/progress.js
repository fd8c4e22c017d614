// An upload's progress on stderr, fed by `onUploadProgress` (the file's bytes
// sent, of its size): a bar redrawn in place on a terminal, or plain lines
// (one each tenth, and the end) when the output is piped into a file or a log
// that a redraw would garble. Both with the speed and the time left.
import { formatProgressLine, formatProgressText } from './format.js';

// A terminal redraw at most this often: a 100 MB upload reports thousands of chunks.
const REDRAW_MS = 100;
// The speed is that of the last few seconds, as the dashboard's, so that it
// follows the network; over less than a second it is noise (the first chunks
// only fill buffers), and it is not shown.
const SPEED_WINDOW_MS = 3000;
const SPEED_MIN_MS = 1000;

/** `{ add(loaded), rate() }`: bytes a second over the window, 0 while unknown. */
function createSpeed(now) {
  const samples = [{ t: now(), loaded: 0 }];
  return {
    add(loaded) {
      const t = now();
      samples.push({ t, loaded });
      // Keep one sample at or before the window's start, so a slow report still spans it.
      while (samples.length > 2 && samples[1].t <= t - SPEED_WINDOW_MS) samples.shift();
    },
    rate() {
      const first = samples[0];
      const last = samples[samples.length - 1];
      const span = last.t - first.t;
      return span >= SPEED_MIN_MS ? ((last.loaded - first.loaded) * 1000) / span : 0;
    },
  };
}

/**
 * `{ update, end }` for the upload of `label`: `update` takes
 * `{ loaded, total }`; `end` closes the bar's line (after success or failure).
 * `interactive` picks the bar; `now` is the clock (ms).
 */
export function createUploadProgress({ stream, interactive, label, now = () => performance.now() }) {
  const speed = createSpeed(now);
  let drawnAt = -Infinity;
  let drawn = false;
  let lastTenth = -1;
  let finished = false;

  function draw({ loaded, total }) {
    const line = formatProgressLine({ label, loaded, total, rate: speed.rate(), columns: stream.columns || 80 });
    stream.cursorTo(0);
    stream.write(line);
    stream.clearLine(1);
    drawn = true;
  }

  return {
    update({ loaded, total }) {
      if (finished || !(total > 0)) return;
      speed.add(loaded);
      const complete = loaded >= total;
      if (interactive) {
        if (complete || now() - drawnAt >= REDRAW_MS) {
          draw({ loaded, total });
          drawnAt = now();
        }
      } else {
        const tenth = Math.floor((Math.min(loaded, total) / total) * 10);
        if (tenth > lastTenth) {
          stream.write(formatProgressText({ label, loaded, total, rate: speed.rate() }) + '\n');
          lastTenth = tenth;
        }
      }
      if (complete) this.end();
    },
    end() {
      if (finished) return;
      finished = true;
      if (interactive && drawn) stream.write('\n');
    },
  };
}
