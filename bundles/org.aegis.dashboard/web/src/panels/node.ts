import { h, showFailure } from '../dom';
import type { Panel, PanelContext } from '../panel';

interface NodeView {
  readonly peer_id: string;
  readonly version: string;
  readonly started_at: string;
  readonly uptime_seconds: number;
}

interface NetworkStatus {
  readonly peer_id: string;
  readonly transport: string | null;
  readonly listen_addresses: string[];
  readonly peer_count: number;
}

export function uptime(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return d > 0 ? `${d} d ${hours} h` : hours > 0 ? `${hours} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** What this node is: peer id, version, uptime, transport and where peers reach it. */
export function nodePanel(): Panel {
  let context: PanelContext;
  let body: HTMLElement;
  return {
    id: 'node',
    title: 'Node',
    refreshMs: 10_000,
    mount(element, ctx) {
      context = ctx;
      body = element;
    },
    async update() {
      const [node, network] = await Promise.all([
        context.api.get<NodeView>('/api/v1/node'),
        context.api.get<NetworkStatus>('/api/network/status'),
      ]);
      if (showFailure(node, body, context) || !node.data) return;
      const n = node.data;
      document.querySelector('[data-testid="node-id"]')!.textContent = n.peer_id;
      const net = network.data;
      context.status(`up ${uptime(n.uptime_seconds)}`, 'ok');
      body.replaceChildren(h('dl', { class: 'facts' },
        h('dt', {}, 'Peer id'), h('dd', { class: 'id' }, n.peer_id),
        h('dt', {}, 'Version'), h('dd', {}, n.version),
        h('dt', {}, 'Started'), h('dd', {}, new Date(n.started_at).toLocaleString()),
        h('dt', {}, 'Transport'), h('dd', {}, net ? net.transport ?? 'none installed' : network.error),
        h('dt', {}, 'Listening'), h('dd', { class: 'id' }, net && net.listen_addresses.length ? net.listen_addresses.join(' ') : '–')));
    },
  };
}
