import type { Api } from './api';
import { h } from './dom';
import type { Hub } from './hub';
import { checkPanels, type Panel, type PanelContext, type Tone } from './panel';
import type { TokenStore } from './token';

export interface Services {
  readonly api: Api;
  readonly token: TokenStore;
  readonly hub: Hub;
  readonly confirm: (question: string, detail?: string) => Promise<boolean>;
}

/**
 * Lays the panels out in {@code root} in the given order and runs them: each gets its own section, context and
 * refresh loop. A panel's failure shows in its own status line; the others go on.
 */
export function compose(root: HTMLElement, panels: readonly Panel[], services: Services): void {
  checkPanels(panels);
  for (const panel of panels) {
    const status = h('span', { class: 'status', 'data-testid': `${panel.id}-status` });
    const body = h('div', { class: 'panel-body' });
    root.append(h('section', { class: panel.wide ? 'panel wide' : 'panel', 'data-panel': panel.id },
      h('header', {}, h('h2', {}, panel.title), status), body));
    const setStatus = (text: string, tone: Tone = 'muted') => {
      status.textContent = text;
      status.dataset.tone = tone;
    };
    const context: PanelContext = {
      api: services.api,
      token: services.token,
      on: (type, listener) => services.hub.on(type, (value) => {
        try {
          listener(value);
        } catch (e) {
          failed(panel, setStatus, e);
        }
      }),
      status: setStatus,
      confirm: services.confirm,
    };
    try {
      panel.mount(body, context);
    } catch (e) {
      failed(panel, setStatus, e);
      continue;
    }
    if (panel.update) run(panel, setStatus);
  }
}

/** Runs the panel's update now and then every refreshMs, never two at once, skipping while the page is hidden. */
function run(panel: Panel, setStatus: (text: string, tone?: Tone) => void): void {
  const tick = async () => {
    if (!document.hidden) {
      try {
        await panel.update!();
      } catch (e) {
        failed(panel, setStatus, e);
      }
    }
    if (panel.refreshMs !== undefined) setTimeout(tick, panel.refreshMs);
  };
  void tick();
}

function failed(panel: Panel, setStatus: (text: string, tone?: Tone) => void, error: unknown): void {
  setStatus('failed', 'error');
  // The page's own fault, not the node's: worth a line in the browser's console.
  console.error(`panel ${panel.id}:`, error);
}
