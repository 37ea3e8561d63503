import { h, table, showFailure } from '../dom';
import type { Panel, PanelContext } from '../panel';

interface HealthView {
  readonly status: 'healthy' | 'degraded' | 'unhealthy';
  readonly components: Record<string, { status: string; detail: string }>;
}

/** The node's components and their health; /api/health answers 503 with the same body when something is down. */
export function healthPanel(): Panel {
  let context: PanelContext;
  let body: HTMLElement;
  return {
    id: 'health',
    title: 'Health',
    refreshMs: 5000,
    mount(element, ctx) {
      context = ctx;
      body = element;
    },
    async update() {
      const reply = await context.api.get<HealthView>('/api/health');
      const health = reply.data;
      if (!health || !health.components) {
        showFailure(reply, body, context);
        return;
      }
      context.status(health.status, health.status === 'healthy' ? 'ok' : health.status === 'degraded' ? 'warn' : 'error');
      body.replaceChildren(table(['Component', 'State', 'Detail'], Object.entries(health.components).map(([name, c]) => [
        name, h('span', { class: `badge ${c.status}` }, c.status), c.detail,
      ])));
    },
  };
}
