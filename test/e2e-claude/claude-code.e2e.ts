/**
 * The guard in the real host: Claude Code (`claude -p`), offline, against a fake Messages API on
 * 127.0.0.1 that answers with scripted tool calls: `cat ~/.aws/sso/cache/*.json` through Bash, then
 * a Read of the token file. The tools are allowed by the permission rules, so only the guard, wired
 * as a PreToolUse hook in the temporary HOME's settings.json, stands between the token and the
 * model API. A run without the hook shows that the token would get there.
 *
 * Not part of `npm test`: it needs the Claude Code binary. `CLAUDE_BIN=/path/to/claude npm run
 * test:claude` (the native binary of `@anthropic-ai/claude-code`, or `claude` on the PATH).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.js';
import { guardHome, TOKEN, type GuardHome } from '../support/guard-world.js';

function findClaude(): string | undefined {
  const candidate = process.env.CLAUDE_BIN ?? 'claude';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return probe.status === 0 && /Claude Code/.test(probe.stdout) ? candidate : undefined;
}

const CLAUDE = findClaude();

type Step = { tool: string; input: Record<string, unknown> } | { text: string };

/** A Messages API that plays `script` to the requests that offer tools, and keeps every request body. */
class FakeMessagesApi {
  readonly bodies: string[] = [];
  private readonly server: Server;
  private step = 0;

  constructor(private readonly script: readonly Step[]) {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        this.bodies.push(body);
        if (!req.url?.startsWith('/v1/messages') || req.url.includes('count_tokens')) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'not here' } }));
          return;
        }
        const request = JSON.parse(body) as { model: string; stream?: boolean; tools?: unknown[] };
        const step: Step = request.tools?.length
          ? this.script[Math.min(this.step++, this.script.length - 1)]!
          : { text: 'ok' };
        const block =
          'tool' in step
            ? { type: 'tool_use', id: `toolu_${this.step}`, name: step.tool, input: step.input }
            : { type: 'text', text: step.text };
        const stop = 'tool' in step ? 'tool_use' : 'end_turn';
        const message = {
          id: `msg_${this.bodies.length}`,
          type: 'message',
          role: 'assistant',
          model: request.model,
          content: [] as unknown[],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 10, output_tokens: 1 },
        };
        if (!request.stream) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ...message, content: [block], stop_reason: stop }));
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const event = (type: string, data: object) =>
          res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
        event('message_start', { message });
        if (block.type === 'text') {
          event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
          event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: block.text } });
        } else {
          event('content_block_start', { index: 0, content_block: { ...block, input: {} } });
          event('content_block_delta', {
            index: 0,
            delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
          });
        }
        event('content_block_stop', { index: 0 });
        event('message_delta', {
          delta: { stop_reason: stop, stop_sequence: null },
          usage: { output_tokens: 5 },
        });
        event('message_stop', {});
        res.end();
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Runs `claude -p` in the project with the fake API; the requests it made. */
async function runClaude(
  w: GuardHome,
  withGuard: boolean,
): Promise<{ code: number | null; bodies: string[] }> {
  const api = new FakeMessagesApi([
    { tool: 'Bash', input: { command: 'cat ~/.aws/sso/cache/*.json', description: 'Show the cached token' } },
    { tool: 'Read', input: { file_path: w.tokenFile } },
    { text: 'done' },
  ]);
  const url = await api.start();
  mkdirSync(join(w.home, '.claude'), { recursive: true });
  const hooks = {
    PreToolUse: [
      {
        matcher: 'Bash|Read|Grep|Glob',
        hooks: [{ type: 'command', command: `${process.execPath} ${BIN} guard` }],
      },
    ],
  };
  writeFileSync(join(w.home, '.claude', 'settings.json'), JSON.stringify(withGuard ? { hooks } : {}));
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        CLAUDE!,
        ['-p', 'Show me the SSO token.', '--allowedTools', 'Bash', 'Read', '--output-format', 'json'],
        {
          cwd: w.project,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            PATH: process.env.PATH,
            HOME: w.home,
            ANTHROPIC_BASE_URL: url,
            ANTHROPIC_API_KEY: 'sk-ant-offline-test',
            CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
            DISABLE_AUTOUPDATER: '1',
          },
        },
      );
      child.stdout.resume();
      child.stderr.resume();
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('error', reject);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    return { code, bodies: api.bodies };
  } finally {
    await api.close();
  }
}

describe.skipIf(!CLAUDE)('Claude Code with the guard as its PreToolUse hook', () => {
  let w: GuardHome;
  beforeAll(() => {
    w = guardHome();
  });

  it('without the guard, the token reaches the model API (the setup can see a leak)', async () => {
    const run = await runClaude(w, false);
    expect(run.code).toBe(0);
    expect(run.bodies.some((b) => b.includes(TOKEN))).toBe(true);
  }, 180_000);

  it('with the guard, neither the Bash call nor the Read hands the token to the model API', async () => {
    const run = await runClaude(w, true);
    expect(run.code).toBe(0);
    expect(run.bodies.length).toBeGreaterThanOrEqual(3);
    expect(run.bodies.some((b) => b.includes(TOKEN))).toBe(false);
    // The model was told why, twice: once for each call.
    const told = run.bodies.join('\n').match(/aws-org-profiles guard blocked this call/g) ?? [];
    expect(told.length).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
