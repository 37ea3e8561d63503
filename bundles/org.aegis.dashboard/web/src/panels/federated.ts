import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fixed, h, showFailure, table } from '../dom';
import {
  accuracyCurve, FEDERATED_EVENT_PREFIX, measured, outcomeCounts, privacyText, type TaskView, type VersionView,
} from '../federated';
import type { Panel, PanelContext } from '../panel';

const STATE_TONE: Record<string, 'ok' | 'warn' | 'error' | 'muted'> = {
  RUNNING: 'warn', COMPLETED: 'ok', FAILED: 'error', IDLE: 'muted',
};

/**
 * Federated learning: the tasks this node knows, and for the chosen one its state, the served version, and the
 * latest run's accuracy curve and rounds with what became of every update. Refreshed on the stream's
 * {@code aegis/federated/*} events, and every few seconds in case one was missed.
 */
export function federatedPanel(): Panel {
  let context: PanelContext;
  let select: HTMLSelectElement;
  let summary: HTMLElement;
  let figure: HTMLElement;
  let rounds: HTMLElement;
  let plot: uPlot | undefined;
  let body: HTMLElement;
  let content: HTMLElement;
  const chart = (data: uPlot.AlignedData) => new uPlot({
    width: Math.max(200, figure.clientWidth),
    height: 170,
    scales: { x: { time: false }, y: { range: [0, 100] } },
    series: [{ label: 'Round' }, { label: 'Accuracy %', stroke: '#34d399', width: 1.5, points: { show: true },
      value: (_: uPlot, v: number | null) => fixed(v, 1) }],
    axes: [
      // rounds are whole numbers
      { stroke: '#9ca3af', grid: { stroke: '#1f2937' }, ticks: { stroke: '#1f2937' }, incrs: [1, 2, 5, 10, 20, 50, 100] },
      { stroke: '#9ca3af', grid: { stroke: '#1f2937' }, ticks: { stroke: '#1f2937' }, size: 44 },
    ],
    legend: { live: false },
  }, data, figure);

  function show(task: TaskView, versions: VersionView[]): void {
    const run = task.runs[task.runs.length - 1];
    context.status(task.state.toLowerCase(), STATE_TONE[task.state] ?? 'muted');
    summary.replaceChildren(h('dl', { class: 'facts', 'data-testid': 'federated-state' },
      h('dt', {}, 'State'), h('dd', {}, task.state.toLowerCase()),
      h('dt', {}, 'Served version'), h('dd', {}, task.served_version || '–'),
      h('dt', {}, 'Privacy'), h('dd', { 'data-testid': 'federated-privacy' },
        privacyText(versions.find((v) => v.number === task.served_version))),
      h('dt', {}, 'Run'), h('dd', {}, run ? `${run.strategy}, round ${run.rounds_done} of ${run.rounds}` : 'none yet'),
      h('dt', {}, 'Participants'), h('dd', {}, run ? run.participants.length : '–'),
      ...(run?.reason ? [h('dt', {}, 'Reason'), h('dd', {}, run.reason)] : [])));
    const curve = accuracyCurve(run);
    figure.dataset.points = String(curve[1].filter((v) => v !== null).length);
    if (plot) plot.setData(curve);
    else plot = chart(curve);
    rounds.replaceChildren(table(['Round', 'Version', 'Accuracy', 'Loss', 'Accepted', 'Outvoted', 'Rejected'],
      [...(run?.history ?? [])].reverse().map((round) => {
        const counts = outcomeCounts(round);
        const refused = round.outcomes.filter((o) => o.status !== 'ACCEPTED');
        const accuracy = measured(round.accuracy);
        return [round.round, round.version || '–', accuracy === null ? '–' : `${fixed(accuracy * 100, 1)} %`,
          fixed(measured(round.loss), 3), counts.ACCEPTED,
          counts.OUTVOTED, h('span', { title: refused.map((o) => `${o.sender}: ${o.reason}`).join('\n') }, counts.REJECTED)];
      }), 'no round closed yet'));
  }

  return {
    id: 'federated',
    title: 'Federated learning',
    wide: true,
    refreshMs: 5000,
    mount(element, ctx) {
      context = ctx;
      body = element;
      select = h('select', { 'data-testid': 'federated-task', 'aria-label': 'Task' });
      select.addEventListener('change', () => void this.update!());
      summary = h('div');
      figure = h('figure', { class: 'chart', 'data-chart': 'accuracy' }, h('figcaption', {}, 'Accuracy per round (this node\'s held-out data)'));
      rounds = h('div', { 'data-testid': 'federated-rounds' });
      content = h('div', { 'data-testid': 'federated' }, h('div', { class: 'toolbar' }, h('label', {}, 'Task ', select)), summary, figure, rounds);
      body.append(content);
      new ResizeObserver(() => plot?.setSize({ width: Math.max(200, figure.clientWidth), height: 170 })).observe(figure);
      ctx.on('event', (event) => {
        if (!event.event.startsWith(FEDERATED_EVENT_PREFIX)) return;
        content.dataset.lastEvent = event.event;
        void this.update!();
      });
    },
    async update() {
      const tasks = await context.api.get<string[]>('/api/v1/federated/tasks');
      if (!tasks.ok || !tasks.data) {
        showFailure(tasks, body, context);
        return;
      }
      if (!body.contains(content)) body.replaceChildren(content);
      const names = tasks.data;
      if (names.length === 0) {
        context.status('no task', 'muted');
        summary.replaceChildren(h('p', { class: 'muted' }, 'No federated task on this node: declare one in etc/org.aegis.federated.task-<name>.cfg.'));
        return;
      }
      const chosen = names.includes(select.value) ? select.value : names[0];
      if ([...select.options].map((o) => o.value).join() !== names.join()) {
        select.replaceChildren(...names.map((name) => h('option', { value: name, selected: name === chosen }, name)));
      }
      const [reply, versions] = await Promise.all([
        context.api.get<TaskView>(`/api/v1/federated/tasks/${encodeURIComponent(chosen)}`),
        context.api.get<VersionView[]>(`/api/v1/models/versions?task=${encodeURIComponent(chosen)}`),
      ]);
      if (!reply.ok || !reply.data) {
        summary.replaceChildren(h('p', { class: 'muted' }, reply.error));
        return;
      }
      show(reply.data, versions.data ?? []);
    },
  };
}
