import { availability, type Reply } from './api';
import type { PanelContext } from './panel';

type Child = Node | string | number | null | undefined | false;

/** Creates an element; attributes starting with "on" are not supported on purpose (listeners are added in code). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false)
    .map((c) => (typeof c === 'number' ? String(c) : c)));
  return element;
}

export function fixed(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** A peer id shortened for a table cell; the whole id is in the title. */
export function shortId(id: string | null | undefined): HTMLElement {
  const text = id ?? '–';
  return h('span', { class: 'id', title: text }, text.length > 16 ? `${text.slice(0, 8)}…${text.slice(-6)}` : text);
}

export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<Child>>, empty = 'none'): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'muted' }, empty);
  return h('div', { class: 'scroll' }, h('table', {},
    h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', {}, header)))),
    h('tbody', {}, ...rows.map((row) => h('tr', {}, ...row.map((cell) => h('td', {}, cell)))))));
}

/**
 * Shows a failed reply in the panel: "not installed" or "unavailable" with the API's reason, or the error.
 * Returns whether the reply failed, so that callers can stop there.
 */
export function showFailure(reply: Reply<unknown>, body: HTMLElement, context: PanelContext): boolean {
  if (reply.ok) return false;
  const state = availability(reply);
  context.status(state === 'error' ? (reply.status ? `error ${reply.status}` : 'no answer') : state,
    state === 'error' ? 'error' : 'muted');
  body.replaceChildren(h('p', { class: `muted unavailable`, 'data-availability': state }, reply.error));
  return true;
}

/** The message shown when the API refuses an action: its own words and the status. */
export function refusal(reply: Reply<unknown>): string {
  return reply.status ? `${reply.status}: ${reply.error}` : reply.error;
}
