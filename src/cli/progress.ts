/** A one-line progress display on stderr, shown only when stderr is a terminal. */
import type { Io } from './io.js';

export interface Progress {
  update(text: string): void;
  done(): void;
}

const silent: Progress = { update: () => undefined, done: () => undefined };

export function progressLine(io: Io, enabled = true): Progress {
  if (!enabled || io.stderr.isTTY !== true || io.env.CI) return silent;
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      io.stderr.write(`\r\x1b[2K${text}`);
    },
    done() {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}
