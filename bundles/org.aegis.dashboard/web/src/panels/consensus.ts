import { h, shortId, showFailure, table } from '../dom';
import type { Panel, PanelContext } from '../panel';

export interface ConsensusView {
  readonly view: number;
  readonly primary: string;
  readonly last_committed: number;
  readonly stable_checkpoint: number;
  readonly epoch: number;
  readonly validators: Array<{ peer_id: string; weight: number }>;
  readonly total_weight: number;
  readonly quorum_weight: number;
  readonly fault_tolerance_weight: number;
  readonly fault_tolerance_count: number;
  readonly view_change_in_progress: boolean;
}

/** The consensus engine's state: view and primary, progress, validators and their weights, fault tolerance. */
export function consensusPanel(): Panel {
  let context: PanelContext;
  let body: HTMLElement;
  return {
    id: 'consensus',
    title: 'Consensus',
    refreshMs: 2000,
    mount(element, ctx) {
      context = ctx;
      body = element;
      ctx.on('event', (event) => {
        if (event.event.startsWith('aegis/consensus/')) void this.update!();
      });
    },
    async update() {
      const reply = await context.api.get<ConsensusView>('/api/v1/consensus');
      if (showFailure(reply, body, context) || !reply.data) return;
      const c = reply.data;
      context.status(c.view_change_in_progress ? 'view change' : `view ${c.view}`, c.view_change_in_progress ? 'warn' : 'ok');
      body.replaceChildren(
        h('dl', { class: 'facts', 'data-testid': 'consensus-state' },
          h('dt', {}, 'Primary'), h('dd', {}, shortId(c.primary)),
          h('dt', {}, 'Last committed'), h('dd', { 'data-testid': 'last-committed' }, c.last_committed),
          h('dt', {}, 'Stable checkpoint'), h('dd', {}, c.stable_checkpoint),
          h('dt', {}, 'Epoch'), h('dd', {}, c.epoch),
          h('dt', {}, 'Quorum'), h('dd', {}, `${c.quorum_weight} of ${c.total_weight}`),
          h('dt', {}, 'Tolerates'), h('dd', {}, `${c.fault_tolerance_count} faulty (weight ${c.fault_tolerance_weight})`)),
        table(['Validator', 'Weight', 'Share'], c.validators.map((v) => [
          shortId(v.peer_id), v.weight, c.total_weight ? `${((100 * v.weight) / c.total_weight).toFixed(1)} %` : '–',
        ]), 'no validators'));
    },
  };
}
