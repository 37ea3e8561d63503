import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fixed, h, showFailure } from '../dom';
import type { HistoryView, MetricsMessage } from '../messages';
import type { Panel, PanelContext } from '../panel';
import { MetricSeries, valueOf, type MetricKey } from '../series';

interface ChartSpec {
  readonly title: string;
  readonly keys: readonly MetricKey[];
}

const LABELS: Record<MetricKey, string> = {
  phi: 'Φ', coherence: 'R', stability: 'S', divergence: 'D', consciousness_level: 'C',
  network_coherence: 'network coherence', collective_awareness: 'collective awareness', system_health: 'system health',
};
const COLOURS: Record<MetricKey, string> = {
  phi: '#f472b6', coherence: '#60a5fa', stability: '#34d399', divergence: '#fbbf24', consciousness_level: '#e5e7eb',
  network_coherence: '#818cf8', collective_awareness: '#2dd4bf', system_health: '#fb923c',
};
const CHARTS: readonly ChartSpec[] = [
  { title: 'This node', keys: ['phi', 'coherence', 'stability', 'divergence', 'consciousness_level'] },
  { title: 'The network', keys: ['network_coherence', 'collective_awareness', 'system_health'] },
];
const SPANS: ReadonlyArray<readonly [string, number]> = [['1 min', 60], ['5 min', 300], ['15 min', 900], ['1 h', 3600]];
/** Points per chart a history fetch asks for, whatever the span. */
const HISTORY_POINTS = 300;
/** How often a missed span is asked for (once a second) before the gap is left as it is. */
const GAP_ATTEMPTS = 15;

/** Φ, R, S, D, C and the network's state over a chosen span: the history from REST, then live from /ws. */
export function metricsPanel(): Panel {
  const series = new MetricSeries(300);
  const plots: uPlot[] = [];
  const tiles = new Map<MetricKey, HTMLElement>();
  let context: PanelContext;
  let notice: HTMLElement;
  let figures: HTMLElement[] = [];
  let redrawPending = false;
  let loading: AbortController | undefined;

  function redraw(): void {
    if (redrawPending) return;
    redrawPending = true;
    requestAnimationFrame(() => {
      redrawPending = false;
      CHARTS.forEach((chart, i) => plots[i]?.setData(series.columns(chart.keys)));
      // How well the span is covered, for whoever checks that an outage left no hole (the browser tests do).
      figures.forEach((figure) => {
        figure.dataset.points = String(series.size);
        figure.dataset.largestGapSeconds = series.largestGap().toFixed(3);
      });
      const latest = series.latest();
      if (latest) showLatest(latest);
    });
  }

  function showLatest(message: MetricsMessage): void {
    for (const [key, tile] of tiles) {
      tile.textContent = fixed(valueOf(message, key));
      tile.dataset.timestamp = String(message.timestamp);
    }
  }

  /** Fetches the history from {@code from} (epoch seconds) to now, {@code step} seconds apart; whether it came. */
  async function loadHistory(from: number, step: number): Promise<boolean> {
    loading?.abort();
    const request = new AbortController();
    loading = request;
    const query = `from=${from.toFixed(3)}&step=${Math.max(1, Math.round(step))}`;
    const reply = await context.api.get<HistoryView>(`/api/v1/metrics/history?${query}`, request.signal);
    if (request.signal.aborted) return true; // a newer request replaced this one
    if (!reply.ok || !reply.data) {
      if (series.size === 0) showFailure(reply, notice, context);
      return false;
    }
    notice.replaceChildren();
    series.add(reply.data.points);
    redraw();
    return true;
  }

  /** After an outage: the missed span at the history's 1 s resolution, asked again while the API is coming back. */
  async function fillGap(from: number): Promise<void> {
    for (let attempt = 0; attempt < GAP_ATTEMPTS; attempt++) {
      if (await loadHistory(from, 1)) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  function reload(): Promise<boolean> {
    return loadHistory(Date.now() / 1000 - series.span, series.span / HISTORY_POINTS);
  }

  return {
    id: 'metrics',
    title: 'Metrics',
    wide: true,
    mount(body, ctx) {
      context = ctx;
      const select = h('select', { 'data-testid': 'span', 'aria-label': 'Time span' },
        ...SPANS.map(([label, seconds]) => h('option', { value: seconds, selected: seconds === series.span }, label)));
      select.addEventListener('change', () => {
        series.span = Number(select.value);
        void reload();
      });
      const tileRow = h('div', { class: 'tiles' });
      for (const chart of CHARTS) {
        for (const key of chart.keys) {
          const value = h('span', { class: 'value', 'data-metric': key }, '–');
          tiles.set(key, value);
          tileRow.append(h('div', { class: 'tile' }, h('span', { class: 'label', style: `color:${COLOURS[key]}` }, LABELS[key]), value));
        }
      }
      notice = h('div', { class: 'notice' });
      const charts = CHARTS.map((chart) => h('figure', { class: 'chart', 'data-chart': chart.keys[0] }, h('figcaption', {}, chart.title)));
      figures = charts;
      body.append(h('div', { class: 'toolbar' }, h('label', {}, 'Span ', select)), tileRow, notice, ...charts);
      CHARTS.forEach((chart, i) => {
        const plot = new uPlot({
          width: Math.max(200, charts[i].clientWidth),
          height: 170,
          scales: { x: { time: true } },
          series: [{}, ...chart.keys.map((key) => ({ label: LABELS[key], stroke: COLOURS[key], width: 1.5,
            value: (_: uPlot, v: number | null) => fixed(v) }))],
          axes: [
            { stroke: '#9ca3af', grid: { stroke: '#1f2937' }, ticks: { stroke: '#1f2937' } },
            { stroke: '#9ca3af', grid: { stroke: '#1f2937' }, ticks: { stroke: '#1f2937' }, size: 44 },
          ],
          legend: { live: false },
        }, series.columns(chart.keys), charts[i]);
        plots.push(plot);
        new ResizeObserver(() => plot.setSize({ width: Math.max(200, charts[i].clientWidth), height: 170 }))
          .observe(charts[i]);
      });
      ctx.on('metrics', (message) => {
        series.add([message]);
        ctx.status('live', 'ok');
        notice.replaceChildren();
        redraw();
      });
      ctx.on('resumed', (lastMetrics) => {
        // Whatever the stream sent while it was down comes from the history, at its 1 s resolution.
        void fillGap(lastMetrics ?? Date.now() / 1000 - series.span);
      });
      ctx.on('connection', (state) => {
        if (state.kind !== 'live') ctx.status('paused', 'warn');
      });
      void reload();
    },
  };
}
