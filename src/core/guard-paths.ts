/**
 * Which paths the guard keeps agents out of, and whether a path, a glob or a shell word can name
 * one of them. A pattern is an absolute path that may hold glob wildcards (`*`, `?`, `[...]`, `**`)
 * and UNKNOWN (any text, `/` included). It is "inside" a secret when it can name the secret or
 * something below it, and an "ancestor" when it can name a folder above it: a search or a copy
 * from there reaches the secret too. Names are compared without case (macOS and Windows file
 * systems ignore it) and both as written and with symlinks resolved.
 */
import { posix } from 'node:path';
import { UNKNOWN } from './guard-shell.js';

export interface SecretPath {
  /** Absolute, without a trailing slash. */
  readonly path: string;
  /** What it holds, for the message: "the SSO token cache". */
  readonly what: string;
}

/** What the guard knows of the machine: filled by an adapter (state/guard-places.ts), plain data in tests. */
export interface PathView {
  readonly home: string;
  /** Every secret, both as configured and with symlinks resolved. */
  readonly secrets: readonly SecretPath[];
  /** The path with symlinks resolved as far as it exists; the path itself when nothing resolves. */
  readonly realpath: (path: string) => string;
  /**
   * How much matching the event may cost (steps of the glob matcher), spent as it goes: a command
   * built to be slow to judge would otherwise outlast the host's hook timeout, and a hook that
   * times out lets the call through. Spent, it throws TooMuchWork, and the call is blocked.
   */
  readonly budget: { left: number };
}

export class TooMuchWork extends Error {}

function spend(view: PathView, units: number): void {
  view.budget.left -= units;
  if (view.budget.left < 0) throw new TooMuchWork('the command is too costly to judge');
}

const WILD = /[*?[\u0000]/;

type Token = { kind: 'char'; c: string } | { kind: 'one' } | { kind: 'segment' } | { kind: 'any' };

function tokens(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === UNKNOWN) out.push({ kind: 'any' });
    else if (c === '*') {
      let j = i;
      while (pattern[j + 1] === '*') j++;
      out.push({ kind: j > i ? 'any' : 'segment' });
      i = j;
    } else if (c === '?') out.push({ kind: 'one' });
    else if (c === '[' && pattern.indexOf(']', i + 2) !== -1) {
      out.push({ kind: 'one' });
      i = pattern.indexOf(']', i + 2);
    } else out.push({ kind: 'char', c });
  }
  return out;
}

function closure(toks: readonly Token[], states: Set<number>): Set<number> {
  for (const s of states) {
    const t = toks[s];
    if (t && (t.kind === 'segment' || t.kind === 'any')) states.add(s + 1);
  }
  return states;
}

function step(toks: readonly Token[], states: Set<number>, c: string): Set<number> {
  const next = new Set<number>();
  for (const s of states) {
    const t = toks[s];
    if (!t) continue;
    if (t.kind === 'char' && t.c === c) next.add(s + 1);
    else if (t.kind === 'one' && c !== '/') next.add(s + 1);
    else if (t.kind === 'segment' && c !== '/') next.add(s);
    else if (t.kind === 'any') next.add(s);
  }
  return closure(toks, next);
}

/**
 * Whether `pattern` (absolute, lower case) can name `root` or a path below it, or a folder above
 * it. `spend` is charged for the matching.
 */
export function relation(
  pattern: string,
  root: string,
  spend: (units: number) => void = () => undefined,
): 'inside' | 'ancestor' | undefined {
  const wild = pattern.search(WILD);
  if (wild === -1) {
    // A plain path, the common case: compared as text.
    const path = pattern.length > 1 ? pattern.replace(/\/+$/, '') : pattern;
    if (path === root || path.startsWith(`${root}/`)) return 'inside';
    return path === '/' || root.startsWith(`${path}/`) ? 'ancestor' : undefined;
  }
  // Up to its first wildcard a pattern is plain text, which must agree with the root's.
  const fixed = pattern.slice(0, wild);
  if (!root.startsWith(fixed) && !fixed.startsWith(root)) return undefined;
  spend(pattern.length);
  const toks = tokens(pattern.length > 1 ? pattern.replace(/\/+$/, '') : pattern);
  const end = toks.length;
  let states = closure(toks, new Set([0]));
  let ancestor = false;
  for (let i = 0; i < root.length; i++) {
    if (root[i] === '/' && i > 0 && states.has(end)) ancestor = true;
    spend(states.size + 1);
    states = step(toks, states, root[i]!);
    if (i === 0 && states.has(end)) ancestor = true;
    if (states.size === 0) return ancestor ? 'ancestor' : undefined;
  }
  for (const s of states) {
    const t = toks[s];
    if (s === end || t?.kind === 'any' || (t?.kind === 'char' && t.c === '/')) return 'inside';
  }
  return ancestor ? 'ancestor' : undefined;
}

const MAX_PATTERN = 8192;

/** `..` and `.` taken out, as the kernel would once the folders exist. */
function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** `word` as an absolute pattern, relative to `cwd`; a word that starts with UNKNOWN may be anywhere. */
export function absolutePattern(word: string, cwd: string): string {
  if (word.startsWith(UNKNOWN)) return word;
  return normalize(word.startsWith('/') ? word : `${cwd}/${word}`);
}

/** The pattern with the symlinks of its literal folders resolved (the part before any wildcard). */
function resolved(pattern: string, view: PathView): string {
  if (!pattern.startsWith('/') || pattern.length > 4096) return pattern;
  const parts = pattern.split('/');
  const wild = parts.findIndex((p) => WILD.test(p));
  if (wild === -1) return view.realpath(pattern);
  const fixed = parts.slice(0, wild).join('/') || '/';
  return posix.join(view.realpath(fixed), ...parts.slice(wild));
}

/**
 * The secret that `pattern` (from absolutePattern) reaches: one it can name or hold, or, when
 * `recursive` (a search, a copy, an archive), one below a folder it names.
 */
export function secretReached(pattern: string, view: PathView, recursive: boolean): SecretPath | undefined {
  // No path is this long (PATH_MAX is 4096): the rest of a longer word may be anything.
  const cut = pattern.length > MAX_PATTERN ? `${pattern.slice(0, MAX_PATTERN)}${UNKNOWN}` : pattern;
  const forms = new Set([cut.toLowerCase(), resolved(cut, view).toLowerCase()]);
  for (const secret of view.secrets) {
    const root = secret.path.toLowerCase();
    // A word that starts with what cannot be known (`$OUT/x.json`, `$p`) may be anywhere: it counts
    // only when it names the secret's own last part (`$D/credentials`, `$X/sso/cache/a.json`).
    if (pattern.startsWith(UNKNOWN) && !pattern.toLowerCase().includes(root.slice(root.lastIndexOf('/'))))
      continue;
    for (const form of forms) {
      const r = relation(form, root, (units) => spend(view, units));
      if (r === 'inside' || (r === 'ancestor' && recursive)) return secret;
    }
  }
  return undefined;
}

/**
 * The secret whose path shows in `text` (a program's source, an option's value): the part below
 * the home folder (`.aws/sso/cache`), or the whole path for one outside it.
 */
export function secretNamedIn(text: string, view: PathView): SecretPath | undefined {
  const lower = text.toLowerCase();
  const home = `${view.home.toLowerCase().replace(/\/+$/, '')}/`;
  for (const secret of view.secrets) {
    const path = secret.path.toLowerCase();
    const shown = path.startsWith(home) ? path.slice(home.length) : path;
    if (shown.length > 3 && lower.includes(shown)) return secret;
  }
  return undefined;
}
