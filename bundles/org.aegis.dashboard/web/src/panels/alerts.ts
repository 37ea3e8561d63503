import { h, table, showFailure } from '../dom';
import type { Panel, PanelContext } from '../panel';

/** One of the node's own alerts, as GET /api/v1/alerts lists them (oldest first). */
export interface AlertView {
  readonly time: string;
  readonly kind: string;
  readonly severity: 'critical' | 'warning' | 'resolved';
  readonly message: string;
}

/** Topics of the node's alert events on /ws (NodeEvent.ALERT_TOPIC_PREFIX). */
export const ALERT_EVENT_PREFIX = 'aegis/alert/';
const SHOWN = 20;

/** The panel's status: the newest alert's severity, unless it resolved the one before; quiet with none. */
export function alertStatus(alerts: readonly AlertView[]): { text: string; tone: 'ok' | 'warn' | 'error' } {
  const newest = alerts[alerts.length - 1];
  if (!newest || newest.severity === 'resolved') return { text: alerts.length ? 'resolved' : 'quiet', tone: 'ok' };
  return { text: newest.severity, tone: newest.severity === 'critical' ? 'error' : 'warn' };
}

/** The node's own alerts (health changes, view changes, lost peers), newest first, refreshed as they happen. */
export function alertsPanel(): Panel {
  let context: PanelContext;
  let body: HTMLElement;
  return {
    id: 'alerts',
    title: 'Alerts',
    refreshMs: 30000,
    mount(element, ctx) {
      context = ctx;
      body = element;
      ctx.on('event', (event) => {
        if (event.event.startsWith(ALERT_EVENT_PREFIX)) void this.update!();
      });
    },
    async update() {
      const reply = await context.api.get<AlertView[]>('/api/v1/alerts');
      if (!reply.ok || !reply.data) {
        showFailure(reply, body, context);
        return;
      }
      const status = alertStatus(reply.data);
      context.status(status.text, status.tone);
      const newest = reply.data.slice(-SHOWN).reverse();
      body.replaceChildren(h('div', { 'data-testid': 'alerts' }, table(['Time', 'Severity', 'Alert'], newest.map((a) => [
        new Date(a.time).toLocaleTimeString(), h('span', { class: `badge ${a.severity}` }, a.severity), a.message,
      ]), 'no alert since the node started')));
    },
  };
}
