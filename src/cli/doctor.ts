/**
 * `aws-org-profiles doctor`: checks the whole setup and says how to fix each problem: the config,
 * the sign-in of each sso-session, generated profiles, conflicts, staleness, and installed agents
 * (including running their hook the way the host would, and timing it).
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { readManifest } from '../state/agent-manifest.js';
import type { ConfigDocument } from '../config/document.js';
import { configFilePath, readConfigFile, type ConfigFile } from '../config/file.js';
import { AppError } from '../core/errors.js';
import { GENERATOR, ProfileKeys } from '../core/model.js';
import { readSyncState } from '../state/sync-record.js';
import { canRefresh } from '../sso/session-token.js';
import { readSessionToken } from '../sso/token-cache.js';
import { printJson, styleFor, tildify, useColor, type Io } from './io.js';
import { shellWords } from '../core/shell.js';
import { missingProgram, selfCommand } from '../system/installation.js';

export type Severity = 'ok' | 'warn' | 'error';

export interface Finding {
  readonly check: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix?: string;
}

const STALE_DAYS = 30;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

function checkConfig(io: Io, findings: Finding[]): ConfigFile | undefined {
  const path = configFilePath(io.env);
  try {
    const file = readConfigFile(path);
    if (!file.exists) {
      findings.push({
        check: 'config',
        severity: 'error',
        message: `${path} does not exist.`,
        fix: 'Create it with `aws configure sso-session`.',
      });
      return undefined;
    }
    const link = lstatSync(path).isSymbolicLink() ? ` (a symlink to ${file.realPath})` : '';
    findings.push({
      check: 'config',
      severity: 'ok',
      message: `${tildify(io, path)}${link} reads as the AWS CLI reads it.`,
    });
    return file;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    findings.push({
      check: 'config',
      severity: 'error',
      message: error.message,
      fix: error.hint ?? 'Fix the file by hand.',
    });
    return undefined;
  }
}

function checkSessions(io: Io, doc: ConfigDocument, findings: Finding[]): void {
  const sessions = doc.botocore.ssoSessions;
  if (sessions.size === 0) {
    findings.push({
      check: 'sso-session',
      severity: 'warn',
      message: 'no [sso-session] in the config.',
      fix: 'Add one with `aws configure sso-session`.',
    });
  }
  const now = io.now();
  for (const [name, named] of sessions) {
    const startUrl = str(named.get('sso_start_url'));
    const region = str(named.get('sso_region'));
    if (!startUrl || !region) {
      findings.push({
        check: `sso-session ${name}`,
        severity: 'error',
        message: `[sso-session ${name}] (line ${named.section.line + 1}) lacks ${!startUrl ? 'sso_start_url' : 'sso_region'}.`,
        fix: 'Set it with `aws configure sso-session`.',
      });
      continue;
    }
    const status = readSessionToken(io.env, { name, startUrl, region }, now);
    const where = `${startUrl}, ${region}`;
    const login = `aws-org-profiles login --sso-session ${name}`;
    if (status.state === 'valid') {
      const minutes = Math.round((status.token.expiresAt.getTime() - now.getTime()) / 60_000);
      findings.push({
        check: `sso-session ${name}`,
        severity: 'ok',
        message: `${where}: signed in, ${minutes} min left${canRefresh(status.token, now) ? ', refreshable' : ''}.`,
      });
    } else if (status.state === 'expired' && canRefresh(status.token, now)) {
      findings.push({
        check: `sso-session ${name}`,
        severity: 'ok',
        message: `${where}: the token expired at ${status.token.expiresAt.toISOString()} but will be refreshed on next use.`,
      });
    } else if (status.state === 'expired') {
      findings.push({
        check: `sso-session ${name}`,
        severity: 'error',
        message: `${where}: signed out; the token expired at ${status.token.expiresAt.toISOString()} and cannot be refreshed.`,
        fix: login,
      });
    } else if (status.state === 'missing') {
      findings.push({
        check: `sso-session ${name}`,
        severity: 'error',
        message: `${where}: never signed in (no cached token).`,
        fix: login,
      });
    } else {
      findings.push({
        check: `sso-session ${name}`,
        severity: 'error',
        message: `${where}: the cached token cannot be used: ${status.reason}.`,
        fix: login,
      });
    }
  }
}

function checkProfiles(io: Io, file: ConfigFile, findings: Finding[]): void {
  const doc = file.document;
  const { profiles, ssoSessions } = doc.botocore;
  const orphans = new Map<string, string[]>();
  const seen = new Map<string, string>();
  let generated = 0;
  for (const [name, named] of profiles) {
    if (named.sections.length > 1) {
      const lines = named.sections.map((s) => s.line + 1).join(' and ');
      findings.push({
        check: `profile ${name}`,
        severity: 'error',
        message: `defined by several sections (lines ${lines}); the AWS CLI reads only the last.`,
        fix: 'Remove all but one of them.',
      });
    }
    const session = str(named.get(ProfileKeys.session));
    if (session && !ssoSessions.has(session)) orphans.set(session, [...(orphans.get(session) ?? []), name]);
    if (named.get(ProfileKeys.generatedBy) !== GENERATOR) continue;
    generated++;
    const key = [
      session,
      ...[ProfileKeys.accountId, ProfileKeys.role, ProfileKeys.region].map((k) => str(named.get(k))),
    ]
      .map((part) => part ?? '')
      .join('/');
    const twin = seen.get(key);
    if (twin) {
      findings.push({
        check: `profile ${name}`,
        severity: 'warn',
        message: `generated twice for the same account, role and region (also ${twin}).`,
        fix: `aws-org-profiles sync --sso-session ${session ?? ''} --prune`,
      });
    } else seen.set(key, name);
  }
  if (
    profiles.has('default') &&
    doc.parsed.sections.some((s) => s.name === 'default') &&
    doc.parsed.sections.some((s) => /^profile\s+default$/.test(s.name))
  ) {
    findings.push({
      check: 'profile default',
      severity: 'warn',
      message:
        'both [default] and [profile default] exist; the AWS CLI reads the later one, the JS SDK reads [profile default].',
      fix: 'Keep one of them.',
    });
  }
  for (const [session, names] of orphans) {
    findings.push({
      check: `sso-session ${session}`,
      severity: 'error',
      message: `${names.length} profile${names.length === 1 ? '' : 's'} use sso_session ${session}, which is not in the config (e.g. ${names.slice(0, 3).join(', ')}).`,
      fix: `Add [sso-session ${session}] with \`aws configure sso-session\`, or remove those profiles.`,
    });
  }
  // The keys that decide where a call goes must read the same in the AWS CLI and the JS SDK.
  const js = doc.jsSdk.profiles;
  for (const [name, named] of profiles) {
    for (const key of [
      'region',
      'sso_session',
      'sso_account_id',
      'sso_role_name',
      'role_arn',
      'source_profile',
      'credential_process',
    ]) {
      const boto = named.get(key);
      const other = js.get(name)?.[key];
      if (typeof boto === 'string' && other !== undefined && boto !== other) {
        findings.push({
          check: `profile ${name}`,
          severity: 'warn',
          message: `the AWS CLI reads ${key} as "${boto}" but the JS SDK as "${other}".`,
          fix: 'Remove the inline comment (" ;" or " #") from that line.',
        });
      }
    }
  }
  checkCredentialProcess(profiles, findings);
  const state = readSyncState(io.env).syncs[file.path] ?? {};
  const bySession = new Map<string, number>();
  for (const named of profiles.values()) {
    if (named.get(ProfileKeys.generatedBy) !== GENERATOR) continue;
    const s = str(named.get(ProfileKeys.session)) ?? '';
    bySession.set(s, (bySession.get(s) ?? 0) + 1);
  }
  for (const [session, count] of bySession) {
    const last = state[session];
    const days = last ? (io.now().getTime() - new Date(last.at).getTime()) / 86_400_000 : undefined;
    if (days === undefined || days > STALE_DAYS) {
      findings.push({
        check: `sso-session ${session}`,
        severity: 'warn',
        message: `${count} generated profiles ${days === undefined ? 'have no recorded sync' : `were last synced ${Math.floor(days)} days ago`}; accounts and roles may have changed.`,
        fix: `aws-org-profiles sync --sso-session ${session} --prune`,
      });
    }
  }
  findings.push({
    check: 'profiles',
    severity: 'ok',
    message: `${profiles.size} profiles, ${generated} generated by aws-org-profiles.`,
  });
}

/**
 * `sync --credential-process` writes absolute paths of node and of this tool. After a Node.js
 * upgrade or version switch, or a move of the package, they point at nothing, and every AWS call
 * with such a profile fails.
 */
