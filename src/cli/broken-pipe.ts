/**
 * A reader that leaves early (`aws-org-profiles list | head -1`) closes the pipe under stdout, and
 * the next write fails with EPIPE. A Unix tool is stopped by SIGPIPE then, quietly; Node.js
 * ignores that signal and reports the failed write as an error on the stream, which, unhandled,
 * ends the program with a stack trace (and leaves the runs of `each` behind). Here the program
 * stops quietly instead: nothing more is written to stdout or stderr, a command with work in
 * flight winds it down, and the exit code is 141, the status a shell shows for a program that
 * SIGPIPE stopped (128 + 13).
 *
 * The agent hook does not come here: it writes to file descriptor 1 itself (`fdOutput` in io.ts),
 * which drops its output once the reader is gone.
 */
import type { OutputStream } from './io.js';

export const BROKEN_PIPE_EXIT = 141;

export interface WatchedPipes {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** A reader has gone: nothing more is written, and the program ends with `BROKEN_PIPE_EXIT`. */
  readonly broken: boolean;
  /**
   * Registers what a command must wind down before the program ends (the runs of `each`). With
   * one registered, a broken pipe calls it and the command ends on its own; with none, the
   * program exits at once. Returns the unregistering function.
   */
  onBroken(windDown: () => void): () => void;
}

type Stream = NodeJS.WriteStream;

/**
 * Watches the streams of `owner` (the process): each is made and watched at its first use, so that
 * a command that never writes to stderr does not pay for making it.
 */
export function watchPipes(
  owner: { readonly stdout: Stream; readonly stderr: Stream },
  exit: (code: number) => void,
): WatchedPipes {
  let broken = false;
  const windDowns = new Set<() => void>();
  const onError = (error: NodeJS.ErrnoException) => {
    // Anything else (a full disk, a terminal gone) stays the error it was.
    if (error.code !== 'EPIPE') throw error;
    if (broken) return;
    broken = true;
    if (windDowns.size === 0) exit(BROKEN_PIPE_EXIT);
    for (const windDown of [...windDowns]) windDown();
  };
  const watched = new Set<Stream>();
  const use = (name: 'stdout' | 'stderr') => {
    const stream = owner[name];
    if (!watched.has(stream)) {
      watched.add(stream);
      stream.on('error', onError);
    }
    return stream;
  };
  const guarded = (name: 'stdout' | 'stderr'): OutputStream => ({
    write: (text: string) => !broken && use(name).write(text),
    get isTTY() {
      return use(name).isTTY;
    },
    get columns() {
      return use(name).columns;
    },
    get rows() {
      return use(name).rows;
    },
    on: (event, listener) => use(name).on(event, listener),
    off: (event, listener) => use(name).off(event, listener),
  });
  return {
    stdout: guarded('stdout'),
    stderr: guarded('stderr'),
    get broken() {
      return broken;
    },
    onBroken(windDown) {
      windDowns.add(windDown);
      return () => windDowns.delete(windDown);
    },
  };
}
