import { describe, expect, it } from 'vitest';
import { availability, Api, type Reply } from '../src/api';
import { alertStatus, type AlertView } from '../src/panels/alerts';
import { backoffDelay } from '../src/backoff';
import { DecisionLog } from '../src/decisions';
import { accuracyCurve, measured, outcomeCounts, privacyText, type RoundView, type RunView } from '../src/federated';
import { edges, icosahedron, metatronLayout } from '../src/geometry';
import { Hub } from '../src/hub';
import type { MetricsMessage } from '../src/messages';
import { checkPanels, type Panel } from '../src/panel';
import { orderParameter, PhaseTrack, wrap } from '../src/phase';
import { MetricSeries } from '../src/series';
import { parseServerSentEvents } from '../src/sse';
import { TokenStore } from '../src/token';

describe('backoff', () => {
  it('doubles up to the cap, with half of each delay random', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 0)).toBe(2000);
    expect(backoffDelay(3, () => 0.999)).toBeLessThan(4000);
    expect(backoffDelay(20, () => 1)).toBe(15_000);
    expect(backoffDelay(1000, () => 0)).toBe(7_500);
  });

  it('refuses a negative or fractional attempt', () => {
    expect(() => backoffDelay(-1, Math.random)).toThrow(RangeError);
    expect(() => backoffDelay(1.5, Math.random)).toThrow(RangeError);
  });
});

describe('Metatron layout', () => {
  const layout = metatronLayout();

  it('puts oscillator 0 at the centre and 1..12 on two hexagons', () => {
    expect(layout).toHaveLength(13);
    expect(layout[0]).toEqual({ x: 0, y: 0 });
    const radii = layout.slice(1).map((p) => Math.hypot(p.x, p.y)).sort((a, b) => a - b);
    expect(radii[5] / radii[0]).toBeCloseTo(1, 9);
    expect(radii[11]).toBeCloseTo(1, 9);
    expect(radii[6] / radii[5]).toBeGreaterThan(1.5);
  });

  it('keeps every two oscillators apart', () => {
    for (let j = 0; j < 13; j++) {
      for (let k = j + 1; k < 13; k++) {
        expect(Math.hypot(layout[j].x - layout[k].x, layout[j].y - layout[k].y)).toBeGreaterThan(0.3);
      }
    }
  });

  it('follows docs/metrics.md: icosahedron vertices at distance 2 are the five neighbours', () => {
    const v = icosahedron();
    for (const a of v) {
      expect(v.filter((b) => Math.abs(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) - 2) < 1e-9)).toHaveLength(5);
    }
  });

  it('lists each edge of the neighbour lists once', () => {
    expect(edges([[1, 2], [0, 2], [0, 1]])).toEqual([[0, 1], [0, 2], [1, 2]]);
    expect(edges([[1, 7], [0]])).toEqual([[0, 1]]);
  });
});

describe('phase interpolation', () => {
  it('advances each phase at its frequency between samples', () => {
    const track = new PhaseTrack(0);
    expect(track.at(0)).toEqual([]);
    track.update({ phases: [0, 1], frequencies: [2 * Math.PI, 1] }, 1000);
    const later = track.at(1500);
    expect(later[0]).toBeCloseTo(Math.PI, 12);
    expect(later[1]).toBeCloseTo(1.5, 12);
  });

  it('fades a new sample in instead of jumping', () => {
    const track = new PhaseTrack(200);
    track.update({ phases: [0], frequencies: [0] }, 0);
    track.update({ phases: [1], frequencies: [0] }, 100);
    expect(track.at(100)[0]).toBeCloseTo(0, 12);
    expect(track.at(200)[0]).toBeCloseTo(0.5, 12);
    expect(track.at(300)[0]).toBeCloseTo(1, 12);
  });

  it('fades the short way round the circle', () => {
    const track = new PhaseTrack(100);
    track.update({ phases: [6.2], frequencies: [0] }, 0);
    track.update({ phases: [0.1], frequencies: [0] }, 0);
    expect(Math.abs(wrap(track.at(0)[0] - 6.2))).toBeLessThan(1e-12);
    expect(track.at(0)[0] - 0.1).toBeCloseTo(wrap(6.2 - 0.1), 12);
  });

  it('refuses a sample whose arrays differ in length', () => {
    expect(() => new PhaseTrack().update({ phases: [0, 1], frequencies: [0] }, 0)).toThrow(/differ/);
  });

  it('computes the order parameter', () => {
    expect(orderParameter([])).toBe(0);
    expect(orderParameter([0.3, 0.3, 0.3])).toBeCloseTo(1, 12);
    expect(orderParameter([0, Math.PI])).toBeCloseTo(0, 12);
  });
});