function checkCredentialProcess(profiles: ConfigDocument['botocore']['profiles'], findings: Finding[]): void {
  const broken = new Map<string, { session: string; why: string; names: string[] }>();
  for (const [name, named] of profiles) {
    if (named.get(ProfileKeys.generatedBy) !== GENERATOR) continue;
    const line = str(named.get(ProfileKeys.credentialProcess));
    const why = line === undefined ? undefined : missingProgram(line);
    if (why === undefined) continue;
    const session = str(named.get(ProfileKeys.session)) ?? '';
    const key = `${session}\n${why}`;
    const entry = broken.get(key) ?? { session, why, names: [] };
    entry.names.push(name);
    broken.set(key, entry);
  }
  for (const { session, why, names } of broken.values()) {
    findings.push({
      check: `sso-session ${session}`,
      severity: 'error',
      message: `the credential_process of ${names.length} generated profile${names.length === 1 ? '' : 's'} (e.g. ${names.slice(0, 3).join(', ')}) ${why}.`,
      fix: `aws-org-profiles sync --sso-session ${session} --credential-process`,
    });
  }
}

/** A hook or MCP server that runs another copy of aws-org-profiles than the one checking it. */
function otherInstallation(line: string): string | undefined {
  const bin = shellWords(line)?.[1];
  const self = selfCommand().bin;
  return bin !== undefined && bin.startsWith('/') && bin !== self ? bin : undefined;
}

