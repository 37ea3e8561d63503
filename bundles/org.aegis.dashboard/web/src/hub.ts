import type { MetricsMessage, NodeEventMessage } from './messages';
import type { ConnectionState } from './stream';

/** What panels can listen to: the live stream's messages and state, and the user's token. */
export interface HubEvents {
  metrics: MetricsMessage;
  event: NodeEventMessage;
  connection: ConnectionState;
  /** The stream is back after an outage; the value is the timestamp (s) of the last metrics message before it. */
  resumed: number | undefined;
  token: string | undefined;
}

export type Listener<T> = (value: T) => void;

/** A typed publish/subscribe point between the live sources and the panels; one listener's failure stays its own. */
export class Hub {
  private readonly listeners = new Map<keyof HubEvents, Array<Listener<never>>>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  on<K extends keyof HubEvents>(type: K, listener: Listener<HubEvents[K]>): () => void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener as Listener<never>);
    this.listeners.set(type, list);
    return () => {
      const at = list.indexOf(listener as Listener<never>);
      if (at >= 0) list.splice(at, 1);
    };
  }

  emit<K extends keyof HubEvents>(type: K, value: HubEvents[K]): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) {
      try {
        (listener as Listener<HubEvents[K]>)(value);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }
}
