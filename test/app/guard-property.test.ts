/**
 * No input makes the guard fail open: whatever comes on stdin, it answers 0 (run the call) or 2
 * (block it, with one clean line), never throws, and a read of the caches stays blocked whatever
 * surrounds it on the command line.
 */
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { guardToolCall } from '../../src/app/guard-call.js';
import { guardHook } from '../../src/cli/guard-hook.js';
import { guardHome, hookEvent, type GuardHome } from '../support/guard-world.js';

let w: GuardHome;
beforeAll(() => {
  w = guardHome();
});

const TOOLS = [
  'Bash',
  'execute_bash',
  'shell',
  'Read',
  'fs_read',
  'read',
  'Grep',
  'Glob',
  'glob',
  'LS',
  'use_aws',
  'aws',
  'Write',
  'mcp__x__y',
];

function wellFormed(verdict: ReturnType<typeof guardToolCall>): void {
  if (verdict.allow) expect(verdict).toEqual({ allow: true });
  else {
    expect(verdict.reason).toMatch(/^aws-org-profiles guard blocked this call: /);
    expect(verdict.reason).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]/);
  }
}

/** Pieces of shell lines, quotes and substitutions balanced. */
const piece = fc.oneof(
  fc.constantFrom(
    'ls',
    'echo',
    'aws',
    'git',
    'cd',
    '~',
    '$HOME',
    '${X:-y}',
    '*',
    '..',
    '/',
    '-r',
    'sudo',
    'xargs',
    'env',
    'A=b',
  ),
  fc.constantFrom('&&', '||', '|', ';', '\n', '&', '>', '<', '2>&1', '(', ')'),
  fc.stringMatching(/^[a-z0-9./_-]{1,12}$/).map((s) => `'${s}'`),
  fc.stringMatching(/^[a-z0-9./_ -]{0,12}$/).map((s) => `"${s}"`),
  fc.stringMatching(/^[a-z0-9 ]{0,12}$/).map((s) => `$(echo ${s})`),
  fc.stringMatching(/^[a-z0-9 ]{0,12}$/).map((s) => `\`echo ${s}\``),
);
const balanced = fc.array(piece, { maxLength: 12 }).map((p) => p.join(' '));

describe('the guard, whatever it is given', () => {
  it('never throws on any text, and answers allow or one clean line', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()), (event) => {
        wellFormed(guardToolCall({ event, env: w.env, cwd: w.project }));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on any tool input of the tools it judges', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TOOLS),
        fc.constantFrom('PreToolUse', 'preToolUse', undefined),
        fc.anything(),
        (tool, name, input) => {
          const event = JSON.stringify({
            hook_event_name: name,
            cwd: w.project,
            tool_name: tool,
            tool_input: input,
          });
          if (event === undefined) return;
          wellFormed(guardToolCall({ event, env: w.env, cwd: w.project }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on shell lines made of any characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'ab ~/$(){}[]*?\'"`\\;&|<>#=.\n-'), maxLength: 60 }),
        (command) => {
          wellFormed(
            guardToolCall({
              event: hookEvent('claude', w.project, 'Bash', { command }),
              env: w.env,
              cwd: w.project,
            }),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('blocks a read of the caches wherever it sits in a line', () => {
    fc.assert(
      fc.property(
        balanced,
        balanced,
        fc.constantFrom(
          'cat ~/.aws/credentials',
          'base64 "$HOME/.aws/sso/cache/a.json"',
          'aws secretsmanager get-secret-value --secret-id x',
        ),
        fc.constantFrom(';', '&&', '||', '|', '\n', '; (', '$(', '`'),
        (before, after, bad, join) => {
          const close = join === '; (' || join === '$(' ? ')' : join === '`' ? '`' : '';
          const command = `${before} ${join} ${bad} ${close} ; ${after}`;
          const verdict = guardToolCall({
            event: hookEvent('q', w.project, 'execute_bash', { command }),
            env: w.env,
            cwd: w.project,
          });
          expect(verdict.allow, command).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('guardHook, reading stdin', () => {
  const run = async (stdin: NodeJS.ReadableStream, timeoutMs = 1000, maxBytes = 1024 * 1024) => {
    let stderr = '';
    const code = await guardHook(
      { env: w.env, cwd: w.project, stderr: { write: (s: string) => (stderr += s) }, stdin: () => stdin },
      timeoutMs,
      maxBytes,
    );
    return { code, stderr };
  };

  it('answers 0 or 2, with one line to block, for any bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        const { code, stderr } = await run(Readable.from([Buffer.from(bytes)]));
        expect([0, 2]).toContain(code);
        if (code === 2) expect(stderr).toMatch(/^aws-org-profiles guard blocked this call: [^\n]*\n$/);
        else expect(stderr).toBe('');
      }),
      { numRuns: 200 },
    );
  });

  it('blocks an event above the size it holds rather than judge part of it', async () => {
    const event = hookEvent('claude', w.project, 'Bash', { command: `echo ${'x'.repeat(4000)}` });
    expect((await run(Readable.from([Buffer.from(event)]), 1000, 100_000)).code).toBe(0);
    const { code, stderr } = await run(Readable.from([Buffer.from(event)]), 1000, 1000);
    expect(code).toBe(2);
    expect(stderr).toContain('larger than 1000 bytes');
  });

  it('blocks when stdin stays open, after the timeout', async () => {
    const stdin = new PassThrough();
    stdin.write('{"hook_event_name":"PreToolUse",');
    const started = Date.now();
    const { code, stderr } = await run(stdin, 300);
    expect(code).toBe(2);
    expect(stderr).toContain('did not close');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('blocks when stdin fails', async () => {
    const stdin = new PassThrough();
    setTimeout(() => stdin.destroy(Object.assign(new Error('boom'), { code: 'EIO' })), 10);
    const { code, stderr } = await run(stdin);
    expect(code).toBe(2);
    expect(stderr).toContain('EIO');
  });
});
