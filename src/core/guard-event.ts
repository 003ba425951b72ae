/**
 * The guard's decision on one pre-tool-use hook event, as the agent host sends it on stdin:
 *
 * - Amazon Q Developer CLI and Kiro CLI 2: `{"hook_event_name":"preToolUse","cwd","tool_name",
 *   "tool_input"}` with `fs_read {operations:[{mode, path | image_paths}]}` (older builds: one
 *   `{mode, path}`), `execute_bash {command}` (`execute_cmd` on Windows builds), `use_aws
 *   {service_name, operation_name, parameters, region, profile_name?}` (../shared/REFERENCE.md).
 * - Kiro CLI 3 (and late 2.x): the built-in tools are renamed `read`, `glob`, `grep`, `write`,
 *   `shell` and `aws`, with the same inputs (kiro.dev/docs/cli/reference/built-in-tools; their
 *   `toolsSettings` keys are `read`, `shell` and `aws`); hooks get the same event, with the
 *   trigger written `PreToolUse` (kiro.dev/docs/cli/hooks).
 * - Claude Code: `{session_id, transcript_path, cwd, hook_event_name:"PreToolUse", tool_name,
 *   tool_input}` with `Bash {command}`, `Read {file_path}`, `Grep {pattern, path?, glob?}`, `Glob
 *   {pattern, path?}`, and in older releases `LS {path}` and `NotebookRead {notebook_path}`.
 *
 * Tool names are compared without case. Any other tool passes (MCP tools included: the MCP server
 * has its own rules). A shell, file or AWS tool whose input cannot be read is blocked: every host
 * lets the call run on any exit code but 2, so the guard fails closed.
 */
import { useAwsBlock } from './guard-aws.js';
import { shellLineBlock } from './guard-commands.js';
import { absolutePattern, secretReached, TooMuchWork, type PathView } from './guard-paths.js';
import { ShellTooDeep } from './guard-shell.js';
import { escapeControls, quoteValue } from './untrusted-text.js';

export type Verdict = { readonly allow: true } | { readonly allow: false; readonly reason: string };

type ToolKind = 'shell' | 'read' | 'search' | 'glob' | 'aws';

const TOOLS: Readonly<Record<string, ToolKind>> = {
  execute_bash: 'shell',
  execute_cmd: 'shell',
  shell: 'shell',
  bash: 'shell',
  fs_read: 'read',
  read: 'read',
  ls: 'read',
  notebookread: 'read',
  grep: 'search',
  glob: 'glob',
  use_aws: 'aws',
  aws: 'aws',
};

const ALLOW: Verdict = { allow: true };

/** Thrown for a tool input the guard cannot read. */
class Unreadable extends Error {}

