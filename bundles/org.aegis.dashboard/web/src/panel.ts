import type { Api } from './api';
import type { HubEvents, Listener } from './hub';
import type { TokenStore } from './token';

export type Tone = 'ok' | 'warn' | 'error' | 'muted';

/** What a panel gets from the page: the API, the live stream's events, its own status line, a confirmation step. */
export interface PanelContext {
  readonly api: Api;
  readonly token: TokenStore;
  on<K extends keyof HubEvents>(type: K, listener: Listener<HubEvents[K]>): void;
  /** The short status beside the panel's title, e.g. "not installed". */
  status(text: string, tone?: Tone): void;
  /** Asks the user to confirm an action; resolves true when confirmed. */
  confirm(question: string, detail?: string): Promise<boolean>;
}

/**
 * One panel of the dashboard, in its own module. The page gives it an element to fill ({@link mount}, once) and
 * calls {@link update} every {@link refreshMs} while the page is visible; live data comes through
 * {@link PanelContext.on}. A panel that throws shows the error in its own status line and never stops the others.
 */
export interface Panel {
  /** Unique; also the panel's {@code data-panel} attribute. */
  readonly id: string;
  readonly title: string;
  /** Wide panels take two columns on a wide screen. */
  readonly wide?: boolean;
  readonly refreshMs?: number;
  mount(body: HTMLElement, context: PanelContext): void;
  update?(): Promise<void> | void;
}

/** A panel module's export: a fresh panel per page, so that panels keep their state in themselves. */
export type PanelFactory = () => Panel;

/** Checks that ids are unique before anything is drawn. */
export function checkPanels(panels: readonly Panel[]): void {
  const seen = new Set<string>();
  for (const panel of panels) {
    if (!/^[a-z][a-z0-9-]*$/.test(panel.id)) throw new Error(`panel id '${panel.id}' must be lower-case letters, digits and '-'`);
    if (seen.has(panel.id)) throw new Error(`two panels have the id '${panel.id}'`);
    if (panel.refreshMs !== undefined && !(panel.refreshMs >= 100)) {
      throw new Error(`panel '${panel.id}' refreshes every ${panel.refreshMs} ms; 100 ms is the least`);
    }
    seen.add(panel.id);
  }
}
