// Building elements without HTML strings: text goes in as text, always. Server
// strings (file names, error messages) can hold markup and must never be parsed.

const FORBIDDEN = new Set(['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'srcdoc']);

/**
 * `el('button', { className: 'x', text: 'Delete', type: 'button', on: { click } }, ...children)`.
 * `text` sets textContent; `dataset` and `on` take objects; names with a dash
 * (aria-*, data-*) are attributes; other names are properties (type, title, disabled…).
 * Children are nodes or strings (added as text); null and false are skipped.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (FORBIDDEN.has(key)) throw new TypeError(`el(): ${key} is not allowed`);
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (key.includes('-')) node.setAttribute(key, value === true ? '' : String(value));
    else node[key] = value;
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
}

/** A `<button type="button">`. */
export function button(props, ...children) {
  return el('button', { type: 'button', ...props }, ...children);
}

const SVG = 'http://www.w3.org/2000/svg';

// Stroke icons, 24×24, drawn for this page.
const ICONS = {
  copy: ['M9 9h10v11H9z', 'M5 15V4h10'],
  trash: ['M4 7h16', 'M9 7V4h6v3', 'M6.5 7l1 13h9l1-13', 'M10 11v6', 'M14 11v6'],
  upload: ['M12 16V4', 'M7 9l5-5 5 5', 'M4 15v5h16v-5'],
  download: ['M12 4v12', 'M7 11l5 5 5-5', 'M4 15v5h16v-5'],
  refresh: ['M20 11a8 8 0 1 0-2.3 5.7', 'M20 4v7h-7'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  file: ['M6 3h8l4 4v14H6z', 'M14 3v4h4', 'M9 12h6', 'M9 16h6'],
  search: ['M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13z', 'M15.5 15.5L20 20'],
  alert: ['M12 4l9 16H3z', 'M12 10v4', 'M12 17v.5'],
};

/** An inline SVG icon, hidden from assistive technology (its button has the label). */
export function icon(name, className = 'icon') {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', className);
  for (const d of ICONS[name] ?? []) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}
