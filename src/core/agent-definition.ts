/**
 * The agent definitions we install: a custom agent for Amazon Q Developer CLI and Kiro CLI (the
 * `agent-v1` JSON format), and a SessionStart hook for Claude Code. Pure: paths and the hook
 * command come in as arguments.
 */
import { signInCommand } from './sign-in.js';

export type AgentTarget = 'amazonq' | 'kiro' | 'claude-code';
export const AGENT_TARGETS: readonly AgentTarget[] = ['amazonq', 'kiro', 'claude-code'];

export const DEFAULT_AGENT_NAME = 'org-awscli-agent';

export const HOST_NAMES: Record<AgentTarget, string> = {
  amazonq: 'Amazon Q Developer CLI',
  kiro: 'Kiro CLI',
  'claude-code': 'Claude Code',
};

/** How the user starts an installed agent. */
export function startHint(target: AgentTarget, name: string): string {
  switch (target) {
    case 'amazonq':
      return `start it with: q chat --agent ${name}`;
    case 'kiro':
      return `start it with: kiro-cli chat --agent ${name}`;
    case 'claude-code':
      return 'it runs at the start of every Claude Code session';
  }
}

/** The original sample's tool list, the native tools of Q Developer CLI (`tools/mod.rs`). */
const SAMPLE_TOOLS = [
  'fs_read',
  'fs_write',
  'execute_bash',
  'use_aws',
  'gh_issue',
  'knowledge',
  'thinking',
  'todo_list',
];

const SCHEMA_URL =
  'https://raw.githubusercontent.com/aws/amazon-q-developer-cli/refs/heads/main/schemas/agent-v1.json';

/** How long the host waits for `context`. It takes well under a second even at 50,000 profiles. */
export const HOOK_TIMEOUT_MS = 10_000;

export interface AgentOptions {
  readonly name: string;
  /** The full shell command that prints the context, with absolute paths. */
  readonly hookCommand: string;
  readonly maxBytes: number;
  /** An MCP server to wire in: command and args with absolute paths. */
  readonly mcp?: { readonly name: string; readonly command: string; readonly args: readonly string[] };
  readonly each?: boolean;
}

export function agentPrompt(options: Pick<AgentOptions, 'mcp' | 'each'>): string {
  const lines = [
    'You work across the AWS accounts of an AWS Organization. The user signs in once through IAM Identity Center (SSO); ' +
      'aws-org-profiles has written one named AWS profile per account and role, named `<sso-session>-<account name>-<role>` ' +
      '(account name lower-cased, spaces and other characters as `-`, the account id added where two accounts share a name). ' +
      'At the start of each chat your context lists the profiles, the sign-in state and the naming (from `aws-org-profiles context`).',
    '',
    'Rules:',
    '- Every AWS call names a profile: `--profile NAME` on every AWS CLI command; `profile_name` on every `use_aws` call ' +
      '(it ignores AWS_PROFILE and would otherwise use `default`); `AWS_PROFILE=NAME` in the `env` of MCP servers that read only the environment.',
    '- When the user asks about resources without naming an account, work across ALL relevant profiles (for example every ' +
      'account with a read-only role), not just one, and say which accounts you checked. Focus on one account only when asked to.',
    '- Prefer read-only roles (ReadOnlyAccess, ViewOnlyAccess, SecurityAudit, *ReadOnly) unless the user asks for a change. ' +
      'Before changing anything, name the account and role you will use and ask for confirmation.',
    "- A profile missing from your context can be found with `aws-org-profiles list --account 'GLOB' --role ROLE --json` " +
      '(globs match the account name or id).',
  ];
  if (options.each) {
    lines.push(
      "- To run one read command across many accounts, use `aws-org-profiles each --role ROLE --account 'GLOB' --json -- aws ...`: " +
        'it runs the command once per profile with AWS_PROFILE set and gathers the results.',
    );
  }
  if (options.mcp) {
    lines.push(
      `- The \`${options.mcp.name}\` MCP server finds profiles by free text (\`find_profiles\`, e.g. "prod db readonly"), ` +
        'lists and filters them (`list_profiles`), reports sign-in state (`session_status`) and proves that a profile works (`check_profile`).',
    );
  }
  lines.push(
    `- If calls fail because the SSO token is missing or expired, ask the user to run \`${signInCommand('NAME')}\` ` +
      '(or, with AWS CLI v2, `aws sso login --sso-session NAME`), with the sso-session your context names; do not retry in a loop.',
  );
  return lines.join('\n');
}

export function agentDefinition(target: 'amazonq' | 'kiro', options: AgentOptions): Record<string, unknown> {
  const mcpServers: Record<string, unknown> = {};
  const tools = [...SAMPLE_TOOLS];
  const allowedTools = ['fs_read'];
  if (options.mcp) {
    mcpServers[options.mcp.name] = { command: options.mcp.command, args: [...options.mcp.args] };
    tools.push(`@${options.mcp.name}`);
    // The read-only tools run without asking; check_profile takes credentials, so it asks.
    for (const tool of ['list_profiles', 'find_profiles', 'get_profile', 'session_status']) {
      allowedTools.push(`@${options.mcp.name}/${tool}`);
    }
  }
  return {
    $schema: SCHEMA_URL,
    name: options.name,
    description:
      'AWS across every account of the organisation: one named profile per account and role, from aws-org-profiles. ' +
      'Searches all relevant accounts unless told otherwise.',
    prompt: agentPrompt(options),
    mcpServers,
    tools,
    allowedTools,
    resources: [],
    hooks: {
      agentSpawn: [
        { command: options.hookCommand, timeout_ms: HOOK_TIMEOUT_MS, max_output_size: options.maxBytes },
      ],
    },
    toolsSettings: {},
    // Keep the user's own MCP servers (IAM, CloudTrail, …) available to this agent.
    ...(target === 'kiro' ? { includeMcpJson: true } : { useLegacyMcpJson: true }),
  };
}

