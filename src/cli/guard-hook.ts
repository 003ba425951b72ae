/**
 * `guard` as agent hosts run it before every tool call: the hook event read whole from stdin, the
 * verdict given by exit code (0 lets the call run, 2 blocks it) and, to block, one line on stderr
 * that the host hands to the model. Nothing goes to stdout. Every other exit code lets the call
 * run, so whatever goes wrong here (stdin that never closes, an event too big to hold, an error)
 * ends in 2.
 */
import { constants, fstatSync, openSync, closeSync, readSync } from 'node:fs';
import { guardToolCall } from '../app/guard-call.js';
import type { Env } from '../core/model.js';
import type { OutputStream } from './io.js';

export const GUARD_BLOCK = 2;
/** A host that never closes stdin gets a block after this long, not a hang. */
export const GUARD_STDIN_TIMEOUT_MS = 10_000;
/** An event above this size is blocked rather than judged in part. */
export const GUARD_MAX_EVENT_BYTES = 64 * 1024 * 1024;

export interface GuardIo {
  readonly env: Env;
  readonly cwd: string;
  readonly stderr: OutputStream;
  /** Where the event comes from: a file descriptor, read directly when it can be, else the stream. */
  readonly stdinFd?: number;
  readonly stdin: () => NodeJS.ReadableStream;
}

type Reading = { text: string } | { problem: string };

/**
 * Everything on `input` until it ends, or a problem: too big, too slow, unreadable. A stream, not
 * reads of the file descriptor: a read blocked on a pipe that never closes would hold up the exit.
 */
export function readWhole(
  input: NodeJS.ReadableStream,
  maxBytes: number,
  timeoutMs: number,
): Promise<Reading> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (reading: Reading) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      input.removeAllListeners('data');
      input.pause();
      done(reading);
    };
    const timer = setTimeout(
      () => finish({ problem: `stdin did not close within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    input.on('data', (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > maxBytes) finish({ problem: `the event on stdin is larger than ${maxBytes} bytes` });
      else chunks.push(bytes);
    });
    input.on('end', () => finish({ text: Buffer.concat(chunks, size).toString('utf8') }));
    input.on('error', (error: NodeJS.ErrnoException) =>
      finish({ problem: `stdin cannot be read (${error.code ?? error.name})` }),
    );
  });
}

/**
 * Everything on file descriptor `fd` until it closes, read without Node's streams (which would load
 * some thirty modules on every tool call): a file at once, a pipe reopened non-blocking through
 * /proc and polled until its writer closes it or the time is up. Undefined where that does not
 * work (a terminal, a socket, a system without /proc): then the caller uses a stream. A blocking
 * read of the pipe itself cannot be used: a read that never returns would hold up the exit.
 */
export function readWholeFd(fd: number, maxBytes: number, timeoutMs: number): Reading | undefined {
  let input: number;
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) input = fd;
    else if (stat.isFIFO())
      input = openSync(`/proc/self/fd/${fd}`, constants.O_RDONLY | constants.O_NONBLOCK);
    else return undefined;
  } catch {
    return undefined;
  }
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(256 * 1024);
      let bytes: number;
      try {
        bytes = readSync(input, buffer, 0, buffer.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN') return { problem: `stdin cannot be read (${code ?? 'error'})` };
        if (Date.now() > deadline) return { problem: `stdin did not close within ${timeoutMs / 1000} s` };
        Atomics.wait(pause, 0, 0, 2);
        continue;
      }
      if (bytes === 0) return { text: Buffer.concat(chunks, size).toString('utf8') };
      size += bytes;
      if (size > maxBytes) return { problem: `the event on stdin is larger than ${maxBytes} bytes` };
      chunks.push(buffer.subarray(0, bytes));
    }
  } finally {
    if (input !== fd) closeSync(input);
  }
}

/** Judges the event on stdin; the exit code. */
export async function guardHook(
  io: GuardIo,
  timeoutMs = GUARD_STDIN_TIMEOUT_MS,
  maxBytes = GUARD_MAX_EVENT_BYTES,
): Promise<number> {
  let reason: string;
  try {
    const reading =
      (io.stdinFd === undefined ? undefined : readWholeFd(io.stdinFd, maxBytes, timeoutMs)) ??
      (await readWhole(io.stdin(), maxBytes, timeoutMs));
    if ('text' in reading) {
      const verdict = guardToolCall({ event: reading.text, env: io.env, cwd: io.cwd });
      if (verdict.allow) return 0;
      reason = verdict.reason;
    } else {
      reason = `aws-org-profiles guard blocked this call: ${reading.problem}, so it lets nothing through.`;
    }
  } catch (error) {
    const name = error instanceof Error ? error.name : 'error';
    reason = `aws-org-profiles guard blocked this call: the guard failed (${name}), so it lets nothing through.`;
  }
  io.stderr.write(`${reason.replace(/[\r\n]+/g, ' ')}\n`);
  return GUARD_BLOCK;
}
