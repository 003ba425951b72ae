/** Where each agent host reads its definitions, and which hosts are present on this machine. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { homeDir } from '../config/paths.js';
import type { Env } from '../core/model.js';
import type { AgentTarget } from '../core/agent-definition.js';
import { KIRO_HOOKS_FILE } from '../core/kiro-v3.js';

export type Scope = 'global' | 'workspace';

/**
 * The mode of a host folder this tool creates (`~/.kiro/agents`, a workspace's `.amazonq`): what
 * the hosts give their own folders. Given explicitly, so that `umask 000` cannot make it
 * writable by everyone.
 */
export const HOST_DIR_MODE = 0o755;

/** The folder whose existence says the host is installed, per scope. */
function baseDir(target: AgentTarget, scope: Scope, env: Env, cwd: string): string {
  const root = scope === 'global' ? homeDir(env) : cwd;
  switch (target) {
    case 'amazonq':
      return scope === 'global' ? join(root, '.aws', 'amazonq') : join(root, '.amazonq');
    case 'kiro':
      return join(root, '.kiro');
    case 'claude-code':
      return join(root, '.claude');
  }
}

/**
 * The file we write for a target: the agent JSON for Q Developer CLI (`cli-agents/`) and Kiro CLI
 * (`agents/`), the settings file for Claude Code.
 */
export function targetFile(target: AgentTarget, scope: Scope, name: string, env: Env, cwd: string): string {
  const base = baseDir(target, scope, env, cwd);
  switch (target) {
    case 'amazonq':
      return join(base, 'cli-agents', `${name}.json`);
    case 'kiro':
      return join(base, 'agents', `${name}.json`);
    case 'claude-code':
      return join(base, 'settings.json');
  }
}

/** Kiro CLI 3's hooks file of a scope: `.kiro/hooks/aws-org-profiles.json`. */
export function kiroHooksPath(scope: Scope, env: Env, cwd: string): string {
  return join(baseDir('kiro', scope, env, cwd), 'hooks', KIRO_HOOKS_FILE);
}

/**
 * Kiro CLI 3's permission rules: the user's `~/.kiro/settings/permissions.yaml` whatever the scope,
 * since Kiro keeps a workspace's rules outside the workspace, under a hash of its path.
 */
export function kiroPermissionsPath(env: Env): string {
  return join(homeDir(env), '.kiro', 'settings', 'permissions.yaml');
}

/**
 * The hosts present. Once `~/.kiro` exists, Kiro CLI (the successor of Q Developer CLI) ignores
 * `~/.aws/amazonq/cli-agents/` (`resolve_migrated_path_with_fs` in the Q Developer CLI repository),
 * so both are detected and installed separately. In a workspace, its own folders count first.
 */
export function detectHosts(scope: Scope, env: Env, cwd: string): AgentTarget[] {
  const targets: AgentTarget[] = ['kiro', 'amazonq', 'claude-code'];
  if (scope === 'workspace') {
    const here = targets.filter((t) => existsSync(baseDir(t, 'workspace', env, cwd)));
    if (here.length > 0) return here;
  }
  return targets.filter((t) => existsSync(baseDir(t, 'global', env, cwd)));
}
