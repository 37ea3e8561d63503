import type { TokenStore } from './token';

/**
 * One answer of the node's API. {@code status} 0 means the request never got an answer (network down, node
 * stopped). {@code error} is the API's own message ({@code {"status", "error"}}) or a description of the failure.
 */
export interface Reply<T> {
  readonly status: number;
  readonly ok: boolean;
  readonly data: T | undefined;
  readonly error: string;
}

export type Availability = 'ok' | 'not installed' | 'unavailable' | 'error';

/**
 * How a panel shows a reply: 404 (no such endpoint: the bundle serving it is not installed) and a 503 that says
 * an engine or provider is not installed are "not installed"; another 503 (e.g. no metrics yet) is "unavailable";
 * anything else that failed is an error.
 */
export function availability(reply: Reply<unknown>): Availability {
  if (reply.ok) return 'ok';
  if (reply.status === 404) return 'not installed';
  if (reply.status === 503) return /install/i.test(reply.error) ? 'not installed' : 'unavailable';
  return 'error';
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class Api {
  constructor(private readonly token: TokenStore, private readonly fetchImpl: Fetch = (input, init) => fetch(input, init)) {}

  get<T>(path: string, signal?: AbortSignal): Promise<Reply<T>> {
    return this.send<T>('GET', path, undefined, signal);
  }

  post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<Reply<T>> {
    return this.send<T>('POST', path, body, signal);
  }

  /** The raw response of a POST, for streams (server-sent events); failures as for {@link post}. */
  async postForStream(path: string, body: unknown, signal?: AbortSignal): Promise<Response | Reply<never>> {
    try {
      const response = await this.fetchImpl(path, this.init('POST', body, signal));
      return response.ok ? response : await Api.reply<never>(response);
    } catch (e) {
      return Api.failure(e);
    }
  }

  headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (json) headers['Content-Type'] = 'application/json';
    const token = this.token.get();
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }

  private async send<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<Reply<T>> {
    try {
      return await Api.reply<T>(await this.fetchImpl(path, this.init(method, body, signal)));
    } catch (e) {
      return Api.failure(e);
    }
  }

  private init(method: string, body: unknown, signal?: AbortSignal): RequestInit {
    return {
      method,
      headers: this.headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal,
    };
  }

  private static async reply<T>(response: Response): Promise<Reply<T>> {
    const text = await response.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    const message = (data as { error?: unknown } | undefined)?.error;
    const error = response.ok ? ''
      : typeof message === 'string' ? message
      : typeof message === 'object' && message !== null && typeof (message as { message?: unknown }).message === 'string'
        ? (message as { message: string }).message // OpenAI's {"error": {"message": …}}
        : `${response.status} ${response.statusText}`.trim();
    return { status: response.status, ok: response.ok, data: data as T | undefined, error };
  }

  private static failure<T>(e: unknown): Reply<T> {
    const aborted = e instanceof DOMException && e.name === 'AbortError';
    return { status: 0, ok: false, data: undefined, error: aborted ? 'cancelled' : 'no answer from the node' };
  }
}
