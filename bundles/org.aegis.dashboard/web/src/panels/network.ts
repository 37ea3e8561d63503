import { showFailure, h } from '../dom';
import { edges, metatronLayout, type Point } from '../geometry';
import type { OscillatorState } from '../messages';
import type { Panel, PanelContext } from '../panel';
import { orderParameter, PhaseTrack } from '../phase';

const TWO_PI = 2 * Math.PI;

/**
 * The node's 13 oscillators as Metatron's cube: each one a disc coloured and turned by its phase, each coupling a
 * line that brightens as the two phases come together. Polled four times a second and animated in between.
 */
export function networkPanel(): Panel {
  const layout: Point[] = metatronLayout();
  const track = new PhaseTrack();
  let context: PanelContext;
  let canvas: HTMLCanvasElement;
  let message: HTMLElement;
  let readout: HTMLElement;
  let caption: HTMLElement;
  let links: Array<[number, number]> = [];
  let coupling = 0;
  let size = 0;

  function resize(): void {
    const ratio = window.devicePixelRatio || 1;
    size = canvas.clientWidth;
    canvas.width = Math.round(size * ratio);
    canvas.height = Math.round(size * ratio);
    canvas.getContext('2d')!.setTransform(ratio, 0, 0, ratio, 0, 0);
  }

  function draw(now: number): void {
    requestAnimationFrame(draw);
    const phases = track.at(now);
    const g = canvas.getContext('2d');
    if (!g || size === 0) return;
    g.clearRect(0, 0, size, size);
    if (phases.length === 0) return;
    const centre = size / 2;
    const spread = size * 0.4;
    const radius = Math.max(6, size * 0.045);
    const at = (k: number) => ({ x: centre + layout[k].x * spread, y: centre + layout[k].y * spread });
    const strength = Math.min(1, coupling / 4);
    for (const [j, k] of links) {
      if (j >= phases.length || k >= phases.length || k >= layout.length) continue;
      const together = (1 + Math.cos(phases[j] - phases[k])) / 2;
      const a = at(j);
      const b = at(k);
      g.strokeStyle = `rgba(148, 197, 255, ${(0.08 + 0.62 * together * (0.3 + 0.7 * strength)).toFixed(3)})`;
      g.lineWidth = 1 + 1.5 * together;
      g.beginPath();
      g.moveTo(a.x, a.y);
      g.lineTo(b.x, b.y);
      g.stroke();
    }
    phases.forEach((phase, k) => {
      if (k >= layout.length) return;
      const p = at(k);
      const r = k === 0 ? radius * 1.4 : radius;
      const hue = ((((phase % TWO_PI) + TWO_PI) % TWO_PI) / TWO_PI) * 360;
      g.fillStyle = `hsl(${hue.toFixed(0)} 75% 55%)`;
      g.beginPath();
      g.arc(p.x, p.y, r, 0, TWO_PI);
      g.fill();
      g.strokeStyle = '#0b1220';
      g.lineWidth = 2;
      g.beginPath();
      g.moveTo(p.x, p.y);
      g.lineTo(p.x + Math.cos(phase) * r, p.y - Math.sin(phase) * r);
      g.stroke();
    });
  }

  return {
    id: 'network',
    title: 'Oscillator network',
    wide: true,
    refreshMs: 250,
    mount(body, ctx) {
      context = ctx;
      canvas = h('canvas', { class: 'metatron', 'data-testid': 'oscillators', role: 'img',
        'aria-label': 'The 13 oscillators: 0 at the centre, 1 to 12 on the icosahedron' });
      message = h('p', { class: 'muted overlay' }, 'waiting for the oscillators…');
      caption = h('p', { class: 'caption', 'data-testid': 'oscillator-caption' });
      readout = h('p', { class: 'sr-only', 'data-testid': 'phase-readout', 'aria-live': 'off' });
      body.append(h('div', { class: 'metatron-frame' }, canvas, message), caption, readout);
      new ResizeObserver(resize).observe(canvas);
      resize();
      requestAnimationFrame(draw);
    },
    async update() {
      const reply = await context.api.get<OscillatorState>('/api/v1/metrics/oscillators');
      if (!reply.ok || !reply.data) {
        message.hidden = false;
        showFailure(reply, message, context);
        return;
      }
      const state = reply.data;
      message.hidden = true;
      track.update(state, performance.now());
      links = edges(state.neighbours);
      coupling = state.coupling;
      context.status('live', 'ok');
      caption.textContent = `r ${orderParameter(state.phases).toFixed(3)} · K ${state.coupling} · K_ext ${state.external_coupling}`
        + ` · ${state.peers_coupled} peer${state.peers_coupled === 1 ? '' : 's'} coupled`;
      readout.textContent = state.phases.map((phase, k) => `θ${k} ${(phase * 180 / Math.PI).toFixed(1)}°`).join(', ');
    },
  };
}
