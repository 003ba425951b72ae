/**
 * Questions on a terminal: asked on stderr (stdout is for results), answered on stdin, each asked
 * again until its answer passes its check. Only ever used when both are terminals, so a script or
 * an agent is never left waiting for an answer.
 */
import { createInterface } from 'node:readline';
import { usageError } from '../core/errors.js';
import type { InputStream, Io, OutputStream } from './io.js';

export interface Question {
  /** The question, ending as the answer should follow it (`Start URL: `). */
  readonly text: string;
  /** What is wrong with an answer, or undefined when it is good. */
  readonly check: (answer: string) => string | undefined;
}

export interface Prompter {
  ask(question: Question): Promise<string>;
  close(): void;
}

/** How long a question waits for its answer. */
const ANSWER_TIMEOUT_MS = 5 * 60_000;

/** Whether questions can be asked: a person at a terminal both reads stderr and types on stdin. */
export function canAsk(io: Io): boolean {
  return io.stdin?.isTTY === true && io.stderr.isTTY === true;
}

/** One reader for all the questions, so that answers typed ahead (or piped in tests) are not lost. */
export function prompter(input: InputStream, output: OutputStream, timeoutMs = ANSWER_TIMEOUT_MS): Prompter {
  const lines = createInterface({ input, terminal: false, crlfDelay: Infinity });
  const queued: string[] = [];
  let ended = false;
  let waiting: ((line: string | undefined) => void) | undefined;
  const deliver = (line: string | undefined) => {
    const take = waiting;
    waiting = undefined;
    take?.(line);
  };
  lines.on('line', (line) => (waiting ? deliver(line) : queued.push(line)));
  lines.on('close', () => {
    ended = true;
    deliver(undefined);
  });
  const next = () =>
    new Promise<string | undefined>((resolve, reject) => {
      if (queued.length > 0 || ended) {
        resolve(queued.shift());
        return;
      }
      const timer = setTimeout(() => {
        waiting = undefined;
        reject(usageError(`no answer within ${Math.round(timeoutMs / 1000)} s.`));
      }, timeoutMs);
      waiting = (line) => {
        clearTimeout(timer);
        resolve(line);
      };
    });
  return {
    async ask(question) {
      for (;;) {
        output.write(question.text);
        const line = await next();
        if (line === undefined) throw usageError('the input ended before the question was answered.');
        const answer = line.trim();
        const problem = question.check(answer);
        if (problem === undefined) return answer;
        output.write(`${problem[0]!.toUpperCase()}${problem.slice(1)}.\n`);
      }
    },
    close: () => lines.close(),
  };
}
