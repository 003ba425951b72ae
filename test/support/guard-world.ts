/**
 * A throwaway home for the guard's tests: an SSO token in the cache, a credentials file, a config,
 * the tool's own role credential cache, and a project folder with a symlink into the token cache.
 * The hook events of the three hosts are built here too.
 */
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TOKEN = 'aoaTOKENsecretDoNotLeak';

export interface GuardHome {
  readonly home: string;
  readonly project: string;
  readonly tokenFile: string;
  readonly env: Record<string, string>;
}

export function guardHome(): GuardHome {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'aop-guard-')));
  const aws = join(home, '.aws');
  mkdirSync(join(aws, 'sso', 'cache'), { recursive: true });
  const tokenFile = join(aws, 'sso', 'cache', 'f1e2d3c4b5a6978877665544332211ffeeddccbb.json');
  writeFileSync(tokenFile, JSON.stringify({ accessToken: TOKEN, expiresAt: '2099-01-01T00:00:00Z' }));
  writeFileSync(join(aws, 'config'), '[profile dev]\nregion = eu-west-1\n');
  writeFileSync(join(aws, 'credentials'), `[default]\naws_secret_access_key = ${TOKEN}\n`);
  mkdirSync(join(home, '.cache', 'aws-org-profiles', 'credentials', 'abc'), { recursive: true });
  const project = join(home, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'README.md'), '# project\n');
  symlinkSync(join(aws, 'sso', 'cache'), join(project, 'tokens'));
  return { home, project, tokenFile, env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' } };
}

export type Host = 'q' | 'claude' | 'kiro3';

/** The pre-tool-use event `host` sends for a call of `tool` with `input`, from `cwd`. */
export function hookEvent(host: Host, cwd: string, tool: string, input: unknown): string {
  if (host === 'claude') {
    return JSON.stringify({
      session_id: 'abc',
      transcript_path: '/tmp/transcript.jsonl',
      cwd,
      permission_mode: 'default',
      hook_event_name: 'PreToolUse',
      tool_name: tool,
      tool_input: input,
    });
  }
  return JSON.stringify({
    hook_event_name: host === 'q' ? 'preToolUse' : 'PreToolUse',
    cwd,
    tool_name: tool,
    tool_input: input,
  });
}
