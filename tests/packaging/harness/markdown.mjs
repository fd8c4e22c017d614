// What the README tests read from a Markdown file: its fenced code blocks,
// each named by the heading above it, and its tables' cells and code spans.
import fs from 'node:fs';

const headingText = (line) => line.replace(/^#+\s*/, '').replaceAll('`', '').trim();

/**
 * The fenced code blocks of `file`, in order: { name, lang, code, line }.
 * `name` is the text of the nearest heading above (backticks dropped), with
 * ` #2`, ` #3`... for the second and later blocks under the same heading;
 * `line` is the block's first line of code (1-based), for messages.
 */
export function codeBlocks(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const blocks = [];
  const underHeading = new Map();
  let heading = '(top)';
  for (let i = 0; i < lines.length; i += 1) {
    const fence = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!fence) {
      if (/^#{1,6}\s/.test(lines[i])) heading = headingText(lines[i]);
      continue;
    }
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end].startsWith(fence[1])) end += 1;
    const count = (underHeading.get(heading) ?? 0) + 1;
    underHeading.set(heading, count);
    blocks.push({
      name: count === 1 ? heading : `${heading} #${count}`,
      lang: fence[2].toLowerCase(),
      code: lines.slice(start, end).join('\n') + '\n',
      line: start + 1,
    });
    i = end;
  }
  return blocks;
}

/** The rows of the first table under the heading `name` (as codeBlocks names it): arrays of cell text. */
export function tableRows(file, name) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((line) => /^#{1,6}\s/.test(line) && headingText(line) === name);
  if (at < 0) throw new Error(`${file}: no heading "${name}"`);
  const rows = [];
  for (const line of lines.slice(at + 1)) {
    if (/^#{1,6}\s/.test(line)) break;
    if (!line.startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    // `\|` is a pipe inside a cell.
    const cells = line.slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined).split(/(?<!\\)\|/);
    rows.push(cells.map((cell) => cell.replaceAll('\\|', '|').trim()));
  }
  // Less the header and the |---| line.
  return rows.slice(2);
}

/** The `code spans` of a piece of Markdown. */
export const codeSpans = (text) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
