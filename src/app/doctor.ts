/**
 * Doctor: checks the whole setup and says how to fix each problem: the config, the sign-in of each
 * sso-session, generated profiles, conflicts, staleness, and installed agents (including running
 * their hook the way the host would, and timing it). The report is a list of findings.
 */
import { readHostFile } from '../agents/host-files.js';
import type { ConfigDocument } from '../config/document.js';
import { readConfigFile, type ConfigFile } from '../config/file.js';
import { configFilePath } from '../config/paths.js';
import { incompleteSessionFix } from '../config/sessions.js';
import { basename, dirname } from 'node:path';
import { kiroHooksPath, targetFile } from '../agents/hosts.js';
import {
  DEFAULT_AGENT_NAME,
  HOOK_TIMEOUT_MS,
  installedHook,
  installedMcpServer,
  missingSafety,
  type InstalledHook,
} from '../core/agent-definition.js';
import { KIRO_CONTEXT_HOOK, KIRO_GUARD_HOOK, kiroHookCommand } from '../core/kiro-v3.js';
import { DEFAULT_MAX_BYTES } from '../core/context-text.js';
import { AppError } from '../core/errors.js';
import { GENERATOR, ProfileKeys } from '../core/model.js';
import { shellWords } from '../core/shell.js';
import { setupFix, signInFix } from '../core/sign-in.js';
import { humanTime } from '../core/time-text.js';
import { nonEmpty } from '../core/values.js';
import { sessionState } from '../sso/sign-in-state.js';
import { readManifest, sha256, type InstalledEntry } from '../state/agent-manifest.js';
import { secretPlacesOf } from '../state/credential-cache.js';
import { lastSync } from '../state/sync-record.js';
import { startChild } from '../system/children.js';
import { missingProgram, selfCommand } from '../system/installation.js';
import type { Runtime } from './runtime.js';

export type Severity = 'ok' | 'warn' | 'error';

export interface Finding {
  /** What was checked: `config`, `sso-session NAME`, `profile NAME`, `agent TARGET`, … */
  readonly check: string;
  readonly severity: Severity;
  readonly message: string;
  /** What to do about it: a command, or what to change by hand. */
  readonly fix?: string;
}

export interface DoctorReport {
  readonly findings: readonly Finding[];
  readonly errors: number;
  readonly warnings: number;
}

const STALE_DAYS = 30;
/** The longest doctor waits for an agent's hook, whatever the hook's own timeout. */
const HOOK_WAIT_MS = 30_000;

