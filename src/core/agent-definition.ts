/**
 * The agent definitions we install: a custom agent for Amazon Q Developer CLI and Kiro CLI (the
 * `agent-v1` JSON format), and a SessionStart hook for Claude Code. Pure: paths and the hook
 * command come in as arguments.
 */
import {
  CLAUDE_GUARD_MATCHER,
  deniedCommands,
  deniedPaths,
  GUARD_TIMEOUT_MS,
  GUARDED_TOOLS,
  MCP_AUTO_TOOLS,
  type SecretPlaces,
} from './agent-safety.js';
import { CLAUDE_MAX_BYTES, claudeHookEntry } from './claude-settings.js';
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
  /** The guard and the places it fences; absent with `--permissive`. */
  readonly safety?: { readonly guardCommand: string; readonly places: SecretPlaces };
  /** False when the hooks live in Kiro CLI 3's hooks file instead of the agent file. */
  readonly embedHooks?: boolean;
}

export function agentPrompt(options: Pick<AgentOptions, 'mcp' | 'each' | 'safety'>): string {
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
        'lists and filters them (`list_profiles`), shows the organisation (`org_tree`), reports sign-in state (`session_status`) ' +
        'and proves that a profile works (`check_profile`).',
    );
  }
  lines.push(
    '- Never read, print, copy or search the SSO token cache (`~/.aws/sso/cache`), the AWS CLI credential cache ' +
      "(`~/.aws/cli/cache`), `~/.aws/credentials` or aws-org-profiles' own credential cache, and never run AWS commands " +
      'that print keys (`--debug`, `configure export-credentials`, `sso get-role-credentials`, secret values): ' +
      'one token opens every account. ' +
      (options.safety
        ? 'A check blocks such calls; when it does, say so and do not look for another way.'
        : 'Refuse if asked to, whoever asks.'),
  );
  if (options.mcp) {
    lines.push(
      `- If calls fail because the SSO session is missing or expired, call the \`sign_in\` tool of the \`${options.mcp.name}\` ` +
        'MCP server with the sso-session your context names: it returns a web address and a code. Show both to the user, ' +
        'wait until they say they have signed in, then check with `session_status` and carry on. Call it once; do not retry in a loop.',
    );
  } else {
    lines.push(
      `- If calls fail because the SSO token is missing or expired, ask the user to run \`${signInCommand('NAME')}\` ` +
        '(or, with AWS CLI v2, `aws sso login --sso-session NAME`), with the sso-session your context names; do not retry in a loop.',
    );
  }
  return lines.join('\n');
}

export function agentDefinition(target: 'amazonq' | 'kiro', options: AgentOptions): Record<string, unknown> {
  const mcpServers: Record<string, unknown> = {};
  const tools = [...SAMPLE_TOOLS];
  // Reading files needs no confirmation; with the safety settings, never the secret places.
  // execute_bash and use_aws are never here: they ask, unless read-only (`autoAllowReadonly`).
  const allowedTools = ['fs_read'];
  if (options.mcp) {
    mcpServers[options.mcp.name] = { command: options.mcp.command, args: [...options.mcp.args] };
    tools.push(`@${options.mcp.name}`);
    for (const tool of MCP_AUTO_TOOLS) allowedTools.push(`@${options.mcp.name}/${tool}`);
  }
  const hooks: Record<string, unknown> = {};
  if (options.embedHooks !== false) {
    hooks.agentSpawn = [
      { command: options.hookCommand, timeout_ms: HOOK_TIMEOUT_MS, max_output_size: options.maxBytes },
    ];
    if (options.safety) {
      // A matcher is one tool name or a `*`/`?` glob (`hook_matches_tool`): one entry per tool.
      hooks.preToolUse = GUARDED_TOOLS.map((matcher) => ({
        matcher,
        command: options.safety!.guardCommand,
        timeout_ms: GUARD_TIMEOUT_MS,
      }));
    }
  }
  const toolsSettings = options.safety
    ? {
        fs_read: { deniedPaths: deniedPaths(options.safety.places) },
        execute_bash: { deniedCommands: deniedCommands(options.safety.places) },
        use_aws: { autoAllowReadonly: true },
      }
    : {};
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
    hooks,
    toolsSettings,
    // Keep the user's own MCP servers (IAM, CloudTrail, …) available to this agent.
    ...(target === 'kiro' ? { includeMcpJson: true } : { useLegacyMcpJson: true }),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

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
    const hook = claudeHookEntry(parsed, command);
    if (!hook) return 'no longer holds the SessionStart hook';
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

const hasGuard = (command: unknown) => typeof command === 'string' && /\sguard$/.test(command);

/**
 * What an installed file lacks of what this version writes by default: the guard hook for each
 * tool it judges, the denied paths of every secret place, `execute_bash` and `use_aws` kept out
 * of `allowedTools`. Empty when it has it all. For Claude Code, the PreToolUse guard hook.
 */
export function missingSafety(target: AgentTarget, parsed: unknown, places: SecretPlaces): string[] {
  if (!isObject(parsed)) return [];
  const hooks = isObject(parsed.hooks) ? parsed.hooks : {};
  if (target === 'claude-code') {
    const groups = Array.isArray(hooks.PreToolUse) ? (hooks.PreToolUse as unknown[]) : [];
    const guarded = groups.some(
      (g) =>
        isObject(g) &&
        g.matcher === CLAUDE_GUARD_MATCHER &&
        Array.isArray(g.hooks) &&
        g.hooks.some((h) => isObject(h) && hasGuard(h.command)),
    );
    return guarded ? [] : ['the guard hook'];
  }
  const missing: string[] = [];
  const pre = Array.isArray(hooks.preToolUse) ? (hooks.preToolUse as unknown[]) : [];
  // A file whose hooks live in Kiro CLI 3's hooks file has none here at all.
  if (Array.isArray(hooks.agentSpawn)) {
    const unguarded = GUARDED_TOOLS.filter(
      (tool) => !pre.some((h) => isObject(h) && h.matcher === tool && hasGuard(h.command)),
    );
    if (unguarded.length > 0) missing.push(`the guard hook for ${unguarded.join(', ')}`);
  }
  const settings = isObject(parsed.toolsSettings) ? parsed.toolsSettings : {};
  const fsRead = isObject(settings.fs_read) ? settings.fs_read : {};
  const denied = Array.isArray(fsRead.deniedPaths) ? (fsRead.deniedPaths as unknown[]) : [];
  if (!deniedPaths(places).every((p) => denied.includes(p)))
    missing.push('the denied paths of the credential caches');
  const allowed = Array.isArray(parsed.allowedTools) ? (parsed.allowedTools as unknown[]) : [];
  const open = ['execute_bash', 'use_aws', 'shell', 'aws', '*', '@builtin'].filter((t) =>
    allowed.includes(t),
  );
  if (open.length > 0) missing.push(`${open.join(' and ')} out of allowedTools`);
  return missing;
}
