import { describe, expect, it } from 'vitest';
import { LiveStream, type ConnectionState, type Socket } from '../src/stream';

class FakeSocket implements Socket {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;

  constructor(readonly url: string) {}

  close(): void {
    this.closed = true;
  }

  opened(): void {
    this.onopen?.({} as Event);
  }

  send(value: unknown): void {
    this.onmessage?.({ data: JSON.stringify(value) } as MessageEvent);
  }

  lost(reason = ''): void {
    this.onclose?.({ code: 1006, reason } as CloseEvent);
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ task: () => void; ms: number; cancelled: boolean }> = [];
  const states: ConnectionState[] = [];
  const resumed: Array<number | undefined> = [];
  const metrics: number[] = [];
  const events: string[] = [];
  const stream = new LiveStream({
    url: () => `ws://node/ws?n=${sockets.length}`,
    open: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    random: () => 0.5,
    now: () => 0,
    schedule: (task, ms) => {
      const timer = { task, ms, cancelled: false };
      timers.push(timer);
      return timer;
    },
    cancel: (handle) => {
      if (handle) (handle as { cancelled: boolean }).cancelled = true;
    },
    silenceMs: 10_000,
  }, {
    metrics: (m) => metrics.push(m.timestamp),
    event: (e) => events.push(e.event),
    state: (s) => states.push(s),
    resumed: (last) => resumed.push(last),
  });
  const fire = (ms: number) => {
    const timer = timers.filter((t) => !t.cancelled && t.ms === ms).pop();
    if (!timer) throw new Error(`no timer of ${ms} ms in ${JSON.stringify(timers.map((t) => [t.ms, t.cancelled]))}`);
    timer.cancelled = true;
    timer.task();
  };
  return { stream, sockets, timers, states, resumed, metrics, events, fire };
}

const metrics = (timestamp: number) => ({
  timestamp, node_id: 'n', mean_phase: 0,
  consciousness_metrics: { phi: 0, coherence: 0, stability: 0, divergence: 0, consciousness_level: 0 },
  global_state: { network_coherence: 0, collective_awareness: 0, system_health: 1 },
});

describe('live stream', () => {
  it('sorts metrics messages from node events', () => {
    const h = harness();
    h.stream.start();
    h.sockets[0].opened();
    h.sockets[0].send(metrics(100.25));
    h.sockets[0].send({ event: 'aegis/consensus/decided', time: 't', source: 'consensus', data: { sequence: 1 } });
    h.sockets[0].onmessage?.({ data: 'not json' } as MessageEvent);
    expect(h.metrics).toEqual([100.25]);
    expect(h.events).toEqual(['aegis/consensus/decided']);
    expect(h.states.map((s) => s.kind)).toEqual(['connecting', 'live']);
  });

  it('reconnects with growing delays and resumes from the last metrics message', () => {
    const h = harness();
    h.stream.start();
    h.sockets[0].opened();
    h.sockets[0].send(metrics(42));
    h.sockets[0].lost('node stopping');
    expect(h.states.at(-1)).toMatchObject({ kind: 'waiting', attempt: 1, reason: 'node stopping' });
    h.fire(375); // attempt 0: 500 ms ceiling, half fixed, half random (0.5)
    h.sockets[1].lost();
    h.fire(750);
    h.sockets[2].lost();
    h.fire(1500);
    expect(h.resumed).toEqual([]);
    h.sockets[3].opened();
    expect(h.resumed).toEqual([42]);
    expect(h.states.at(-1)).toEqual({ kind: 'live' });
    h.sockets[3].lost();
    h.fire(375); // a connection that opened starts the backoff over
  });

  it('replaces a connection that falls silent', () => {
    const h = harness();
    h.stream.start();
    h.sockets[0].opened();
    h.sockets[0].send(metrics(1));
    h.fire(10_000);
    expect(h.sockets[0].closed).toBe(true);
    expect(h.states.at(-1)).toMatchObject({ kind: 'waiting', reason: 'no message for 10 s' });
    h.fire(375);
    h.sockets[1].opened();
    expect(h.resumed).toEqual([1]);
  });

  it('reconnects at once on request and stops for good', () => {
    const h = harness();
    h.stream.start();
    h.sockets[0].opened();
    h.stream.reconnectNow();
    expect(h.sockets[0].closed).toBe(true);
    expect(h.sockets).toHaveLength(2);
    h.stream.stop();
    expect(h.sockets[1].closed).toBe(true);
    h.sockets[1].lost();
    expect(h.sockets).toHaveLength(2);
  });
});
