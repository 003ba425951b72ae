/**
 * What the installed agent files keep out of an agent's reach by default: the files that hold
 * tokens and keys (the SSO token cache, the AWS CLI's credential cache, `~/.aws/credentials`,
 * our own role credential cache), shell lines that read them or make the AWS CLI print them, and
 * the guard hook in front of the file, shell and AWS tools. Pure: the paths come in as arguments,
 * each written as every host reads it.
 */

/** A file or folder whose contents are keys: the folder and everything under it is fenced. */
export interface SecretPath {
  /** Absolute. */
  readonly path: string;
  readonly folder: boolean;
}

/** The secret places of one user, and their home, to write `~/...` where the host expands it. */
export interface SecretPlaces {
  readonly home: string;
  readonly paths: readonly SecretPath[];
}

/**
 * The places every AWS tool keeps keys in, plus ours: `credentialCache` is aws-org-profiles' role
 * credential folder, `sharedCredentials` the file `AWS_SHARED_CREDENTIALS_FILE` names, if any.
 */
export function secretPlaces(
  home: string,
  credentialCache: string,
  sharedCredentials?: string,
): SecretPlaces {
  const under = (...parts: string[]) => [home.replace(/\/+$/, ''), ...parts].join('/');
  const paths: SecretPath[] = [
    { path: under('.aws', 'sso', 'cache'), folder: true },
    { path: under('.aws', 'cli', 'cache'), folder: true },
    { path: under('.aws', 'credentials'), folder: false },
    { path: credentialCache, folder: true },
  ];
  if (sharedCredentials && sharedCredentials.startsWith('/') && sharedCredentials !== paths[2]!.path) {
    paths.push({ path: sharedCredentials, folder: false });
  }
  return { home, paths };
}

/** `~/rest` for a path under home (every host expands `~`), else the absolute path. */
export function homeRelative(path: string, home: string): string {
  const root = home.replace(/\/+$/, '');
  return root !== '' && path.startsWith(`${root}/`) ? `~${path.slice(root.length)}` : path;
}

/** A path as a literal glob: `*?[]{}` become one-character classes, so a folder name is never a pattern. */
function literalGlob(path: string): string {
  return path.replace(/[*?[\]{}]/g, (c) => `[${c}]`);
}

/**
 * `toolsSettings.fs_read.deniedPaths` for Amazon Q Developer CLI and Kiro CLI 2. The host
 * (`fs_read.rs` `eval_perm`, `util/paths.rs` in aws/amazon-q-developer-cli, on `main` and on the
 * Kiro branch `sync-prod-from-main`) expands `~` and `$VAR` with `shellexpand`, canonicalises the
 * path, and adds two globs per entry, the path itself and `path/**` (`add_gitignore_globs`), then
 * denies any operation whose canonical path matches, even for a tool in `allowedTools`. So one
 * entry per place covers the folder and everything under it, and `~` is right.
 */
export function deniedPaths(places: SecretPlaces): string[] {
  return places.paths.map((p) => literalGlob(homeRelative(p.path, places.home)));
}

/** Escapes only the regex meta characters: older versions of Rust's `regex` reject an escaped `/`. */
const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, (c) => `\\${c}`);

/**
 * `toolsSettings.execute_bash.deniedCommands`. The host wraps each entry as `\A{entry}\z` and
 * compiles it with Rust's `regex` crate (`tools/execute/mod.rs` `eval_perm`; an invalid entry
 * denies everything), so each entry must match the whole command line: `(?is)` lets `.` cross
 * newlines and ignores case (macOS file names are case-insensitive). The entries catch a command
 * line that names a secret place (also from inside `~/.aws`: `sso/cache`, `cli/cache`), AWS CLI
 * commands that hand out keys, and `--debug` (any unambiguous prefix of it, as argparse reads it),
 * which logs the bearer token. The guard hook judges what a regex cannot; these stay as a second
 * fence that works without it.
 */
export function deniedCommands(places: SecretPlaces): string[] {
  const names = new Set<string>();
  for (const p of places.paths) {
    const relative = homeRelative(p.path, places.home);
    // The tail from `.aws/` (or the whole path for a place elsewhere), whatever spelling of home.
    const tail = relative.startsWith('~/') ? relative.slice(2) : relative;
    // The whole SSO folder: its cache holds the tokens, and nothing else in it is for an agent.
    names.add(escapeRegex(tail.replace(/^\.aws\/sso\/cache$/, '.aws/sso')).replace(/\//g, '/+'));
  }
  return [
    `(?is).*(?:${[...names].join('|')}).*`,
    '(?is).*\\b(?:sso|cli)/+cache\\b.*',
    '(?is).*\\baws\\b.*\\b(?:export-credentials|get-role-credentials)\\b.*',
    '(?is).*\\baws\\s.*\\s--(?:d(?:e(?:b(?:ug?)?)?)?|v2-debug)(?:[=\\s].*)?',
  ];
}

/**
 * Claude Code `permissions.deny` rules: `Read(...)` rules follow the gitignore syntax, `~/` is the
 * home folder and `//` starts an absolute path; a Read rule also fences Grep and Glob.
 */
export function claudeDenyRules(places: SecretPlaces): string[] {
  return places.paths.map((p) => {
    const relative = homeRelative(p.path, places.home);
    const path = relative.startsWith('~/') ? relative : `/${relative}`;
    return `Read(${path}${p.folder ? '/**' : ''})`;
  });
}

/** How long a host waits for the guard: it costs about a Node.js start, far less than this. */
export const GUARD_TIMEOUT_MS = 5_000;

/** The built-in tools of Amazon Q Developer CLI and Kiro CLI 2 that the guard judges. */
export const GUARDED_TOOLS = ['fs_read', 'execute_bash', 'use_aws'] as const;

/** Claude Code's tools that the guard judges, as one `PreToolUse` matcher (a regex there). */
export const CLAUDE_GUARD_MATCHER = 'Bash|Read|Grep|Glob';

/**
 * The MCP server's tools an agent may call without asking: the read-only ones, and `sign_in`, which
 * only starts a sign-in the user finishes in the browser. `check_profile` and
 * `run_across_profiles` take credentials, so they ask.
 */
export const MCP_AUTO_TOOLS = [
  'list_profiles',
  'find_profiles',
  'get_profile',
  'session_status',
  'org_tree',
  'sign_in',
] as const;

/** What `--permissive` gives up, said once when it is used. */
export const PERMISSIVE_GIVES_UP = [
  'no guard hook before file, shell and AWS tool calls, and no denied paths or commands:',
  'an agent (or a prompt injected into what it reads) can read the SSO token and credential caches, or run `aws ... --debug`, without asking.',
];
