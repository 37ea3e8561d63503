import { availability } from '../api';
import { h, refusal } from '../dom';
import type { Panel, PanelContext } from '../panel';
import { parseServerSentEvents } from '../sse';
import type { ModelList } from './models';

interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

interface Completion {
  readonly choices: Array<{ message?: ChatMessage; delta?: { content?: string } }>;
}

/** Talks to a model through the node's OpenAI-compatible endpoint, optionally streamed. */
export function chatPanel(): Panel {
  const conversation: ChatMessage[] = [];
  let context: PanelContext;
  let model: HTMLSelectElement;
  let transcript: HTMLElement;
  let result: HTMLElement;
  let busy = false;

  function say(role: ChatMessage['role'], content: string): HTMLElement {
    const line = h('p', { class: `say ${role}` }, h('b', {}, role === 'user' ? 'you' : 'model'), ' ', content);
    transcript.append(line);
    transcript.scrollTop = transcript.scrollHeight;
    return line;
  }

  async function send(text: string, stream: boolean): Promise<void> {
    if (busy || !text) return;
    if (!model.value) {
      result.textContent = 'No model to talk to: the node lists none at /v1/models.';
      return;
    }
    const messages = [...conversation, { role: 'user' as const, content: text }];
    if (!(await context.confirm(`Send this to ${model.value}?`, text))) return;
    busy = true;
    result.textContent = '';
    say('user', text);
    const request = { model: model.value, messages, stream };
    try {
      if (!stream) {
        const reply = await context.api.post<Completion>('/v1/chat/completions', request);
        const answer = reply.data?.choices?.[0]?.message?.content;
        if (!reply.ok || answer === undefined) {
          result.textContent = `Refused: ${refusal(reply)}`;
          return;
        }
        conversation.push(messages[messages.length - 1], { role: 'assistant', content: answer });
        say('assistant', answer);
        return;
      }
      const response = await context.api.postForStream('/v1/chat/completions', request);
      if (!(response instanceof Response)) {
        result.textContent = `Refused: ${refusal(response)}`;
        return;
      }
      const line = say('assistant', '');
      let answer = '';
      for await (const data of parseServerSentEvents(response.body!)) {
        if (data === '[DONE]') break;
        const chunk = JSON.parse(data) as Completion;
        answer += chunk.choices?.[0]?.delta?.content ?? '';
        line.lastChild!.textContent = ` ${answer}`;
      }
      conversation.push(messages[messages.length - 1], { role: 'assistant', content: answer });
    } catch (e) {
      result.textContent = `The answer broke off: ${(e as Error).message}`;
    } finally {
      busy = false;
    }
  }

  return {
    id: 'chat',
    title: 'Chat with a model',
    refreshMs: 10_000,
    mount(body, ctx) {
      context = ctx;
      model = h('select', { 'aria-label': 'Model', 'data-testid': 'chat-model' });
      transcript = h('div', { class: 'transcript', 'data-testid': 'chat-transcript' });
      const input = h('textarea', { rows: 2, placeholder: 'Ask something…', 'aria-label': 'Message' });
      const stream = h('input', { type: 'checkbox', checked: true });
      const form = h('form', { class: 'action stacked' }, input,
        h('div', { class: 'row' }, model, h('label', {}, stream, ' stream'), h('button', { type: 'submit' }, 'Send')));
      result = h('p', { class: 'result', 'data-testid': 'chat-result', 'aria-live': 'polite' });
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const text = input.value.trim();
        void send(text, stream.checked).then(() => {
          if (!result.textContent) input.value = '';
        });
      });
      body.append(transcript, form, result);
    },
    async update() {
      const reply = await context.api.get<ModelList>('/v1/models');
      if (!reply.ok || !reply.data) {
        const state = availability(reply);
        context.status(state === 'error' ? 'unavailable' : state, 'muted');
        model.replaceChildren();
        return;
      }
      const chosen = model.value;
      const ids = reply.data.data.map((m) => m.id);
      context.status(ids.length ? `${ids.length} model${ids.length === 1 ? '' : 's'}` : 'no model', ids.length ? 'ok' : 'muted');
      if (ids.join('\n') !== [...model.options].map((o) => o.value).join('\n')) {
        model.replaceChildren(...ids.map((id) => h('option', { value: id, selected: id === chosen }, id)));
      }
    },
  };
}
