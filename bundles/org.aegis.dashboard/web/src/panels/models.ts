import { fixed, h, showFailure, table } from '../dom';
import type { Panel, PanelContext } from '../panel';

export interface ProviderView {
  readonly id: string;
  readonly models: string[];
  readonly circuit: 'closed' | 'open' | 'half_open';
  readonly outstanding: number;
  readonly requests: number;
  readonly errors: number;
  readonly mean_latency_millis: number;
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly last_error: string | null;
}

/** GET /api/v1/models/providers */
export interface ProvidersView {
  readonly providers: ProviderView[];
}

export interface ModelList {
  readonly object: 'list';
  readonly data: Array<{ id: string; object: 'model'; owned_by: string }>;
}

const CIRCUIT_TONE: Record<ProviderView['circuit'], string> = { closed: 'healthy', half_open: 'degraded', open: 'unhealthy' };

/** The model providers behind the router, their circuit breakers and load, and the models they serve. */
export function modelsPanel(): Panel {
  let context: PanelContext;
  let providers: HTMLElement;
  let models: HTMLElement;
  return {
    id: 'models',
    title: 'Model providers',
    refreshMs: 3000,
    mount(body, ctx) {
      context = ctx;
      providers = h('div', { 'data-testid': 'providers' });
      models = h('div', { 'data-testid': 'models' });
      body.append(providers, models);
    },
    async update() {
      const [p, m] = await Promise.all([
        context.api.get<ProvidersView>('/api/v1/models/providers'),
        context.api.get<ModelList>('/v1/models'),
      ]);
      if (!showFailure(p, providers, context) && p.data) {
        const all = p.data.providers;
        const open = all.filter((provider) => provider.circuit !== 'closed').length;
        context.status(open ? `${open} of ${all.length} tripped` : `${all.length} healthy`, open ? 'warn' : 'ok');
        providers.replaceChildren(table(['Provider', 'Circuit', 'Models', 'Busy', 'Requests', 'Errors', 'Latency', 'Tokens in/out'],
          all.map((provider) => [
            provider.id,
            h('span', { class: `badge ${CIRCUIT_TONE[provider.circuit] ?? ''}`, title: provider.last_error ?? '' },
              provider.circuit.replace('_', '-')),
            provider.models.join(', '), provider.outstanding, provider.requests, provider.errors,
            `${fixed(provider.mean_latency_millis, 0)} ms`, `${provider.prompt_tokens} / ${provider.completion_tokens}`,
          ]), 'no provider installed'));
      }
      if (!m.ok || !m.data) {
        models.replaceChildren();
        return;
      }
      models.replaceChildren(h('p', { class: 'muted small' }, `Models: ${m.data.data.map((model) => model.id).join(', ') || 'none'}`));
    },
  };
}
