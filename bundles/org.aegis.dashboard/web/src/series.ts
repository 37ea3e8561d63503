import type { MetricsMessage } from './messages';

/** What the charts plot, in this order. */
export const METRIC_KEYS = [
  'phi', 'coherence', 'stability', 'divergence', 'consciousness_level',
  'network_coherence', 'collective_awareness', 'system_health',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export function valueOf(message: MetricsMessage, key: MetricKey): number {
  switch (key) {
    case 'network_coherence':
    case 'collective_awareness':
    case 'system_health':
      return message.global_state[key];
    default:
      return message.consciousness_metrics[key];
  }
}

/**
 * The node's metrics over a span of time, from the history (REST) and the live stream (/ws) alike: kept sorted by
 * timestamp, one point per timestamp however often it arrives, and nothing older than the span.
 */
export class MetricSeries {
  private readonly points: MetricsMessage[] = [];

  constructor(private spanSeconds: number) {
    MetricSeries.checkSpan(spanSeconds);
  }

  get span(): number {
    return this.spanSeconds;
  }

  set span(seconds: number) {
    MetricSeries.checkSpan(seconds);
    this.spanSeconds = seconds;
    this.trim();
  }

  /** Merges messages in any order; one already held (same timestamp) is replaced. */
  add(messages: readonly MetricsMessage[]): void {
    for (const message of messages) {
      const last = this.points[this.points.length - 1];
      if (!last || message.timestamp > last.timestamp) {
        this.points.push(message);
        continue;
      }
      const at = this.indexOf(message.timestamp);
      if (at < this.points.length && this.points[at].timestamp === message.timestamp) {
        this.points[at] = message;
      } else {
        this.points.splice(at, 0, message);
      }
    }
    this.trim();
  }

  latest(): MetricsMessage | undefined {
    return this.points[this.points.length - 1];
  }

  get size(): number {
    return this.points.length;
  }

  /** The longest time between two consecutive points, in seconds: how well the span is covered (0 below two). */
  largestGap(): number {
    let gap = 0;
    for (let i = 1; i < this.points.length; i++) gap = Math.max(gap, this.points[i].timestamp - this.points[i - 1].timestamp);
    return gap;
  }

  /** uPlot's data layout: the timestamps, then one column per key. */
  columns(keys: readonly MetricKey[]): [number[], ...number[][]] {
    return [this.points.map((p) => p.timestamp), ...keys.map((key) => this.points.map((p) => valueOf(p, key)))];
  }

  /** The first index whose timestamp is not below {@code timestamp}. */
  private indexOf(timestamp: number): number {
    let low = 0;
    let high = this.points.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.points[mid].timestamp < timestamp) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Keeps the span before the newest point. */
  private trim(): void {
    const newest = this.latest();
    if (!newest) return;
    const drop = this.indexOf(newest.timestamp - this.spanSeconds);
    if (drop > 0) this.points.splice(0, drop);
  }

  private static checkSpan(seconds: number): void {
    if (!(seconds > 0)) throw new RangeError(`span must be positive, was ${seconds}`);
  }
}
