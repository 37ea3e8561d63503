import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { isMetricsMessage, isNodeEvent, type MetricsMessage, type NodeEventMessage } from './messages';

export type ConnectionState =
  | { readonly kind: 'connecting'; readonly attempt: number }
  | { readonly kind: 'live' }
  | { readonly kind: 'waiting'; readonly attempt: number; readonly retryAt: number; readonly reason: string };

export interface StreamListener {
  metrics(message: MetricsMessage): void;
  event(message: NodeEventMessage): void;
  state(state: ConnectionState): void;
  /**
   * The stream is back after it was lost: what was sent meanwhile was missed. {@code lastMetrics} is the timestamp
   * (seconds) of the last metrics message received before, if any.
   */
  resumed(lastMetrics: number | undefined): void;
}

/** The part of a WebSocket the stream uses. */
export interface Socket {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface StreamOptions {
  /** The address to connect to, asked again on every attempt (the token may have changed). */
  readonly url: () => string;
  readonly open?: (url: string) => Socket;
  readonly random?: () => number;
  readonly now?: () => number;
  readonly schedule?: (task: () => void, ms: number) => unknown;
  readonly cancel?: (handle: unknown) => void;
  readonly backoff?: BackoffOptions;
  /** A live connection silent this long (after its first message) is taken as dead and replaced. */
  readonly silenceMs?: number;
}

/**
 * The node's /ws stream: metrics messages and node events, reconnected with exponential backoff and jitter
 * whenever it is lost, and a {@link StreamListener.resumed} call after each reconnection so that the panels can
 * fetch what they missed.
 */
export class LiveStream {
  private readonly open: (url: string) => Socket;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly schedule: (task: () => void, ms: number) => unknown;
  private readonly cancel: (handle: unknown) => void;
  private readonly backoff: BackoffOptions;
  private readonly silenceMs: number;
  private socket: Socket | undefined;
  private attempt = 0;
  private retry: unknown;
  private watchdog: unknown;
  private lost = false;
  private lastMetrics: number | undefined;
  private running = false;

  constructor(private readonly options: StreamOptions, private readonly listener: StreamListener) {
    this.open = options.open ?? ((url) => new WebSocket(url));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? ((task, ms) => setTimeout(task, ms));
    this.cancel = options.cancel ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.silenceMs = options.silenceMs ?? 10_000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.cancel(this.retry);
    this.drop();
  }

  /** Connects again at once, e.g. with a new token or when the browser is back online. */
  reconnectNow(): void {
    if (!this.running) return;
    this.cancel(this.retry);
    if (this.drop()) this.lost = true;
    this.attempt = 0;
    this.connect();
  }

  private connect(): void {
    this.listener.state({ kind: 'connecting', attempt: this.attempt });
    let socket: Socket;
    try {
      socket = this.open(this.options.url());
    } catch (e) {
      this.retryLater(e instanceof Error ? e.message : String(e));
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.listener.state({ kind: 'live' });
      if (this.lost) {
        this.lost = false;
        this.listener.resumed(this.lastMetrics);
      }
    };
    socket.onmessage = (event) => this.receive(event);
    socket.onerror = () => { /* a close event follows and says more */ };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.cancel(this.watchdog);
      this.lost = true;
      this.retryLater(event.reason || `closed (${event.code})`);
    };
  }

  private receive(event: MessageEvent): void {
    this.cancel(this.watchdog);
    this.watchdog = this.schedule(() => this.silent(), this.silenceMs);
    let message: unknown;
    try {
      message = JSON.parse(String(event.data));
    } catch {
      return; // not JSON: nothing this page understands
    }
    if (isNodeEvent(message)) {
      this.listener.event(message);
    } else if (isMetricsMessage(message)) {
      this.lastMetrics = message.timestamp;
      this.listener.metrics(message);
    }
  }

  private silent(): void {
    if (this.drop()) {
      this.lost = true;
      this.retryLater(`no message for ${Math.round(this.silenceMs / 1000)} s`);
    }
  }

  private retryLater(reason: string): void {
    if (!this.running) return;
    const delay = backoffDelay(this.attempt, this.random, this.backoff);
    this.attempt += 1;
    this.listener.state({ kind: 'waiting', attempt: this.attempt, retryAt: this.now() + delay, reason });
    this.retry = this.schedule(() => this.connect(), delay);
  }

  /** Closes the current socket without triggering a retry; whether there was one. */
  private drop(): boolean {
    this.cancel(this.watchdog);
    const socket = this.socket;
    if (!socket) return false;
    this.socket = undefined;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    socket.close();
    return true;
  }
}