/** Claude Code truncates hook output above 10,000 characters into a file. */
export const CLAUDE_MAX_BYTES = 10_000;
export const CLAUDE_HOOK_TIMEOUT_S = 30;

export interface ClaudeHook {
  readonly type: 'command';
  readonly command: string;
  readonly timeout: number;
}

interface ClaudeGroup {
  matcher?: string;
  hooks?: unknown[];
  [key: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Settings with our SessionStart hook present (replacing `previous` if given); everything else kept. */
export function withClaudeHook(
  settings: Record<string, unknown>,
  command: string,
  previous?: string,
): Record<string, unknown> {
  const out = removeClaudeHook(settings, previous ?? command).settings;
  const hooks = isObject(out.hooks) ? { ...out.hooks } : {};
  const groups = Array.isArray(hooks.SessionStart) ? [...(hooks.SessionStart as unknown[])] : [];
  const hook: ClaudeHook = { type: 'command', command, timeout: CLAUDE_HOOK_TIMEOUT_S };
  groups.push({ matcher: 'startup|resume|clear|compact', hooks: [hook] });
  hooks.SessionStart = groups;
  return { ...out, hooks };
}

/** Settings without the SessionStart hook that runs `command`; says whether it was there. */
export function removeClaudeHook(
  settings: Record<string, unknown>,
  command: string,
): { settings: Record<string, unknown>; removed: boolean } {
  if (!isObject(settings.hooks) || !Array.isArray(settings.hooks.SessionStart))
    return { settings, removed: false };
  let removed = false;
  const groups: unknown[] = [];
  for (const group of settings.hooks.SessionStart as unknown[]) {
    if (!isObject(group) || !Array.isArray((group as ClaudeGroup).hooks)) {
      groups.push(group);
      continue;
    }
    const hooks = ((group as ClaudeGroup).hooks ?? []).filter((h) => {
      const ours = isObject(h) && h.command === command;
      if (ours) removed = true;
      return !ours;
    });
    if (hooks.length > 0) groups.push({ ...group, hooks });
  }
  if (!removed) return { settings, removed };
  const hooks: Record<string, unknown> = { ...settings.hooks };
  if (groups.length > 0) hooks.SessionStart = groups;
  else delete hooks.SessionStart;
  const out: Record<string, unknown> = { ...settings };
  if (Object.keys(hooks).length > 0) out.hooks = hooks;
  else delete out.hooks;
  return { settings: out, removed };
}

/** The context hook an installed file runs, as the host will run it. */
export interface InstalledHook {
  readonly command: string;
  /** What the host keeps of its output. */
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/**
 * The hook that `agent install` wrote into a host file, read back from its parsed JSON: for
 * Claude Code the SessionStart hook that runs `command`, for the others the `agentSpawn` hook
 * that runs `context`. A string says what is wrong with the file instead.
 */
export function installedHook(
  target: AgentTarget,
  parsed: unknown,
  command?: string,
): InstalledHook | string {
  if (!isObject(parsed)) return 'does not hold a JSON object';
  const hooks = isObject(parsed.hooks) ? parsed.hooks : {};
  if (target === 'claude-code') {
    const groups = Array.isArray(hooks.SessionStart) ? hooks.SessionStart : [];
    const hook = groups
      .flatMap((g) => (isObject(g) && Array.isArray(g.hooks) ? (g.hooks as unknown[]) : []))
      .find((h) => isObject(h) && typeof h.command === 'string' && h.command === command);
    if (!isObject(hook)) return 'no longer holds the SessionStart hook';
    const timeout = typeof hook.timeout === 'number' && hook.timeout > 0 ? hook.timeout : 60;
    return { command: hook.command as string, maxBytes: CLAUDE_MAX_BYTES, timeoutMs: timeout * 1000 };
  }
  if (typeof parsed.name !== 'string') return 'has no agent name';
  const spawnHooks: unknown[] = Array.isArray(hooks.agentSpawn) ? hooks.agentSpawn : [];
  const hook = spawnHooks.find(
    (h) => isObject(h) && typeof h.command === 'string' && h.command.includes(' context'),
  );
  if (!isObject(hook)) return 'has no agentSpawn hook that runs `context`';
  const positive = (value: unknown, fallback: number) =>
    typeof value === 'number' && value > 0 ? value : fallback;
  return {
    command: hook.command as string,
    maxBytes: positive(hook.max_output_size, 10_240),
    timeoutMs: positive(hook.timeout_ms, 30_000),
  };
}

/** The command and arguments of the MCP server that `agent install --mcp` wired into an agent file. */
export function installedMcpServer(parsed: unknown): string[] | undefined {
  if (!isObject(parsed) || !isObject(parsed.mcpServers)) return undefined;
  const server = parsed.mcpServers['aws-org-profiles'];
  if (!isObject(server) || typeof server.command !== 'string' || !Array.isArray(server.args))
    return undefined;
  return [server.command, ...server.args.filter((a): a is string => typeof a === 'string')];
}
