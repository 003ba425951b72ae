/** A one-line progress display on stderr, shown only when stderr is a terminal. */
import type { Io } from './io.js';

export interface Progress {
  update(text: string): void;
  done(): void;
}

/** `enabled` false shows nothing. Whether stderr is a terminal is asked at the first update, not before. */
export function progressLine(io: Io, enabled = true): Progress {
  let shown = false;
  let last = 0;
  let live: boolean | undefined;
  return {
    update(text) {
      live ??= enabled && io.stderr.isTTY === true && !io.env.CI;
      if (!live) return;
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
