/** The user's bearer token, kept for this browser tab only (sessionStorage), with listeners for changes. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const KEY = 'aegis.token';

export class TokenStore {
  private readonly listeners: Array<(token: string | undefined) => void> = [];

  constructor(private readonly storage: KeyValueStorage) {}

  get(): string | undefined {
    return this.storage.getItem(KEY) ?? undefined;
  }

  set(token: string | undefined): void {
    const value = token?.trim();
    if (value) this.storage.setItem(KEY, value);
    else this.storage.removeItem(KEY);
    this.listeners.forEach((listener) => listener(value || undefined));
  }

  onChange(listener: (token: string | undefined) => void): void {
    this.listeners.push(listener);
  }
}
