import './style.css';
import { Api } from './api';
import { confirmWith } from './confirm';
import { compose } from './dashboard';
import { Hub } from './hub';
import { PANELS } from './panels';
import { LiveStream, type ConnectionState } from './stream';
import { TokenStore } from './token';

const token = new TokenStore(sessionStorage);
const hub = new Hub((error) => console.error('listener failed:', error));
const api = new Api(token);

compose(document.getElementById('panels')!, PANELS.map((create) => create()), {
  api,
  token,
  hub,
  confirm: confirmWith(document.querySelector<HTMLDialogElement>('dialog.confirm')!),
});

const connection = document.querySelector<HTMLElement>('[data-testid="connection"]')!;
let countdown: ReturnType<typeof setInterval> | undefined;

function showConnection(state: ConnectionState): void {
  clearInterval(countdown);
  connection.dataset.state = state.kind;
  connection.title = state.kind === 'waiting' ? state.reason : '';
  if (state.kind === 'live') connection.textContent = 'live';
  else if (state.kind === 'connecting') connection.textContent = state.attempt ? `reconnecting (try ${state.attempt + 1})…` : 'connecting…';
  else {
    const tick = () => {
      connection.textContent = `offline · retry in ${Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000))} s`;
    };
    tick();
    countdown = setInterval(tick, 1000);
  }
}

// The stream: same origin; the token goes in the query because browsers cannot set headers on a WebSocket.
const stream = new LiveStream({
  url: () => {
    const url = new URL('/ws', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const current = token.get();
    if (current) url.searchParams.set('access_token', current);
    return url.toString();
  },
}, {
  metrics: (message) => hub.emit('metrics', message),
  event: (message) => hub.emit('event', message),
  state: (state) => {
    showConnection(state);
    hub.emit('connection', state);
  },
  resumed: (lastMetrics) => hub.emit('resumed', lastMetrics),
});
stream.start();
window.addEventListener('online', () => stream.reconnectNow());

// The token form in the header.
const form = document.querySelector<HTMLFormElement>('[data-testid="token-form"]')!;
const input = form.querySelector<HTMLInputElement>('input[name="token"]')!;
const toggle = document.querySelector<HTMLElement>('[data-testid="token-toggle"]')!;
const showToken = (value: string | undefined) => {
  toggle.textContent = value ? 'Token ✓' : 'Token';
  input.value = value ?? '';
};
showToken(token.get());
token.onChange((value) => {
  showToken(value);
  hub.emit('token', value);
  stream.reconnectNow();
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  token.set(input.value);
  form.closest('details')!.open = false;
});
form.querySelector('[data-action="clear"]')!.addEventListener('click', () => token.set(undefined));