function block(reason: string): Verdict {
  return { allow: false, reason: `aws-org-profiles guard blocked this call: ${escapeControls(reason)}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(input: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const value = input[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') throw new Unreadable(`its "${name}" is not text`);
  return value;
}

/** `~`, `$HOME` and `${HOME}` at the start of a path, as the hosts' file tools read them. */
function expandHome(path: string, home: string): string {
  const m = /^(~|\$HOME|\$\{HOME\})(?=\/|$)/.exec(path);
  return m ? `${home}${path.slice(m[0].length)}` : path;
}

/** Every path a file tool's input names: `path`, `file_path`, `paths`, `image_paths`, and those of `operations`. */
function pathsOf(input: Record<string, unknown>): string[] {
  const out: string[] = [];
  const take = (holder: Record<string, unknown>) => {
    for (const name of ['path', 'file_path', 'notebook_path']) {
      const value = stringField(holder, name, false);
      if (value !== undefined) out.push(value);
    }
    for (const name of ['paths', 'image_paths']) {
      const value = holder[name];
      if (value === undefined) continue;
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        throw new Unreadable(`its "${name}" is not a list of paths`);
      out.push(...value);
    }
  };
  take(input);
  const operations = input.operations;
  if (operations !== undefined) {
    if (!Array.isArray(operations)) throw new Unreadable('its "operations" is not a list');
    for (const op of operations) {
      if (!isObject(op)) throw new Unreadable('one of its operations is not an object');
      take(op);
    }
  }
  return out;
}

function fileBlock(paths: readonly string[], cwd: string, view: PathView, recursive: boolean): Verdict {
  for (const path of paths) {
    const secret = secretReached(absolutePattern(expandHome(path, view.home), cwd), view, recursive);
    if (secret) {
      return block(
        `${quoteValue(path)} reaches ${secret.what} (${secret.path}), which holds the SSO token or AWS credentials that open every account and role; agents may not read it. Read project files, or use AWS CLI calls with --profile NAME.`,
      );
    }
  }
  return ALLOW;
}

function judgeTool(kind: ToolKind, input: Record<string, unknown>, cwd: string, view: PathView): Verdict {
  if (kind === 'shell') {
    const reason = shellLineBlock(stringField(input, 'command', true)!, cwd, view);
    return reason ? block(reason) : ALLOW;
  }
  if (kind === 'aws') {
    const service = stringField(input, 'service_name', true)!;
    const operation = stringField(input, 'operation_name', true)!;
    let parameters: unknown = input.parameters ?? {};
    if (typeof parameters === 'string') {
      try {
        parameters = JSON.parse(parameters);
      } catch {
        throw new Unreadable('its "parameters" is neither an object nor JSON');
      }
    }
    if (!isObject(parameters)) throw new Unreadable('its "parameters" is not an object');
    const reason = useAwsBlock(service, operation, parameters);
    return reason ? block(reason) : ALLOW;
  }
  const paths = pathsOf(input);
  if (kind === 'read') {
    if (paths.length === 0) throw new Unreadable('it names no path');
    return fileBlock(paths, cwd, view, false);
  }
  // A search: from its folder (the working folder when none is given), through the whole tree.
  const roots = paths.length > 0 ? paths : [cwd];
  const verdict = fileBlock(roots, cwd, view, true);
  if (!verdict.allow || kind !== 'glob') return verdict;
  const pattern = stringField(input, 'pattern', true)!;
  const expanded = expandHome(pattern, view.home);
  const globs = expanded.startsWith('/')
    ? [expanded]
    : roots.map((r) => `${expandHome(r, view.home)}/${pattern}`);
  return fileBlock(globs, cwd, view, true);
}

/**
 * The verdict on the hook event `text`. `processCwd` stands in for an event without an absolute
 * `cwd`. Never throws: what it cannot read for a shell, file or AWS tool is blocked.
 */
export function judgeHookEvent(text: string, view: PathView, processCwd: string): Verdict {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    return block('the hook event on stdin is not JSON, so the guard cannot tell what the tool would do.');
  }
  if (!isObject(event)) return block('the hook event on stdin is not a JSON object.');
  const name = event.hook_event_name;
  if (typeof name === 'string' && name.toLowerCase() !== 'pretooluse') return ALLOW;
  const tool = event.tool_name;
  if (typeof tool !== 'string') return block('the hook event names no tool ("tool_name").');
  const kind = Object.hasOwn(TOOLS, tool.toLowerCase()) ? TOOLS[tool.toLowerCase()] : undefined;
  if (!kind) return ALLOW;
  const cwd = typeof event.cwd === 'string' && event.cwd.startsWith('/') ? event.cwd : processCwd;
  try {
    const input = event.tool_input;
    if (!isObject(input)) throw new Unreadable('its "tool_input" is not an object');
    return judgeTool(kind, input, cwd, view);
  } catch (error) {
    const why =
      error instanceof Unreadable || error instanceof ShellTooDeep || error instanceof TooMuchWork
        ? error.message
        : `the guard failed reading it (${error instanceof Error ? error.name : 'error'})`;
    return block(`the ${quoteValue(tool, 40)} call cannot be read (${why}), so it may not run.`);
  }
}