/** The MCP server that `agent install --mcp` wired into an agent file: its command and arguments. */
function mcpCommandOf(path: string): string[] | undefined {
  try {
    const agent = JSON.parse(readFileSync(path, 'utf8')) as {
      mcpServers?: Record<string, { command?: unknown; args?: unknown }>;
    };
    const server = agent.mcpServers?.['aws-org-profiles'];
    if (typeof server?.command !== 'string' || !Array.isArray(server.args)) return undefined;
    return [server.command, ...server.args.filter((a): a is string => typeof a === 'string')];
  } catch {
    return undefined;
  }
}

function runHook(
  command: string,
  env: Io['env'],
  timeoutMs: number,
): Promise<{ code: number | null; bytes: number; ms: number; stderr: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: '/',
      env: {
        HOME: env.HOME,
        ...(env.AWS_CONFIG_FILE ? { AWS_CONFIG_FILE: env.AWS_CONFIG_FILE } : {}),
        ...(env.XDG_CACHE_HOME ? { XDG_CACHE_HOME: env.XDG_CACHE_HOME } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (bytes += c.length));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, bytes, ms: Math.round(performance.now() - started), stderr });
    });
    child.on('error', () => undefined);
  });
}

interface HookSpec {
  readonly command: string;
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

function hookOf(target: string, path: string, command?: string): HookSpec | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return `is not valid JSON (${(error as Error).message})`;
  }
  if (target === 'claude-code') {
    const groups =
      (parsed as { hooks?: { SessionStart?: { hooks?: { command?: string; timeout?: number }[] }[] } }).hooks
        ?.SessionStart ?? [];
    const hook = groups.flatMap((g) => g.hooks ?? []).find((h) => h.command === command);
    return hook?.command
      ? { command: hook.command, maxBytes: 10_000, timeoutMs: (hook.timeout ?? 60) * 1000 }
      : 'no longer holds the SessionStart hook';
  }
  const agent = parsed as {
    name?: unknown;
    hooks?: { agentSpawn?: { command?: string; timeout_ms?: number; max_output_size?: number }[] };
  };
  const hook = agent.hooks?.agentSpawn?.find(
    (h) => typeof h.command === 'string' && h.command.includes(' context'),
  );
  if (typeof agent.name !== 'string') return 'has no agent name';
  if (!hook?.command) return 'has no agentSpawn hook that runs `context`';
  return {
    command: hook.command,
    maxBytes: hook.max_output_size ?? 10_240,
    timeoutMs: hook.timeout_ms ?? 30_000,
  };
}

