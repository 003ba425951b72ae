/** The top-level error reporter: the last guard between any message and the terminal. */
import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/error-output.js';
import { AppError } from '../../src/core/errors.js';

function report(error: unknown, debug = false) {
  let stderr = '';
  const io = {
    env: {},
    cwd: '/',
    now: () => new Date(),
    stdout: { write: () => true },
    stderr: { write: (s: string) => (stderr += s) },
    debug,
  };
  return { code: reportError(io, error), stderr };
}

const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe('reportError', () => {
  it('escapes control characters in a message and its hint, and keeps our own line breaks', () => {
    const error = new AppError('CHECK_FAILED', 'bad \x1b]0;title\x07 \u202eevil', {
      hint: 'First line.\nSecond line \x1b[2J.',
    });
    const { code, stderr } = report(error);
    expect(code).toBe(1);
    expect(stderr).toBe('error: bad \\x1b]0;title\\x07 \\u202eevil\nFirst line.\nSecond line \\x1b[2J.\n');
  });

  it('escapes a cause whose message forges a line, in --debug stack traces too', () => {
    const cause = new Error('denied\r\nerror: all profiles deleted\x1b[0m');
    const { stderr } = report(new AppError('DISCOVERY_FAILED', 'discovery failed', { cause }), true);
    expect(stderr).toContain('cause: Error: denied\\r\\nerror: all profiles deleted\\x1b[0m\n    at ');
    expect(stderr).not.toMatch(/^error: all profiles/m);
    expect(stderr).not.toMatch(CONTROL);
  });

  it('escapes errors that are not ours', () => {
    const { code, stderr } = report(new TypeError('x\x9b2Jy'));
    expect(code).toBe(1);
    expect(stderr).toBe('error: x\\x9b2Jy\nRun again with --debug for details.\n');
  });
});