function message(timestamp: number, phi = 0.1): MetricsMessage {
  return {
    timestamp, node_id: 'n', mean_phase: 0,
    consciousness_metrics: { phi, coherence: 0.5, stability: 0.6, divergence: 0.1, consciousness_level: 0.7 },
    global_state: { network_coherence: 1, collective_awareness: 0.7, system_health: 1 },
  };
}

describe('metric series', () => {
  it('merges history and live points in order, one per timestamp', () => {
    const series = new MetricSeries(60);
    series.add([message(10), message(12)]);
    series.add([message(11), message(12, 0.9), message(13)]);
    const [times, phi] = series.columns(['phi']);
    expect(times).toEqual([10, 11, 12, 13]);
    expect(phi[2]).toBe(0.9);
    expect(series.latest()?.timestamp).toBe(13);
  });

  it('keeps only the span before the newest point', () => {
    const series = new MetricSeries(5);
    series.add([1, 2, 3, 4, 5, 6, 7, 8].map((t) => message(t)));
    expect(series.columns([])[0]).toEqual([3, 4, 5, 6, 7, 8]);
    series.span = 2;
    expect(series.columns([])[0]).toEqual([6, 7, 8]);
    expect(() => { series.span = 0; }).toThrow(RangeError);
  });

  it('measures its largest gap', () => {
    const series = new MetricSeries(60);
    expect(series.largestGap()).toBe(0);
    series.add([message(1), message(1.25), message(9), message(10)]);
    expect(series.largestGap()).toBe(7.75);
    series.add([4, 5, 6, 7, 8].map((t) => message(t)));
    expect(series.largestGap()).toBe(2.75);
  });

  it('reads global and node metrics', () => {
    const series = new MetricSeries(5);
    series.add([message(1)]);
    expect(series.columns(['consciousness_level', 'system_health'])).toEqual([[1], [0.7], [1]]);
  });
});

describe('decision log', () => {
  it('merges what the log and the events say about a sequence', () => {
    const log = new DecisionLog(10);
    log.add([{ sequence: 1, kind: 'note', proposal_id: 'p1', decided_at: '2026-01-01T00:00:00Z' }]);
    log.add([{ sequence: 1, status: 'APPLIED', detail: 'ok', kind: undefined }]);
    expect(log.recent()[0]).toEqual({ sequence: 1, kind: 'note', proposal_id: 'p1', decided_at: '2026-01-01T00:00:00Z',
      status: 'APPLIED', detail: 'ok' });
  });

  it('tells where a catch-up starts and when an event skipped some', () => {
    const log = new DecisionLog(10);
    expect(log.next).toBe(1);
    expect(log.skipsAhead(5)).toBe(false);
    log.add([{ sequence: 3 }, { sequence: 4 }]);
    expect(log.next).toBe(5);
    expect(log.skipsAhead(5)).toBe(false);
    expect(log.skipsAhead(7)).toBe(true);
  });

  it('keeps the newest, newest first, and ignores bad sequence numbers', () => {
    const log = new DecisionLog(3);
    log.add([1, 2, 3, 4, 5].map((sequence) => ({ sequence })));
    log.add([{ sequence: 0 }, { sequence: 2.5 }]);
    expect(log.recent().map((d) => d.sequence)).toEqual([5, 4, 3]);
  });
});

const reply = (status: number, error = ''): Reply<unknown> => ({ status, ok: status >= 200 && status < 300, data: undefined, error });

describe('api', () => {
  it('tells "not installed" from other failures', () => {
    expect(availability(reply(200))).toBe('ok');
    expect(availability(reply(404, 'Not Found'))).toBe('not installed');
    expect(availability(reply(503, 'no consensus engine is installed: install the aegis-consensus feature'))).toBe('not installed');
    expect(availability(reply(503, 'no metrics yet'))).toBe('unavailable');
    expect(availability(reply(401, 'authentication required'))).toBe('error');
    expect(availability(reply(0, 'no answer from the node'))).toBe('error');
  });

  it('sends the token and reads the API\'s error message', async () => {
    const storage = new Map<string, string>();
    const tokens = new TokenStore({ getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v),
      removeItem: (k) => storage.delete(k) });
    const seen: RequestInit[] = [];
    const api = new Api(tokens, async (_path, init) => {
      seen.push(init!);
      return new Response(JSON.stringify({ status: 403, error: 'role reader may not do this; it needs operator' }),
        { status: 403 });
    });
    tokens.set('  abc  ');
    const r = await api.post('/api/v1/proposals', { kind: 'note', payload: {} });
    expect(r).toMatchObject({ status: 403, ok: false, error: 'role reader may not do this; it needs operator' });
    expect((seen[0].headers as Record<string, string>).Authorization).toBe('Bearer abc');
    expect(seen[0].body).toBe('{"kind":"note","payload":{}}');
    tokens.set('');
    expect(tokens.get()).toBeUndefined();
  });

  it('reads OpenAI\'s error shape, and a failed connection as status 0', async () => {
    const tokens = new TokenStore({ getItem: () => null, setItem: () => {}, removeItem: () => {} });
    const openai = new Api(tokens, async () => new Response(JSON.stringify({ error: { message: 'model busy' } }), { status: 503 }));
    expect((await openai.get('/v1/models')).error).toBe('model busy');
    const down = new Api(tokens, async () => { throw new TypeError('Failed to fetch'); });
    expect(await down.get('/api/health')).toMatchObject({ status: 0, ok: false, error: 'no answer from the node' });
  });
});

