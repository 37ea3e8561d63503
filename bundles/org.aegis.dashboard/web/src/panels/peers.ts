import { fixed, h, refusal, shortId, showFailure, table } from '../dom';
import type { MetricsMessage } from '../messages';
import type { Panel, PanelContext } from '../panel';

interface PeerView {
  readonly peer_id: string;
  readonly addresses: string[];
  readonly protocols: string[];
  readonly latency_ms: number | null;
}

interface IntegrationView {
  readonly local: MetricsMessage;
  readonly peers: MetricsMessage[];
  readonly weights: Array<{ node_id: string; consciousness_level: number; weight: number }>;
  readonly total_weight: number;
  readonly fault_tolerance: number;
}

/** The connected peers with their latency, consciousness level C and vote weight; operators connect new ones. */
export function peersPanel(): Panel {
  let context: PanelContext;
  let list: HTMLElement;
  let result: HTMLElement;

  async function connect(address: string): Promise<void> {
    if (!address) {
      result.textContent = 'Enter a multiaddr such as /ip4/127.0.0.1/tcp/4002/p2p/12D3KooW…';
      return;
    }
    if (!(await context.confirm('Connect this node to the peer?', address))) return;
    result.textContent = 'connecting…';
    const reply = await context.api.post<PeerView>('/api/v1/peers', { address });
    result.textContent = reply.ok && reply.data ? `connected to ${reply.data.peer_id}` : `refused: ${refusal(reply)}`;
    result.dataset.outcome = reply.ok ? 'ok' : 'refused';
  }

  return {
    id: 'peers',
    title: 'Peers',
    refreshMs: 3000,
    mount(body, ctx) {
      context = ctx;
      list = h('div', { 'data-testid': 'peers' });
      const input = h('input', { name: 'address', placeholder: '/ip4/…/tcp/…/p2p/12D3KooW…', spellcheck: 'false',
        autocomplete: 'off', 'aria-label': 'Peer multiaddr' });
      const form = h('form', { class: 'action' }, input, h('button', { type: 'submit' }, 'Connect'));
      result = h('p', { class: 'result', 'data-testid': 'connect-result', 'aria-live': 'polite' });
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        void connect(input.value.trim());
      });
      body.append(list, h('details', {}, h('summary', {}, 'Connect a peer (operator)'), form, result));
    },
    async update() {
      const [peers, integration] = await Promise.all([
        context.api.get<PeerView[]>('/api/v1/peers'),
        context.api.get<IntegrationView>('/api/metrics/integration'),
      ]);
      if (showFailure(peers, list, context) || !peers.data) return;
      const weights = new Map((integration.data?.weights ?? []).map((w) => [w.node_id, w]));
      const self = integration.data?.local.node_id;
      const own = self ? weights.get(self) : undefined;
      context.status(`${peers.data.length} connected`, peers.data.length ? 'ok' : 'muted');
      const rows = peers.data.map((peer) => {
        const w = weights.get(peer.peer_id);
        return [shortId(peer.peer_id), h('span', { class: 'id' }, peer.addresses[0] ?? '–'),
          peer.latency_ms === null ? '–' : `${fixed(peer.latency_ms, 1)} ms`, fixed(w?.consciousness_level), w?.weight ?? '–'];
      });
      list.replaceChildren(
        table(['Peer', 'Address', 'Latency', 'C', 'Weight'], rows, 'no peer connected'),
        h('p', { class: 'muted small' }, own
          ? `This node: C ${fixed(own.consciousness_level)}, weight ${own.weight} of ${integration.data!.total_weight};`
            + ` tolerates ${integration.data!.fault_tolerance} faulty`
          : integration.ok ? '' : `Weights: ${integration.error}`));
    },
  };
}
