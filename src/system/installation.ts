/** This very installation, by absolute path: for hooks, MCP servers and credential_process lines. */
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { shellWords } from '../core/shell.js';

/** Set by the bundler: the program's entry point is `dist/bin.cjs` there, `dist/bin.js` as tsc writes it. */
declare const AWS_ORG_PROFILES_BIN: string | undefined;

/** The absolute node and entry point of this very installation. */
export function selfCommand(): { node: string; bin: string } {
  const name = typeof AWS_ORG_PROFILES_BIN === 'string' ? AWS_ORG_PROFILES_BIN : 'bin.js';
  const bin = fileURLToPath(new URL(`../${name}`, import.meta.url));
  return { node: process.execPath, bin: existsSync(bin) ? realpathSync(bin) : bin };
}

/**
 * Why a command that runs aws-org-profiles by absolute paths (`<node> <bin> …`, as `agent install`
 * and `sync --credential-process` write it) no longer works: a Node.js upgrade or version switch
 * removed that node, or the package moved or was removed. Undefined when both exist, and for a
 * command line that is not in that form.
 */
export function missingProgram(command: string | readonly string[]): string | undefined {
  const words = typeof command === 'string' ? shellWords(command) : command;
  if (!words || words.length < 2) return undefined;
  const [node, bin] = words as [string, string];
  if (node.startsWith('/') && !existsSync(node)) {
    return `runs ${node}, which no longer exists (Node.js was upgraded, removed or switched to another version)`;
  }
  if (bin.startsWith('/') && !existsSync(bin)) {
    return `runs ${bin}, which no longer exists (aws-org-profiles was moved, upgraded into another folder, or uninstalled)`;
  }
  return undefined;
}
