/**
 * The one place that turns an error into what the user reads and an exit code. The text goes to
 * stderr; with `--json` (or `each --jsonl`), the error is also printed on stdout as JSON, where a
 * program reading the output looks for it.
 */
import { AppError, ExitCode, type ErrorCode } from '../core/errors.js';
import { escapeControls, jsonText } from '../core/untrusted-text.js';
import { styleFor, useColor, type Io } from './io.js';

/** How results are printed: text, one JSON document (`--json`), or JSON lines (`--jsonl`). */
export type OutputFormat = 'text' | 'json' | 'jsonl';

/** An error under `--json`: `{"version": 1, "error": {...}}`. */
export interface ErrorDocument {
  readonly version: 1;
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly hint?: string;
    readonly exitCode: number;
  };
}

/**
 * The last guard before the terminal: server text is escaped where it enters, and whatever still
 * holds a control character (a path, a message from a library) is escaped here. Line breaks stay,
 * for our own multi-line hints and stack traces.
 */
const safe = (text: string) => escapeControls(text, true);

/**
 * A stack trace for --debug. Its first line repeats the message, which may hold a server's line
 * breaks: that line is escaped whole, so no forged line can follow it; the frames keep theirs.
 */
function stackOf(error: Error): string {
  const head = error.message ? `${error.name}: ${error.message}` : error.name;
  const stack = error.stack ?? head;
  return stack.startsWith(head) ? `${escapeControls(head)}${safe(stack.slice(head.length))}` : safe(stack);
}

/** Prints `document` on stdout: indented for `--json`, on one line for `--jsonl`. */
export function printErrorJson(io: Io, document: ErrorDocument, format: OutputFormat): void {
  if (format === 'text') return;
  io.stdout.write(`${jsonText(document, format === 'json' ? 2 : undefined)}\n`);
}

/** Prints an error the way every command does, and returns its exit code. */
export function reportError(io: Io, error: unknown, format: OutputFormat = 'text'): number {
  const style = styleFor(useColor(io, io.stderr));
  if (error instanceof AppError) {
    io.stderr.write(`${style.red('error:')} ${safe(error.message)}\n`);
    if (error.hint) io.stderr.write(`${safe(error.hint)}\n`);
    if (io.debug) {
      const cause = error.cause instanceof Error ? `cause: ${stackOf(error.cause)}\n` : '';
      io.stderr.write(`${stackOf(error)}\n${cause}`);
    }
    const { code, message, hint, exitCode } = error;
    printErrorJson(io, { version: 1, error: { code, message, ...(hint ? { hint } : {}), exitCode } }, format);
    return exitCode;
  }
  const message = (error as Error)?.message ?? String(error);
  io.stderr.write(`${style.red('error:')} ${safe(message)}\n`);
  const hint = 'Run again with --debug for details.';
  if (io.debug) io.stderr.write(`${error instanceof Error ? stackOf(error) : ''}\n`);
  else io.stderr.write(`${hint}\n`);
  printErrorJson(
    io,
    {
      version: 1,
      error: { code: 'INTERNAL', message, ...(io.debug ? {} : { hint }), exitCode: ExitCode.Failure },
    },
    format,
  );
  return ExitCode.Failure;
}