describe('panels and hub', () => {
  const panel = (id: string, refreshMs?: number): Panel => ({ id, title: id, refreshMs, mount: () => {} });

  it('refuses duplicate or malformed ids and too fast refreshes', () => {
    expect(() => checkPanels([panel('a'), panel('b-2')])).not.toThrow();
    expect(() => checkPanels([panel('a'), panel('a')])).toThrow(/two panels/);
    expect(() => checkPanels([panel('A')])).toThrow(/lower-case/);
    expect(() => checkPanels([panel('a', 10)])).toThrow(/100 ms/);
  });

  it('delivers to every listener even when one throws', () => {
    const errors: unknown[] = [];
    const hub = new Hub((e) => errors.push(e));
    const got: Array<string | undefined> = [];
    hub.on('token', () => { throw new Error('broken panel'); });
    const off = hub.on('token', (t) => got.push(t));
    hub.emit('token', 'x');
    off();
    hub.emit('token', 'y');
    expect(got).toEqual(['x']);
    expect(errors).toHaveLength(2);
  });
});

describe('server-sent events', () => {
  it('yields each event\'s data across chunk boundaries', async () => {
    const chunks = ['data: {"a":1}\n', '\n: comment\n\ndata: {"b"', ':2}\r\n\r\ndata: [DONE]\n\n'];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        chunks.forEach((c) => controller.enqueue(new TextEncoder().encode(c)));
        controller.close();
      },
    });
    const events: string[] = [];
    for await (const data of parseServerSentEvents(body)) events.push(data);
    expect(events).toEqual(['{"a":1}', '{"b":2}', '[DONE]']);
  });
});

describe('federated', () => {
  const round = (n: number, accuracy: number | string, statuses: Array<'ACCEPTED' | 'OUTVOTED' | 'REJECTED'>): RoundView => ({
    round: n, participants: statuses.map((_, i) => `peer${i}`), version: n, loss: 0.5,
    accuracy, outcomes: statuses.map((status, i) => ({ sender: `peer${i}`, status, weight: 1, reason: status === 'REJECTED' ? 'norm' : '' })),
  });

  it('draws accuracy in percent per round, with a gap where nothing was measured', () => {
    const run: RunView = { run_id: 'r', state: 'RUNNING', strategy: 'median', rounds: 3, rounds_done: 3, participants: [],
      reason: '', history: [round(1, 0.5, []), round(2, 'NaN', []), round(3, 0.875, [])] };
    expect(accuracyCurve(run)).toEqual([[1, 2, 3], [50, null, 87.5]]);
    expect(accuracyCurve(undefined)).toEqual([[], []]);
  });

  it('counts what became of each update', () => {
    expect(outcomeCounts(round(1, 0.9, ['ACCEPTED', 'REJECTED', 'ACCEPTED', 'OUTVOTED'])))
      .toEqual({ ACCEPTED: 2, OUTVOTED: 1, REJECTED: 1 });
  });

  it('says what privacy a version gives', () => {
    expect(privacyText({ number: 3, digest: 'd', privacy: { epsilon: 2.345, delta: 1e-5, rounds: 3 } }))
      .toBe('ε 2.35 at δ 1e-5 (3 noised rounds)');
    expect(privacyText({ number: 3, digest: 'd', privacy: null })).toBe('no differential privacy');
    expect(privacyText(undefined)).toBe('–');
  });

  it('reads NaN written as a string as not measured', () => {
    expect(measured('NaN')).toBeNull();
    expect(measured(Number.NaN)).toBeNull();
    expect(measured(0.25)).toBe(0.25);
  });
});

describe('alerts', () => {
  const alert = (severity: AlertView['severity']): AlertView => ({ time: '2026-12-07T10:00:00Z', kind: 'health', severity, message: severity });
  it('shows the newest alert unless it resolved the one before', () => {
    expect(alertStatus([])).toEqual({ text: 'quiet', tone: 'ok' });
    expect(alertStatus([alert('warning')])).toEqual({ text: 'warning', tone: 'warn' });
    expect(alertStatus([alert('warning'), alert('critical')])).toEqual({ text: 'critical', tone: 'error' });
    expect(alertStatus([alert('critical'), alert('resolved')])).toEqual({ text: 'resolved', tone: 'ok' });
  });
});