/** The keys that decide where a call goes: they must read the same in the AWS CLI and the JS SDK. */
const ROUTING_KEYS = [
  'region',
  'sso_session',
  'sso_account_id',
  'sso_role_name',
  'role_arn',
  'source_profile',
  'credential_process',
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function checkConfig(rt: Runtime, findings: Finding[]): ConfigFile | undefined {
  const path = configFilePath(rt.env);
  try {
    const file = readConfigFile(path);
    if (!file.exists) {
      findings.push({
        check: 'config',
        severity: 'error',
        message: `${path} does not exist yet.`,
        fix: setupFix(),
      });
      return undefined;
    }
    const link = file.realPath !== path ? ` (a symlink to ${file.realPath})` : '';
    findings.push({
      check: 'config',
      severity: 'ok',
      message: `${path}${link} reads as the AWS CLI reads it.`,
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

function checkSessions(rt: Runtime, doc: ConfigDocument, findings: Finding[]): void {
  const sessions = doc.botocore.ssoSessions;
  if (sessions.size === 0) {
    findings.push({
      check: 'sso-session',
      severity: 'warn',
      message: 'no [sso-session] in the config.',
      fix: setupFix(),
    });
  }
  const now = rt.now();
  for (const [name, named] of sessions) {
    const check = `sso-session ${name}`;
    const startUrl = nonEmpty(named.get('sso_start_url')) ?? null;
    const region = nonEmpty(named.get('sso_region')) ?? null;
    if (!startUrl || !region) {
      findings.push({
        check,
        severity: 'error',
        message: `[sso-session ${name}] (line ${named.section.line + 1}) lacks ${!startUrl ? 'sso_start_url' : 'sso_region'}.`,
        fix: incompleteSessionFix(name),
      });
      continue;
    }
    const s = sessionState(rt.env, { name, startUrl, region }, now);
    const where = `${startUrl}, ${region}`;
    const fix = signInFix(name);
    switch (s.state) {
      case 'signed-in': {
        const minutes = Math.round((s.expiresAt!.getTime() - now.getTime()) / 60_000);
        findings.push({
          check,
          severity: 'ok',
          message: `${where}: signed in, ${minutes} min left${s.renewable ? ', refreshable' : ''}.`,
        });
        break;
      }
      case 'refreshable':
        findings.push({
          check,
          severity: 'ok',
          message: `${where}: the token expired at ${humanTime(s.expiresAt!)} but will be refreshed on next use.`,
        });
        break;
      case 'expired':
        findings.push({
          check,
          severity: 'error',
          message: `${where}: signed out; the token expired at ${humanTime(s.expiresAt!)} and cannot be refreshed.`,
          fix,
        });
        break;
      case 'missing':
        findings.push({
          check,
          severity: 'error',
          message: `${where}: not signed in (no cached token).`,
          fix,
        });
        break;
      case 'invalid':
        findings.push({
          check,
          severity: 'error',
          message: `${where}: the cached token cannot be used: ${s.reason}.`,
          fix,
        });
        break;
    }
  }
}

type Profiles = ConfigDocument['botocore']['profiles'];

function checkDuplicates(doc: ConfigDocument, findings: Finding[]): void {
  const { profiles, ssoSessions } = doc.botocore;
  const orphans = new Map<string, string[]>();
  const seen = new Map<string, string>();
  for (const [name, named] of profiles) {
    if (named.sections.length > 1) {
      findings.push({
        check: `profile ${name}`,
        severity: 'error',
        message: `defined by several sections (lines ${named.sections.map((s) => s.line + 1).join(' and ')}); the AWS CLI reads only the last.`,
        fix: 'Remove all but one of them.',
      });
    }
    const session = nonEmpty(named.get(ProfileKeys.session));
    if (session && !ssoSessions.has(session)) orphans.set(session, [...(orphans.get(session) ?? []), name]);
    if (named.get(ProfileKeys.generatedBy) !== GENERATOR) continue;
    const key = [
      session,
      ...[ProfileKeys.accountId, ProfileKeys.role, ProfileKeys.region].map((k) => nonEmpty(named.get(k))),
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
      message: `${plural(names.length, 'profile')} use sso_session ${session}, which is not in the config (e.g. ${names.slice(0, 3).join(', ')}).`,
      fix: `Add [sso-session ${session}] with: ${setupFix(session)}; or remove those profiles.`,
    });
  }
}

function checkReadings(doc: ConfigDocument, findings: Finding[]): void {
  const js = doc.jsSdk.profiles;
  for (const [name, named] of doc.botocore.profiles) {
    for (const key of ROUTING_KEYS) {
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
}

/**
 * `sync --credential-process` writes absolute paths of node and of this tool. After a Node.js
 * upgrade or version switch, or a move of the package, they point at nothing, and every AWS call
 * with such a profile fails.
 */
function checkCredentialProcess(profiles: Profiles, findings: Finding[]): void {
  const broken = new Map<string, { session: string; why: string; names: string[] }>();
  for (const [name, named] of profiles) {
    if (named.get(ProfileKeys.generatedBy) !== GENERATOR) continue;
    const line = nonEmpty(named.get(ProfileKeys.credentialProcess));
    const why = line === undefined ? undefined : missingProgram(line);
    if (why === undefined) continue;
    const session = nonEmpty(named.get(ProfileKeys.session)) ?? '';
    const key = `${session}\n${why}`;
    const entry = broken.get(key) ?? { session, why, names: [] };
    entry.names.push(name);
    broken.set(key, entry);
  }
  for (const { session, why, names } of broken.values()) {
    findings.push({
      check: `sso-session ${session}`,
      severity: 'error',
      message: `the credential_process of ${plural(names.length, 'generated profile')} (e.g. ${names.slice(0, 3).join(', ')}) ${why}.`,
      fix: `aws-org-profiles sync --sso-session ${session} --credential-process`,
    });
  }
}

function checkStaleness(rt: Runtime, file: ConfigFile, findings: Finding[]): number {
  const bySession = new Map<string, number>();
  let generated = 0;
  for (const named of file.document.botocore.profiles.values()) {
    if (named.get(ProfileKeys.generatedBy) !== GENERATOR) continue;
    generated++;
    const s = nonEmpty(named.get(ProfileKeys.session)) ?? '';
    bySession.set(s, (bySession.get(s) ?? 0) + 1);
  }
  for (const [session, count] of bySession) {
    const last = lastSync(rt.env, file.path, session);
    const days = last ? (rt.now().getTime() - last.at.getTime()) / 86_400_000 : undefined;
    if (days === undefined || days > STALE_DAYS) {
      findings.push({
        check: `sso-session ${session}`,
        severity: 'warn',
        message: `${count} generated profiles ${days === undefined ? 'have no recorded sync' : `were last synced ${Math.floor(days)} days ago`}; accounts and roles may have changed.`,
        fix: `aws-org-profiles sync --sso-session ${session} --prune`,
      });
    }
  }
  return generated;
}

function checkProfiles(rt: Runtime, file: ConfigFile, findings: Finding[]): void {
  const doc = file.document;
  checkDuplicates(doc, findings);
  checkReadings(doc, findings);
  checkCredentialProcess(doc.botocore.profiles, findings);
  const generated = checkStaleness(rt, file, findings);
  findings.push({
    check: 'profiles',
    severity: 'ok',
    message: `${doc.botocore.profiles.size} profiles, ${generated} generated by aws-org-profiles.`,
  });
}

/** A hook or MCP server that runs another copy of aws-org-profiles than the one checking it. */
function otherInstallation(line: string): string | undefined {
  const bin = shellWords(line)?.[1];
  return bin !== undefined && bin.startsWith('/') && bin !== selfCommand().bin ? bin : undefined;
}

interface HookRun {
  readonly code: number | null;
  readonly bytes: number;
  readonly ms: number;
  readonly stderr: string;
}

/** Runs a hook as the host would, but from `/` and with a minimal environment. */
async function runHook(rt: Runtime, command: string, timeoutMs: number): Promise<HookRun> {
  const started = performance.now();
  const { env } = rt;
  const child = startChild('/bin/sh', ['-c', command], {
    cwd: '/',
    env: {
      HOME: env.HOME,
      ...(env.AWS_CONFIG_FILE ? { AWS_CONFIG_FILE: env.AWS_CONFIG_FILE } : {}),
      ...(env.XDG_CACHE_HOME ? { XDG_CACHE_HOME: env.XDG_CACHE_HOME } : {}),
    },
    timeoutMs,
  });
  const outcome = await child.done;
  return {
    code: outcome.timedOut ? null : outcome.code,
    bytes: Buffer.byteLength(outcome.stdout),
    ms: Math.round(performance.now() - started),
    stderr: outcome.stderr,
  };
}

/** The file's JSON, or what is wrong with it. */
function readJson(path: string): { parsed: unknown; text: string } | string {
  let text: string | undefined;
  try {
    text = readHostFile(path);
  } catch (error) {
    return `cannot be read (${(error as Error).message})`;
  }
  if (text === undefined) return 'was installed but is gone';
  try {
    return { parsed: JSON.parse(text) as unknown, text };
  } catch (error) {
    return `is not valid JSON (${(error as Error).message})`;
  }
}

/** The context hook the file holds, or what is wrong with the file. */
function hookOf(path: string, entry: InstalledEntry): InstalledHook | string {
  const file = readJson(path);
  if (typeof file === 'string') return file;
  if (entry.kind === 'kiro-hooks') {
    const command = kiroHookCommand(file.parsed, KIRO_CONTEXT_HOOK);
    if (!command) return 'has no enabled SessionStart hook that runs `context`';
    const max = Number(/\s--max-bytes (\d+)\b/.exec(command)?.[1] ?? DEFAULT_MAX_BYTES);
    return { command, maxBytes: max, timeoutMs: HOOK_TIMEOUT_MS };
  }
  return installedHook(entry.target, file.parsed, entry.command);
}

function mcpServerOf(path: string): string[] | undefined {
  try {
    return installedMcpServer(JSON.parse(readHostFile(path) ?? 'null'));
  } catch {
    return undefined;
  }
}

/** The install command that writes this file again: its target, name and scope. */
function installFix(rt: Runtime, path: string, entry: InstalledEntry, force: boolean): string {
  const { target } = entry;
  const words = ['aws-org-profiles', 'agent', 'install', '--target', target];
  const name = basename(path, '.json');
  const byName = target === 'claude-code' || entry.kind ? DEFAULT_AGENT_NAME : name;
  if (entry.kind === 'kiro-hooks' || entry.hooksFile) words.push('--kiro-format', 'v3');
  if (byName !== DEFAULT_AGENT_NAME) words.push('--name', byName);
  // The options it was installed with, as far as the file tells: a fix must not drop them.
  const hook = hookOf(path, entry);
  const context = typeof hook === 'string' ? '' : hook.command;
  const max = /\s--max-bytes (\d+)\b/.exec(context)?.[1];
  if (target !== 'claude-code' && max && Number(max) !== DEFAULT_MAX_BYTES) words.push('--max-bytes', max);
  const mcp = entry.kind
    ? /\s--mcp$/.test(context)
    : target !== 'claude-code' && mcpServerOf(path) !== undefined;
  if (mcp) words.push('--mcp');
  const global =
    entry.kind === 'kiro-hooks'
      ? kiroHooksPath('global', rt.env, rt.cwd) === path
      : entry.kind === 'kiro-permissions' || targetFile(target, 'global', byName, rt.env, rt.cwd) === path;
  if (entry.permissive) words.push('--permissive');
  if (force) words.push('--force');
  if (!global) words.push('--scope', 'workspace');
  const line = words.join(' ');
  if (global) return line;
  // The workspace holds `.claude/settings.json`, or `.kiro/agents/NAME.json` and the like.
  const folder = dirname(dirname(path));
  return `${line} (in ${target === 'claude-code' ? folder : dirname(folder)})`;
}

/** What the file lacks of what this version writes by default; nothing for a --permissive install. */
function outdated(rt: Runtime, path: string, entry: InstalledEntry): Finding | undefined {
  if (entry.permissive || entry.kind === 'kiro-permissions') return undefined;
  const file = readJson(path);
  if (typeof file === 'string') return undefined;
  const missing =
    entry.kind === 'kiro-hooks'
      ? kiroHookCommand(file.parsed, KIRO_GUARD_HOOK)
        ? []
        : ['the guard hook']
      : missingSafety(entry.target, file.parsed, secretPlacesOf(rt.env));
  if (missing.length === 0) return undefined;
  const changed = entry.sha256 !== undefined && entry.sha256 !== sha256(file.text);
  return {
    check: `agent ${entry.target}`,
    severity: 'warn',
    message:
      `${path} is outdated: it lacks ${missing.join(', ')}, which keep the token and credential caches from the agent` +
      `${changed ? ' (and it was changed by hand)' : ''}.`,
    fix: installFix(rt, path, entry, changed),
  };
}

/** Kiro CLI 3's permission rules: there, and still as written (or the user's own now). */
function checkPermissions(path: string, entry: InstalledEntry): Finding {
  const check = `agent ${entry.target}`;
  let text: string | undefined;
  try {
    text = readHostFile(path);
  } catch (error) {
    return { check, severity: 'error', message: `${path} cannot be read (${(error as Error).message}).` };
  }
  if (text === undefined) {
    return {
      check,
      severity: 'warn',
      message: `${path}, the permission rules for Kiro CLI 3, was installed but is gone.`,
      fix: 'aws-org-profiles agent install --target kiro --kiro-format v3',
    };
  }
  const mine = entry.sha256 === sha256(text);
  return {
    check,
    severity: 'ok',
    message: `${path}: the permission rules for Kiro CLI 3 are ${mine ? 'as installed' : 'yours now (changed by hand)'}.`,
  };
}

async function checkAgent(rt: Runtime, path: string, entry: InstalledEntry): Promise<Finding[]> {
  const { target } = entry;
  if (entry.kind === 'kiro-permissions') return [checkPermissions(path, entry)];
  const check = `agent ${target}`;
  const fix = installFix(rt, path, entry, true);
  const stale = outdated(rt, path, entry);
  const hook = hookOf(path, entry);
  if (typeof hook === 'string' && entry.hooksFile && hook.startsWith('has no agentSpawn hook')) {
    // Installed for Kiro CLI 3 alone: the hooks file runs the hooks, and is checked on its own.
    return [
      ...(stale ? [stale] : []),
      { check, severity: 'ok', message: `${path}: its hooks are in ${entry.hooksFile}.` },
    ];
  }
  if (typeof hook === 'string') {
    const gone = hook === 'was installed but is gone';
    return [
      {
        check,
        severity: 'error',
        message: `${path} ${hook}.`,
        fix: gone ? installFix(rt, path, entry, false) : fix,
      },
    ];
  }
  const mcp = target === 'claude-code' || entry.kind ? undefined : mcpServerOf(path);
  const missing = missingProgram(hook.command);
  const mcpMissing = mcp === undefined ? undefined : missingProgram(mcp);
  if (missing !== undefined || mcpMissing !== undefined) {
    const what = missing ? `the hook in ${path} ${missing}` : `the MCP server in ${path} ${mcpMissing}`;
    return [{ check, severity: 'error', message: `${what}.`, fix }];
  }
  const findings: Finding[] = stale ? [stale] : [];
  const other = otherInstallation(hook.command);
  if (other !== undefined) {
    findings.push({
      check,
      severity: 'warn',
      message: `the hook in ${path} runs another installation of aws-org-profiles (${other}).`,
      fix,
    });
  }
  const run = await runHook(rt, hook.command, Math.min(hook.timeoutMs, HOOK_WAIT_MS));
  if (run.code !== 0) {
    findings.push({
      check,
      severity: 'error',
      message: `the hook in ${path} fails (exit ${run.code ?? 'timeout'}): ${run.stderr.trim().split('\n')[0] ?? ''}`,
      fix,
    });
  } else if (run.bytes > hook.maxBytes) {
    findings.push({
      check,
      severity: 'warn',
      message: `the hook prints ${run.bytes} bytes, above its limit of ${hook.maxBytes}; the host will cut it.`,
      fix,
    });
  } else {
    findings.push({
      check,
      severity: run.ms > hook.timeoutMs / 2 ? 'warn' : 'ok',
      message: `${path}: the hook works from any folder (${run.bytes} bytes in ${run.ms} ms).`,
    });
  }
  return findings;
}

async function checkAgents(rt: Runtime, findings: Finding[]): Promise<void> {
  const entries = Object.entries(readManifest(rt.env).entries);
  if (entries.length === 0) {
    findings.push({
      check: 'agents',
      severity: 'ok',
      message: 'no agent installed by aws-org-profiles.',
      fix: 'aws-org-profiles agent install',
    });
    return;
  }
  for (const [path, entry] of entries) findings.push(...(await checkAgent(rt, path, entry)));
}

export async function doctor(rt: Runtime): Promise<DoctorReport> {
  const findings: Finding[] = [];
  const file = checkConfig(rt, findings);
  if (file) {
    checkSessions(rt, file.document, findings);
    checkProfiles(rt, file, findings);
  }
  await checkAgents(rt, findings);
  return {
    findings,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warn').length,
  };
}
