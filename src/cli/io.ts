/**
 * What a command needs from the outside world, passed in so that tests can drive commands
 * directly: the environment, the working directory, the clock and the output streams.
 * Results go to stdout; logs, progress and warnings to stderr.
 */
import type { Env } from '../config/paths.js';

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface Io {
  readonly env: Env;
  readonly cwd: string;
  readonly now: () => Date;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Print stack traces and a line per API call (never a token). */
  readonly debug: boolean;
}

export function systemIo(debug = false): Io {
  return {
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    stdout: process.stdout,
    stderr: process.stderr,
    debug,
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

/**
 * JSON.stringify escapes C0 controls but leaves DEL, C1 controls, bidirectional overrides and the
 * Unicode line separators as they are; names from a server may hold them, and a terminal would act
 * on them. Outside strings JSON has none of these, so escaping them everywhere gives the same value.
 */
const RAW_IN_JSON = /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function printJson(io: Io, value: unknown): void {
  const text = JSON.stringify(value, null, 2).replace(
    RAW_IN_JSON,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  io.stdout.write(`${text}\n`);
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
