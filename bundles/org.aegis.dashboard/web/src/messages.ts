/** The JSON the node sends, as the REST API and /ws spell it (snake_case). */

export interface ConsciousnessMetrics {
  readonly phi: number;
  readonly coherence: number;
  readonly stability: number;
  readonly divergence: number;
  readonly consciousness_level: number;
}

export interface GlobalState {
  readonly network_coherence: number;
  readonly collective_awareness: number;
  readonly system_health: number;
}

/** A node's metrics in the seed's message format (docs/metrics.md §4): on /ws, /api/metrics and in the history. */
export interface MetricsMessage {
  readonly timestamp: number;
  readonly node_id: string;
  readonly mean_phase: number;
  readonly consciousness_metrics: ConsciousnessMetrics;
  readonly global_state: GlobalState;
}

/** A node event on /ws, between metrics messages. */
export interface NodeEventMessage {
  readonly event: string;
  readonly time: string;
  readonly source: string;
  readonly data: Record<string, unknown>;
}

export interface OscillatorState {
  readonly time: string;
  readonly phases: number[];
  readonly frequencies: number[];
  readonly neighbours: number[][];
  readonly coupling: number;
  readonly external_coupling: number;
  readonly peers_coupled: number;
}

export interface HistoryView {
  readonly from: string;
  readonly to: string;
  readonly step_seconds: number;
  readonly points: MetricsMessage[];
}

export const DECIDED_EVENT = 'aegis/consensus/decided';

export function isMetricsMessage(value: unknown): value is MetricsMessage {
  const m = value as MetricsMessage;
  return typeof m === 'object' && m !== null && typeof m.timestamp === 'number'
    && typeof m.consciousness_metrics === 'object' && m.consciousness_metrics !== null
    && typeof m.global_state === 'object' && m.global_state !== null;
}

export function isNodeEvent(value: unknown): value is NodeEventMessage {
  const e = value as NodeEventMessage;
  return typeof e === 'object' && e !== null && typeof e.event === 'string' && typeof e.data === 'object' && e.data !== null;
}
