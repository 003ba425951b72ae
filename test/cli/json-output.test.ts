/** JSON for programs: errors under --json, and the records of each --jsonl, each with a version. */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/app/runtime.js';
import { reportError } from '../../src/cli/error-output.js';
import type { Io } from '../../src/cli/io.js';
import { runPrinter } from '../../src/cli/output/each-output.js';
import { AppError } from '../../src/core/errors.js';

function capture(debug = false) {
  const out = { stdout: '', stderr: '' };
  const io: Io = {
    env: {},
    cwd: '/',
    now: () => new Date(),
    stdout: { write: (s: string) => (out.stdout += s) },
    stderr: { write: (s: string) => (out.stderr += s) },
    debug,
  };
  return { io, out };
}

describe('errors under --json', () => {
  it('prints one JSON document on stdout, and the text on stderr as without --json', () => {
    const { io, out } = capture();
    const error = new AppError('TOKEN_MISSING', 'no cached SSO token for sso-session myorg', {
      hint: 'Sign in with: aws sso login --sso-session myorg',
    });
    expect(reportError(io, error, 'json')).toBe(3);
    expect(JSON.parse(out.stdout)).toEqual({
      version: 1,
      error: {
        code: 'TOKEN_MISSING',
        message: 'no cached SSO token for sso-session myorg',
        hint: 'Sign in with: aws sso login --sso-session myorg',
        exitCode: 3,
      },
    });
    expect(out.stdout).toMatch(/^\{\n {2}"version": 1,/);
    expect(out.stderr).toBe(
      'error: no cached SSO token for sso-session myorg\nSign in with: aws sso login --sso-session myorg\n',
    );
  });

  it('prints one line for --jsonl, escapes what a terminal acts on, and names errors that are not ours INTERNAL', () => {
    const { io, out } = capture();
    expect(reportError(io, new TypeError('bad \x1b]0;title\x07 \u202eevil'), 'jsonl')).toBe(1);
    expect(out.stdout.endsWith('\n')).toBe(true);
    expect(out.stdout.trimEnd()).not.toContain('\n');
    expect(out.stdout).not.toMatch(/[\x1b\x07\u202e]/);
    expect(JSON.parse(out.stdout)).toEqual({
      version: 1,
      error: {
        code: 'INTERNAL',
        message: 'bad \x1b]0;title\x07 \u202eevil',
        hint: 'Run again with --debug for details.',
        exitCode: 1,
      },
    });
  });

  it('leaves stdout alone without --json', () => {
    const { io, out } = capture();
    reportError(io, new AppError('USAGE', 'bad'));
    expect(out.stdout).toBe('');
  });
});

describe('each --jsonl', () => {
  it('gives every record a version, first', () => {
    const { io, out } = capture();
    const printer = runPrinter(io, 'jsonl');
    printer.start(['p']);
    const run: RunResult = {
      profile: 'p',
      accountId: '111111111111',
      accountName: 'a',
      role: 'R',
      exitCode: 0,
      signal: null,
      durationMs: 3,
      stdout: { ok: true },
      stderr: '',
      ok: true,
    };
    printer.run(run);
    printer.run({ ...run, profile: 'q' });
    const records = out.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(Object.keys(record)[0]).toBe('version');
      expect(record.version).toBe(1);
    }
    expect(records[0]).toEqual({ version: 1, ...run });
  });
});
