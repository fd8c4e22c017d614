// An upload's progress on stderr, fed by `onUploadProgress`: a bar redrawn
// in place on a terminal, or plain lines (one each tenth, and the end) when
// the output is piped into a file or a log that a redraw would garble.
import { formatProgressLine, formatProgressText } from './format.js';

// A terminal redraw at most this often: a 100 MB upload reports thousands of chunks.
const REDRAW_MS = 100;

/**
 * `{ update, end }` for the upload of `label`: `update` takes
 * `{ loaded, total }`; `end` closes the bar's line (after success or failure).
 * `interactive` picks the bar; `now` is the clock (ms).
 */
export function createUploadProgress({ stream, interactive, label, now = () => performance.now() }) {
  const started = now();
  let drawnAt = -Infinity;
  let drawn = false;
  let lastTenth = -1;
  let finished = false;

  function draw({ loaded, total }) {
    const line = formatProgressLine({ label, loaded, total, elapsedMs: now() - started, columns: stream.columns || 80 });
    stream.cursorTo(0);
    stream.write(line);
    stream.clearLine(1);
    drawn = true;
  }

  return {
    update({ loaded, total }) {
      if (finished || !(total > 0)) return;
      const complete = loaded >= total;
      if (interactive) {
        if (complete || now() - drawnAt >= REDRAW_MS) {
          draw({ loaded, total });
          drawnAt = now();
        }
      } else {
        const tenth = Math.floor((Math.min(loaded, total) / total) * 10);
        if (tenth > lastTenth) {
          stream.write(formatProgressText({ label, loaded, total }) + '\n');
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
