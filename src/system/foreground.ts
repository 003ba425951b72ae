/**
 * One program run in the foreground, in place of this one as far as the user can tell: it shares
 * the terminal (stdin, stdout and stderr inherited, the same process group, so job control and
 * Ctrl-C work as for any program), the signals this process gets go through to it, and its exit
 * is what this process reports.
 */
import { spawn } from 'node:child_process';

/** Signals sent to this process by something else (`kill`, a supervisor, a closed terminal): passed on. */
const ALWAYS_FORWARDED = ['SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const;
/**
 * Signals a terminal sends to its whole foreground process group, child included. Passed on only
 * when no standard stream is a terminal: a second SIGINT right after the terminal's makes tools
 * such as Terraform stop at once instead of cleaning up.
 */
const TERMINAL_SIGNALS = ['SIGINT', 'SIGQUIT', 'SIGWINCH'] as const;

export type ForegroundOutcome =
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'signalled'; readonly signal: NodeJS.Signals }
  /** The program could not start: `ENOENT` (not found), `EACCES` (not executable), … */
  | { readonly kind: 'not-started'; readonly errno: string };

export interface ForegroundOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdin, stdout or stderr is a terminal (then the terminal signals the child itself). */
  readonly onTerminal: boolean;
}

export function runForeground(
  command: string,
  args: readonly string[],
  options: ForegroundOptions,
): Promise<ForegroundOutcome> {
  const forwarded: NodeJS.Signals[] = [...ALWAYS_FORWARDED, ...(options.onTerminal ? [] : TERMINAL_SIGNALS)];
  // Caught while the child runs even when not passed on: this process waits for the child's exit
  // and reports it, rather than dying first and leaving the child behind.
  const caught: NodeJS.Signals[] = [...ALWAYS_FORWARDED, ...TERMINAL_SIGNALS];
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, args, { env: options.env, stdio: 'inherit' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      resolve({ kind: 'not-started', errno: typeof code === 'string' ? code : 'EINVAL' });
      return;
    }
    const handlers = new Map<NodeJS.Signals, () => void>();
    for (const signal of caught) {
      const handler = () => {
        if (!forwarded.includes(signal) || child.exitCode !== null || child.signalCode !== null) return;
        try {
          child.kill(signal);
        } catch {
          // Gone already: its exit is on the way.
        }
      };
      handlers.set(signal, handler);
      process.on(signal, handler);
    }
    const done = (outcome: ForegroundOutcome) => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(outcome);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      // Only a start failure reaches here before 'spawn'; later errors (a failed kill) do not end it.
      if (child.pid === undefined) done({ kind: 'not-started', errno: error.code ?? 'EINVAL' });
    });
    child.once('exit', (code, signal) =>
      done(signal ? { kind: 'signalled', signal } : { kind: 'exited', code: code ?? 1 }),
    );
  });
}