async function checkAgents(io: Io, findings: Finding[]): Promise<void> {
  const entries = Object.entries(readManifest(io.env).entries);
  if (entries.length === 0) {
    findings.push({
      check: 'agents',
      severity: 'ok',
      message: 'no agent installed by aws-org-profiles.',
      fix: 'aws-org-profiles agent install',
    });
    return;
  }
  for (const [path, entry] of entries) {
    const check = `agent ${entry.target}`;
    if (!existsSync(path)) {
      findings.push({
        check,
        severity: 'error',
        message: `${tildify(io, path)} was installed but is gone.`,
        fix: `aws-org-profiles agent install --target ${entry.target}`,
      });
      continue;
    }
    const hook = hookOf(entry.target, path, entry.command);
    if (typeof hook === 'string') {
      findings.push({
        check,
        severity: 'error',
        message: `${tildify(io, path)} ${hook}.`,
        fix: `aws-org-profiles agent install --target ${entry.target} --force`,
      });
      continue;
    }
    const fix = `aws-org-profiles agent install --target ${entry.target} --force`;
    const mcp = entry.target === 'claude-code' ? undefined : mcpCommandOf(path);
    const missing = missingProgram(hook.command);
    const mcpMissing = mcp === undefined ? undefined : missingProgram(mcp);
    if (missing !== undefined || mcpMissing !== undefined) {
      findings.push({
        check,
        severity: 'error',
        message: `${missing ? `the hook in ${tildify(io, path)} ${missing}` : `the MCP server in ${tildify(io, path)} ${mcpMissing}`}.`,
        fix,
      });
      continue;
    }
    const other = otherInstallation(hook.command);
    if (other !== undefined) {
      findings.push({
        check,
        severity: 'warn',
        message: `the hook in ${tildify(io, path)} runs another installation of aws-org-profiles (${other}).`,
        fix,
      });
    }
    const run = await runHook(hook.command, io.env, Math.min(hook.timeoutMs, 30_000));
    if (run.code !== 0) {
      findings.push({
        check,
        severity: 'error',
        message: `the hook in ${tildify(io, path)} fails (exit ${run.code ?? 'timeout'}): ${run.stderr.trim().split('\n')[0] ?? ''}`,
        fix: `aws-org-profiles agent install --target ${entry.target} --force`,
      });
    } else if (run.bytes > hook.maxBytes) {
      findings.push({
        check,
        severity: 'warn',
        message: `the hook prints ${run.bytes} bytes, above its limit of ${hook.maxBytes}; the host will cut it.`,
        fix: `aws-org-profiles agent install --target ${entry.target} --force`,
      });
    } else {
      findings.push({
        check,
        severity: run.ms > hook.timeoutMs / 2 ? 'warn' : 'ok',
        message: `${tildify(io, path)}: the hook works from any folder (${run.bytes} bytes in ${run.ms} ms).`,
      });
    }
  }
}

export async function runDoctor(io: Io, options: { json?: boolean }): Promise<number> {
  const findings: Finding[] = [];
  const file = checkConfig(io, findings);
  if (file) {
    checkSessions(io, file.document, findings);
    checkProfiles(io, file, findings);
  }
  await checkAgents(io, findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warn').length;
  if (options.json) {
    printJson(io, { version: 1, ok: errors === 0, errors, warnings, findings });
  } else {
    const s = styleFor(useColor(io, io.stdout));
    const mark = { ok: s.green('ok   '), warn: s.yellow('warn '), error: s.red('error') };
    for (const f of findings) {
      io.stdout.write(`${mark[f.severity]} ${s.bold(f.check)}: ${f.message}\n`);
      if (f.fix && f.severity !== 'ok') io.stdout.write(`      fix: ${f.fix}\n`);
    }
    io.stdout.write(
      `\n${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.\n`,
    );
  }
  return errors > 0 ? 1 : 0;
}
