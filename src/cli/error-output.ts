/** The one place that turns an error into what the user reads and an exit code. */
import { AppError, ExitCode } from '../core/errors.js';
import { escapeControls } from '../core/untrusted-text.js';
import { styleFor, useColor, type Io } from './io.js';

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

/** Prints an error the way every command does, and returns its exit code. */
export function reportError(io: Io, error: unknown): number {
  const style = styleFor(useColor(io, io.stderr));
  if (error instanceof AppError) {
    io.stderr.write(`${style.red('error:')} ${safe(error.message)}\n`);
    if (error.hint) io.stderr.write(`${safe(error.hint)}\n`);
    if (io.debug) {
      const cause = error.cause instanceof Error ? `cause: ${stackOf(error.cause)}\n` : '';
      io.stderr.write(`${stackOf(error)}\n${cause}`);
    }
    return error.exitCode;
  }
  io.stderr.write(`${style.red('error:')} ${safe((error as Error)?.message ?? String(error))}\n`);
  if (io.debug) io.stderr.write(`${error instanceof Error ? stackOf(error) : ''}\n`);
  else io.stderr.write('Run again with --debug for details.\n');
  return ExitCode.Failure;
}
