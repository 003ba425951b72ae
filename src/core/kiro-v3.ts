/**
 * Kiro CLI 3's own files, besides the agent-v1 JSON that Kiro CLI 2 reads. What 3.0 changed, from
 * the Kiro CLI documentation (kiro.dev/docs/cli/v3/hooks, /permissions, /agent-config):
 * - Hooks are standalone files, `.kiro/hooks/<name>.json`: `{"version":"v1","hooks":[{name,
 *   trigger, matcher, action:{type:"command",command}, timeout (seconds), enabled}]}`, applied to
 *   every agent. `agentSpawn` became `SessionStart`; a `PreToolUse` matcher is a regex over the
 *   tool name; a command gets the event as JSON on stdin, and exit 2 blocks the call.
 * - Permissions are rules `{capability, match, exclude, effect: deny|ask|allow}` in
 *   `~/.kiro/settings/permissions.yaml` (user scope) or in a v3 agent profile. Workspace rules are
 *   kept per user under `~/.kiro/workspace-roots/<hash>/` so that a cloned repository cannot bring
 *   its own: there is no workspace file for us to write, and the user file is the one place.
 *   Deny wins over ask and allow, whatever the scope.
 * - The built-in AWS tool is gone (MCP servers replace it). The docs call the read tools `read`,
 *   `grep` and `glob` and the shell tool `shell`; on the Kiro branch of the Q Developer CLI source
 *   (`sync-prod-from-main`, `tools/*.rs` `ToolInfo`) those are aliases of the names the model and
 *   the hooks see, `fs_read` and `execute_bash`. The matcher names both.
 * Kiro CLI 3 still loads agent-v1 files during the transition, with their embedded hooks.
 */
import type { SecretPlaces } from './agent-safety.js';
import { homeRelative, MCP_AUTO_TOOLS } from './agent-safety.js';

/** How the Kiro files are written: for Kiro CLI 2 (the agent file), 3 (agent file + v3 files), or both. */
export type KiroFormat = 'v2' | 'v3' | 'both';
export const KIRO_FORMAT_CHOICES = ['auto', 'v2', 'v3', 'both'] as const;
export type KiroFormatChoice = (typeof KIRO_FORMAT_CHOICES)[number];

/** The version in `kiro-cli --version` output (`kiro-cli 3.0.1`), if there is one. */
export function kiroMajorVersion(output: string): { major: number; text: string } | undefined {
  const match = /\b(\d{1,4})\.\d{1,6}(?:\.\d{1,6})?\b/.exec(output);
  return match ? { major: Number(match[1]), text: match[0] } : undefined;
}

/** The hooks file's name in `.kiro/hooks/`. */
export const KIRO_HOOKS_FILE = 'aws-org-profiles.json';

/**
 * The tools the guard judges, as a v3 matcher: a regex, not anchored here, so that it also holds
 * if the host prefixes or renames them. A tool it does not know passes the guard.
 */
export const KIRO_V3_GUARD_MATCHER = 'fs_read|read|grep|glob|execute_bash|execute_cmd|shell|use_aws';

export const KIRO_CONTEXT_HOOK = 'aws-org-profiles-context';
export const KIRO_GUARD_HOOK = 'aws-org-profiles-guard';

export interface KiroHooksOptions {
  readonly contextCommand: string;
  readonly contextTimeoutS: number;
  /** Absent with `--permissive`. */
  readonly guard?: { readonly command: string; readonly timeoutS: number };
}

export function kiroHooksFile(options: KiroHooksOptions): Record<string, unknown> {
  const hooks: Record<string, unknown>[] = [
    {
      name: KIRO_CONTEXT_HOOK,
      trigger: 'SessionStart',
      action: { type: 'command', command: options.contextCommand },
      timeout: options.contextTimeoutS,
      enabled: true,
    },
  ];
  if (options.guard) {
    hooks.push({
      name: KIRO_GUARD_HOOK,
      trigger: 'PreToolUse',
      matcher: KIRO_V3_GUARD_MATCHER,
      action: { type: 'command', command: options.guard.command },
      timeout: options.guard.timeoutS,
      enabled: true,
    });
  }
  return { version: 'v1', hooks };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The command of a hook named `name` in a parsed v3 hooks file, if it is there and enabled. */
export function kiroHookCommand(parsed: unknown, name: string): string | undefined {
  if (!isObject(parsed) || !Array.isArray(parsed.hooks)) return undefined;
  const hook = (parsed.hooks as unknown[]).find((h) => isObject(h) && h.name === name);
  if (!isObject(hook) || hook.enabled === false || !isObject(hook.action)) return undefined;
  return typeof hook.action.command === 'string' ? hook.action.command : undefined;
}

export interface KiroRule {
  readonly capability: string;
  readonly effect: 'deny' | 'allow';
  readonly match: readonly string[];
}

/**
 * The rules: reads of the secret places denied (absolute paths: the file is the user's own), shell
 * lines that name them or hand out keys denied, and, with the MCP server, its read-only tools and
 * `sign_in` allowed.
 */
export function kiroPermissionRules(places: SecretPlaces, mcpServer?: string): KiroRule[] {
  const reads: string[] = [];
  const shell: string[] = [];
  for (const p of places.paths) {
    reads.push(p.path, ...(p.folder ? [`${p.path}/**`] : []));
    const relative = homeRelative(p.path, places.home);
    shell.push(`*${relative.startsWith('~/') ? relative.slice(1) : relative}*`);
  }
  shell.push('*aws *--debug*', '*aws *export-credentials*', '*aws *get-role-credentials*');
  const rules: KiroRule[] = [
    { capability: 'fs_read', effect: 'deny', match: reads },
    { capability: 'shell', effect: 'deny', match: shell },
  ];
  if (mcpServer) {
    rules.push({ capability: 'mcp', effect: 'allow', match: MCP_AUTO_TOOLS.map((t) => `${mcpServer}/${t}`) });
  }
  return rules;
}

/** The rules as YAML; every string double-quoted (JSON's escapes are YAML's). */
export function permissionsYaml(rules: readonly KiroRule[]): string {
  const lines = [
    '# Written by `aws-org-profiles agent install` for Kiro CLI 3; `aws-org-profiles agent uninstall` removes it.',
    '# To change these rules, edit this file: the next install then leaves it alone.',
    'rules:',
  ];
  for (const rule of rules) {
    lines.push(`  - capability: ${rule.capability}`, `    effect: ${rule.effect}`, '    match:');
    for (const m of rule.match) lines.push(`      - ${JSON.stringify(m)}`);
  }
  return `${lines.join('\n')}\n`;
}
