/**
 * What a command needs from the outside world, passed in so that tests can drive commands
 * directly: the environment, the working directory, the clock and the output streams.
 * Results go to stdout; logs, progress and warnings to stderr.
 */
import { writeSync } from 'node:fs';
import type { Env } from '../core/model.js';
import { jsonText } from '../core/untrusted-text.js';

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** A terminal's width, in columns. */
  readonly columns?: number;
  /** A terminal's height, in rows. */
  readonly rows?: number;
  /** A terminal emits `resize` when its width or height changes. */
  on?(event: 'resize', listener: () => void): unknown;
  off?(event: 'resize', listener: () => void): unknown;
}

export interface InputStream extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  /** A terminal's raw mode: each key as it is typed, without echo or line editing. */
  setRawMode?(mode: boolean): unknown;
}

export interface Io {
  readonly env: Env;
  readonly cwd: string;
  readonly now: () => Date;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Where answers to questions come from; absent, nothing is ever asked. */
  readonly stdin?: InputStream;
  /** Print stack traces and a line per API call (never a token). */
  readonly debug: boolean;
  /**
   * Registers what a command winds down when a reader of its output goes away (EPIPE, as after
   * `| head`); the command then ends on its own. Without one, the program exits at once. Returns
   * the unregistering function. Absent where output never goes to a pipe of the program's own.
   */
  readonly onBrokenPipe?: (windDown: () => void) => () => void;
}

export function systemIo(debug = false): Io {
  return {
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    stdout: process.stdout,
    stderr: process.stderr,
    // Made only when read: most commands never ask anything.
    get stdin() {
      return process.stdin;
    },
    debug,
  };
}

/**
 * Writes straight to a file descriptor, synchronously: the agent hook does not pay for making
 * `process.stdout`. A pipe its reader left non-blocking is waited on (EAGAIN); once the reader is
 * gone (EPIPE), the rest is dropped.
 */
export function fdOutput(fd: number): OutputStream {
  let closed = false;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return {
    write(text: string) {
      if (closed) return false;
      const bytes = Buffer.from(text);
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += writeSync(fd, bytes, offset);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN') {
            Atomics.wait(pause, 0, 0, 1);
            continue;
          }
          if (code === 'EPIPE') {
            closed = true;
            return false;
          }
          throw error;
        }
      }
      return true;
    },
  };
}

/** The agent hook's Io: stdout through `fdOutput`, stderr created only when written to. */
export function hookIo(): Io {
  const stdout = fdOutput(1);
  return {
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    stdout,
    get stderr() {
      return process.stderr;
    },
    debug: false,
  };
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: Io, stream: OutputStream): boolean {
  return stream.isTTY === true && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const plain = (s: string) => s;

export function styleFor(enabled: boolean): Style {
  return enabled
    ? {
        bold: wrap(1, 22),
        dim: wrap(2, 22),
        green: wrap(32, 39),
        yellow: wrap(33, 39),
        red: wrap(31, 39),
        cyan: wrap(36, 39),
      }
    : { bold: plain, dim: plain, green: plain, yellow: plain, red: plain, cyan: plain };
}

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${jsonText(value, 2)}\n`);
}

export function warn(io: Io, message: string): void {
  const style = styleFor(useColor(io, io.stderr));
  io.stderr.write(`${style.yellow('warning:')} ${message}\n`);
}

/** Replaces the home directory with `~` in paths shown to people. */
export function tildify(io: Io, path: string): string {
  const home = io.env.HOME;
  return home && (path === home || path.startsWith(`${home}/`)) ? `~${path.slice(home.length)}` : path;
}

/** `tildify` for every path under the home directory in a message. */
export function tildifyText(io: Io, text: string): string {
  const home = io.env.HOME;
  return home && home !== '/' ? text.split(`${home}/`).join('~/') : text;
}
