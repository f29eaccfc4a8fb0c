// Every element the console builds goes through el(): children are appended as nodes or as text, never parsed as
// HTML, so a comment holding markup shows as those characters. Nothing here assigns innerHTML.

export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function byId(id) {
  return document.getElementById(id);
}

/** A table with a header row and one row per item; a cell is text, a node, or null for empty. */
export function table(element, headings, rows) {
  const head = el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col' }, h))));
  const body = el('tbody', {}, rows.length
    ? rows
    : el('tr', {}, el('td', { colspan: headings.length, class: 'muted' }, 'Nothing yet.')));
  fill(element, head, body);
}
