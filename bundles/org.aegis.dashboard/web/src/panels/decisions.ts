import { DecisionLog, type DecisionEntry } from '../decisions';
import { h, refusal, shortId, showFailure, table } from '../dom';
import { DECIDED_EVENT } from '../messages';
import type { Panel, PanelContext } from '../panel';
import type { ConsensusView } from './consensus';

interface ProposalView {
  readonly id: string;
  readonly kind: string;
  readonly state: 'pending' | 'ordered' | 'decided' | 'rejected';
  readonly sequence: number;
  readonly voted_weight: number;
  readonly quorum_weight: number;
  readonly reason: string | null;
}

const SHOWN = 20;
const PAGE = 1000;
const KINDS = ['config', 'model-version', 'validators', 'note'];

/**
 * Recent decisions, live from the stream's decided events and caught up from the log after any gap; the proposals
 * made from this page until they are decided; and the form that makes them (operators).
 */
export function decisionsPanel(): Panel {
  const log = new DecisionLog(SHOWN);
  const open = new Map<string, ProposalView>();
  let context: PanelContext;
  let list: HTMLElement;
  let openList: HTMLElement;
  let result: HTMLElement;
  let catchingUp: Promise<void> | undefined;

  function render(): void {
    list.replaceChildren(table(['#', 'Kind', 'Proposal', 'Proposer', 'Outcome'], log.recent().map((d) => [
      String(d.sequence), d.kind ?? '–', h('span', { class: 'id', title: d.proposal_id ?? '' }, d.proposal_id ?? '–'),
      shortId(d.proposer), d.status ? h('span', { class: 'badge', title: d.detail ?? '' }, d.status.toLowerCase()) : '–',
    ]), 'no decision yet'));
    list.querySelector('tbody')?.setAttribute('data-testid', 'decision-rows');
    openList.replaceChildren(...(open.size === 0 ? [] : [h('h3', {}, 'Open proposals'),
      table(['Proposal', 'Kind', 'State', 'Votes'], [...open.values()].map((p) => [
        h('span', { class: 'id' }, p.id), p.kind, p.state, `${p.voted_weight} / ${p.quorum_weight}`]))]));
  }

  /** Fetches every decision from {@code from} on, page by page; one catch-up at a time. */
  function catchUp(from: number): Promise<void> {
    catchingUp ??= (async () => {
      try {
        let next = from;
        for (;;) {
          const reply = await context.api.get<DecisionEntry[]>(`/api/v1/decisions?from=${next}&limit=${PAGE}`);
          if (showFailure(reply, list, context) || !reply.data) return;
          log.add(reply.data);
          context.status(`${log.lastSeen} decided`, 'ok');
          if (reply.data.length < PAGE) break;
          next = log.next;
        }
        render();
      } finally {
        catchingUp = undefined;
      }
    })();
    return catchingUp;
  }

  async function start(): Promise<void> {
    const state = await context.api.get<ConsensusView>('/api/v1/consensus');
    if (showFailure(state, list, context) || !state.data) return;
    await catchUp(Math.max(1, state.data.last_committed - SHOWN + 1));
  }

  function decided(entry: DecisionEntry): void {
    const gap = log.skipsAhead(entry.sequence);
    const from = log.next;
    log.add([entry]);
    if (entry.proposal_id) open.delete(entry.proposal_id);
    context.status(`${log.lastSeen} decided`, 'ok');
    render();
    if (gap) void catchUp(from);
  }

  async function propose(kind: string, payloadText: string, id: string): Promise<void> {
    let payload: unknown;
    try {
      payload = JSON.parse(payloadText);
    } catch (e) {
      result.textContent = `The payload is not JSON: ${(e as Error).message}`;
      result.dataset.outcome = 'invalid';
      return;
    }
    const request = id ? { id, kind, payload } : { kind, payload };
    if (!(await context.confirm(`Propose a ${kind} change to the network?`, JSON.stringify(request, null, 2)))) return;
    result.textContent = 'proposing…';
    result.dataset.outcome = 'waiting';
    const reply = await context.api.post<ProposalView>('/api/v1/proposals?wait=5', request);
    const p = reply.data;
    if (reply.status === 201 && p) {
      result.textContent = `Decided: ${p.id} at sequence ${p.sequence}`;
      result.dataset.outcome = 'decided';
      await catchUp(log.next);
    } else if (reply.status === 202 && p) {
      open.set(p.id, p);
      result.textContent = `Pending: ${p.id} (${p.state}); it shows under open proposals until it is decided`;
      result.dataset.outcome = 'pending';
      render();
    } else {
      result.textContent = `Refused: ${refusal(reply)}`;
      result.dataset.outcome = 'refused';
    }
  }

  return {
    id: 'decisions',
    title: 'Decisions',
    wide: true,
    refreshMs: 3000,
    mount(body, ctx) {
      context = ctx;
      list = h('div', { 'data-testid': 'decisions' });
      openList = h('div', { 'data-testid': 'open-proposals' });
      const kind = h('input', { name: 'kind', list: 'proposal-kinds', value: 'note', required: true, 'aria-label': 'Kind' });
      const id = h('input', { name: 'id', placeholder: 'id (optional)', autocomplete: 'off', 'aria-label': 'Proposal id' });
      const payload = h('textarea', { name: 'payload', rows: 3, spellcheck: 'false', 'aria-label': 'Payload (JSON)' },
        '{"text": "hello from the dashboard"}');
      const form = h('form', { class: 'action stacked', 'data-testid': 'propose-form' },
        h('datalist', { id: 'proposal-kinds' }, ...KINDS.map((k) => h('option', { value: k }))),
        h('div', { class: 'row' }, h('label', {}, 'Kind ', kind), h('label', {}, 'Id ', id)),
        h('label', {}, 'Payload (JSON)', payload),
        h('button', { type: 'submit' }, 'Propose'));
      result = h('p', { class: 'result', 'data-testid': 'propose-result', 'aria-live': 'polite' });
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        void propose(kind.value.trim(), payload.value, id.value.trim());
      });
      body.append(list, openList, h('details', {}, h('summary', {}, 'Make a proposal (operator)'), form, result));
      ctx.on('event', (event) => {
        if (event.event !== DECIDED_EVENT) return;
        const data = event.data as Partial<DecisionEntry> & { sequence?: unknown };
        if (typeof data.sequence === 'number') decided({ ...data, sequence: data.sequence });
      });
      ctx.on('resumed', () => void catchUp(log.next));
    },
    async update() {
      // Open proposals are asked about until decided or rejected; the log catches up in case an event was lost.
      for (const p of [...open.values()]) {
        const reply = await context.api.get<ProposalView>(`/api/v1/proposals/${encodeURIComponent(p.id)}`);
        if (!reply.ok || !reply.data) continue;
        if (reply.data.state === 'decided' || reply.data.state === 'rejected') {
          open.delete(p.id);
          result.textContent = reply.data.state === 'decided' ? `Decided: ${p.id} at sequence ${reply.data.sequence}`
            : `Rejected: ${p.id}: ${reply.data.reason ?? ''}`;
          result.dataset.outcome = reply.data.state;
        } else {
          open.set(p.id, reply.data);
        }
      }
      if (log.lastSeen > 0) await catchUp(log.next);
      else await start();
    },
  };
}
