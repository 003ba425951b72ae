import { inspect } from 'node:util';

/**
 * A value that must never reach a terminal or a log: an access token, a refresh token, a client
 * secret, role credentials. Printing, logging or serialising it gives `[redacted]`; only an
 * explicit `reveal()` gives the value, at the point where it goes on the wire or to a 0600 file.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return '[redacted]';
  }
}
