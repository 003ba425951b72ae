/**
 * Our part of a Claude Code `settings.json`, which otherwise stays the user's: the SessionStart
 * hook that prints the context, the PreToolUse hook that runs the guard before Bash, Read, Grep
 * and Glob, and `permissions.deny` rules for the secret places. Each is added and removed by
 * itself, found by its command or its exact rule text, so the user's own hooks and rules are
 * kept in place and an uninstall gives the settings back as they were.
 */

/** Claude Code truncates hook output above 10,000 characters into a file. */
export const CLAUDE_MAX_BYTES = 10_000;
export const CLAUDE_HOOK_TIMEOUT_S = 30;

export interface ClaudeHook {
  readonly type: 'command';
  readonly command: string;
  readonly timeout: number;
}

export type ClaudeEvent = 'SessionStart' | 'PreToolUse';

interface ClaudeGroup {
  matcher?: string;
  hooks?: unknown[];
  [key: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const SESSION_MATCHER = 'startup|resume|clear|compact';

/**
 * Settings with our hook for `event` present (replacing the one that runs `previous` if given);
 * everything else kept. SessionStart by default.
 */
export function withClaudeHook(
  settings: Record<string, unknown>,
  command: string,
  previous?: string,
  event: ClaudeEvent = 'SessionStart',
  matcher = SESSION_MATCHER,
  timeout = CLAUDE_HOOK_TIMEOUT_S,
): Record<string, unknown> {
  const out = removeClaudeHook(settings, previous ?? command, event).settings;
  const hooks = isObject(out.hooks) ? { ...out.hooks } : {};
  const groups = Array.isArray(hooks[event]) ? [...(hooks[event] as unknown[])] : [];
  const hook: ClaudeHook = { type: 'command', command, timeout };
  groups.push({ matcher, hooks: [hook] });
  hooks[event] = groups;
  return { ...out, hooks };
}

/** Settings without the `event` hook that runs `command`; says whether it was there. */
export function removeClaudeHook(
  settings: Record<string, unknown>,
  command: string,
  event: ClaudeEvent = 'SessionStart',
): { settings: Record<string, unknown>; removed: boolean } {
  if (!isObject(settings.hooks) || !Array.isArray(settings.hooks[event])) return { settings, removed: false };
  let removed = false;
  const groups: unknown[] = [];
  for (const group of settings.hooks[event] as unknown[]) {
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
  if (groups.length > 0) hooks[event] = groups;
  else delete hooks[event];
  const out: Record<string, unknown> = { ...settings };
  if (Object.keys(hooks).length > 0) out.hooks = hooks;
  else delete out.hooks;
  return { settings: out, removed };
}

/** The `event` hook entry that runs `command`, if the settings hold it. */
export function claudeHookEntry(
  settings: unknown,
  command: string | undefined,
  event: ClaudeEvent = 'SessionStart',
): Record<string, unknown> | undefined {
  if (!isObject(settings) || !isObject(settings.hooks)) return undefined;
  const groups = settings.hooks[event];
  if (!Array.isArray(groups)) return undefined;
  const hook = groups
    .flatMap((g) => (isObject(g) && Array.isArray(g.hooks) ? (g.hooks as unknown[]) : []))
    .find((h) => isObject(h) && typeof h.command === 'string' && h.command === command);
  return isObject(hook) ? hook : undefined;
}

const denyList = (settings: Record<string, unknown>): unknown[] =>
  isObject(settings.permissions) && Array.isArray(settings.permissions.deny) ? settings.permissions.deny : [];

function withDenyList(settings: Record<string, unknown>, deny: unknown[]): Record<string, unknown> {
  const permissions: Record<string, unknown> = isObject(settings.permissions)
    ? { ...settings.permissions }
    : {};
  if (deny.length > 0) permissions.deny = deny;
  else delete permissions.deny;
  const out: Record<string, unknown> = { ...settings };
  if (Object.keys(permissions).length > 0) out.permissions = permissions;
  else delete out.permissions;
  return out;
}

/**
 * Settings whose `permissions.deny` holds `rules`. `previous` are the rules an earlier install
 * added: those no longer wanted go, those still wanted stay where they are. A rule the user had
 * already is left as theirs. Returns the rules this install added (ours to remove later).
 */
export function withClaudeDenyRules(
  settings: Record<string, unknown>,
  rules: readonly string[],
  previous: readonly string[] = [],
): { settings: Record<string, unknown>; added: string[] } {
  const wanted = new Set(rules);
  const kept = denyList(settings).filter(
    (r) => !(typeof r === 'string' && previous.includes(r) && !wanted.has(r)),
  );
  const present = new Set(kept.filter((r): r is string => typeof r === 'string'));
  const theirs = new Set([...present].filter((r) => !previous.includes(r)));
  const missing = rules.filter((r) => !present.has(r));
  const added = rules.filter((r) => !theirs.has(r));
  if (missing.length === 0 && kept.length === denyList(settings).length) return { settings, added };
  return { settings: withDenyList(settings, [...kept, ...missing]), added };
}

/** Settings without the `permissions.deny` rules an install added; says whether any were there. */
export function removeClaudeDenyRules(
  settings: Record<string, unknown>,
  rules: readonly string[],
): { settings: Record<string, unknown>; removed: boolean } {
  const before = denyList(settings);
  const after = before.filter((r) => !(typeof r === 'string' && rules.includes(r)));
  if (after.length === before.length) return { settings, removed: false };
  return { settings: withDenyList(settings, after), removed: true };
}
