/**
 * The guard's judgement of a shell command line: every simple command in it (guard-shell.ts),
 * looked at through the programs that run another one (`sudo`, `env`, `xargs`, `timeout N`,
 * `bash -c`, `eval`, `find -exec` ...), for words that reach the token and credential caches and
 * for AWS CLI and aws-org-profiles commands that print secrets.
 */
import { awsCliBlock } from './guard-aws.js';
import {
  absolutePattern,
  secretNamedIn,
  secretReached,
  type PathView,
  type SecretPath,
} from './guard-paths.js';
import { parseShell, UNKNOWN } from './guard-shell.js';
import { quoteValue } from './untrusted-text.js';

/** Programs that run the command in their arguments, and their options that take a value. */
const WRAPPERS: Readonly<Record<string, readonly string[]>> = {
  sudo: ['-u', '-g', '-p', '-C', '-D', '-r', '-t', '-U', '-h', '-T', '-R'],
  doas: ['-u', '-C'],
  env: ['-u', '-C', '--unset', '--chdir'],
  command: [],
  builtin: [],
  exec: ['-a'],
  nohup: [],
  time: ['-f', '-o', '--format', '--output'],
  nice: ['-n', '--adjustment'],
  ionice: ['-c', '-n', '-p'],
  stdbuf: ['-i', '-o', '-e'],
  timeout: ['-s', '-k', '--signal', '--kill-after'],
  xargs: [
    '-a',
    '-d',
    '-E',
    '-I',
    '-L',
    '-n',
    '-P',
    '-s',
    '--arg-file',
    '--delimiter',
    '--max-args',
    '--max-procs',
  ],
  // Shell keywords before a command.
  if: [],
  then: [],
  else: [],
  elif: [],
  do: [],
  while: [],
  until: [],
  '!': [],
  '{': [],
};
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'busybox', 'fish', 'su']);
const GREPS = new Set(['grep', 'egrep', 'fgrep', 'zgrep', 'ggrep']);
/** Programs that read a whole folder tree from a path they are given. */
const RECURSIVE = new Set([
  'find',
  'rg',
  'ag',
  'ack',
  'tar',
  'bsdtar',
  'zip',
  '7z',
  '7za',
  'cp',
  'scp',
  'rsync',
  'fd',
  'fdfind',
  'cpio',
  'tree',
]);
const TOOL_NAMES = new Set(['aws-org-profiles', 'aop']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** A value the AWS CLI reads from a file (`file://`, `fileb://`), maybe after `--option=`. */
const LOADED_FROM = /^(?:[A-Za-z0-9_-]*=)?fileb?:\/\/(.*)$/is;

const base = (word: string) => word.slice(word.lastIndexOf('/') + 1);

interface Judge {
  readonly view: PathView;
  readonly cwds: string[];
  readonly depth: number;
}

/** The command a wrapper runs: its arguments after its own options (and, for timeout, the duration). */
function afterWrapper(name: string, args: readonly string[]): string[] {
  const valued = WRAPPERS[name]!;
  let i = 0;
  while (i < args.length) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (name === 'env' && ASSIGNMENT.test(a)) i++;
    else if (a.startsWith('-') && a.length > 1) i += valued.includes(a) ? 2 : 1;
    else break;
  }
  if (name === 'timeout') i++;
  return args.slice(i);
}

/** The command that finally runs, wrappers and assignments taken off; whether xargs adds arguments. */
function innermost(words: readonly string[]): { argv: string[]; xargs: boolean } {
  let argv = [...words];
  let xargs = false;
  for (let hops = 0; hops < 64; hops++) {
    while (argv.length > 0 && ASSIGNMENT.test(argv[0]!)) argv = argv.slice(1);
    const name = argv[0] === undefined ? undefined : base(argv[0]);
    if (name === undefined || !Object.hasOwn(WRAPPERS, name)) break;
    if (name === 'xargs') xargs = true;
    argv = afterWrapper(name, argv.slice(1));
  }
  return { argv, xargs };
}

function isRecursive(argv: readonly string[]): boolean {
  const name = base(argv[0] ?? '');
  if (RECURSIVE.has(name) || name.includes(UNKNOWN)) return true;
  if (GREPS.has(name)) {
    return argv.some(
      (a) => /^-[a-zA-Z]*[rR]/.test(a) || /^--(dereference-)?recursive$|^--directories=recurse$/.test(a),
    );
  }
  if (name === 'ls') return argv.some((a) => /^-[a-zA-Z]*R/.test(a) || a === '--recursive');
  if (name === 'aws') return argv.includes('sync') || argv.includes('--recursive');
  return false;
}

/** The places a word may name: itself, what follows `=` in it, and a `file://` or `fileb://` path. */
function pathsIn(word: string): string[] {
  const out = [word];
  const eq = word.indexOf('=');
  if (eq !== -1) out.push(word.slice(eq + 1));
  if (/file/i.test(word)) {
    for (const w of [...out]) {
      const loaded = LOADED_FROM.exec(w);
      if (loaded) out.push(loaded[1]!);
    }
  }
  return out;
}

function secretMessage(secret: SecretPath, word: string): string {
  return `${quoteValue(word)} reaches ${secret.what} (${secret.path}), which holds the SSO token or AWS credentials that open every account and role; agents may not read it. Use AWS CLI calls with --profile NAME instead.`;
}

function pathBlock(words: readonly string[], recursive: boolean, judge: Judge): string | undefined {
  for (const word of words) {
    const named = secretNamedIn(word, judge.view);
    if (named) return secretMessage(named, word);
    for (const whole of pathsIn(word)) {
      // No path is longer (PATH_MAX is 4096); the rest of a longer word may be anything.
      const path = whole.length > 8192 ? `${whole.slice(0, 8192)}${UNKNOWN}` : whole;
      const expanded = path.startsWith('~/') ? `${judge.view.home}${path.slice(1)}` : path;
      for (const cwd of judge.cwds) {
        const secret = secretReached(absolutePattern(expanded, cwd), judge.view, recursive);
        if (secret) return secretMessage(secret, word);
      }
    }
  }
  return undefined;
}

/** Why aws-org-profiles' arguments `args` must not run for an agent, or undefined. */
function toolBlock(args: readonly string[], judge: Judge): string | undefined {
  const command = args.find((a) => !a.startsWith('-'));
  if (command === 'credentials')
    return `"aws-org-profiles credentials" prints role credentials, which are not handed to agents. Use AWS CLI calls with --profile NAME instead.`;
  if (command === 'exec')
    return `"aws-org-profiles exec" runs a command with role credentials in its environment, which agents may not do. Use AWS CLI calls with --profile NAME instead.`;
  if (command === 'console' && args.some((a) => a === '--url' || a.startsWith('--url=')))
    return `"aws-org-profiles console --url" prints a sign-in link that opens the console without a password, which is not handed to agents. Ask the user to open the console.`;
  if (command === 'each') {
    const dash = args.indexOf('--');
    if (dash !== -1) return argvBlock(args.slice(dash + 1), judge);
  }
  return undefined;
}

/** The arguments of aws-org-profiles when `argv` runs it (directly, through npx or node), else undefined. */
function toolArgs(argv: readonly string[]): string[] | undefined {
  const name = base(argv[0]!);
  if (TOOL_NAMES.has(name)) return argv.slice(1);
  const rest = argv.slice(1);
  const first = rest.findIndex((a) => !a.startsWith('-'));
  if (first === -1) return undefined;
  const target = rest[first]!;
  if (['npx', 'pnpx', 'bunx'].includes(name) && /^aws-org-profiles(@.*)?$/.test(target))
    return rest.slice(first + 1);
  if (
    /^(node|nodejs|bun)$/.test(name) &&
    (/^bin\.c?js$/.test(base(target)) || target.includes('aws-org-profiles'))
  )
    return rest.slice(first + 1);
  return undefined;
}

/** Why the program `argv` (wrappers already taken off or not) must not run for an agent, or undefined. */
function argvBlock(words: readonly string[], judge: Judge): string | undefined {
  const { argv, xargs } = innermost(words);
  if (argv.length === 0) return undefined;
  const name = base(argv[0]!);
  const args = argv.slice(1);
  if (SHELLS.has(name)) {
    const flag = args.findIndex((a) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a));
    if (flag !== -1 && args[flag + 1] !== undefined) return lineBlock(args[flag + 1]!, judge);
  }
  if (name === 'eval') return lineBlock(args.join(' '), judge);
  if (name === 'find') {
    for (let i = 0; i < args.length; i++) {
      if (/^-(exec|execdir|ok|okdir)$/.test(args[i]!)) {
        const end = args.findIndex((a, j) => j > i && (a === ';' || a === '+'));
        const reason = argvBlock(args.slice(i + 1, end === -1 ? undefined : end), judge);
        if (reason) return reason;
      }
    }
  }
  const unknownProgram = name.includes(UNKNOWN);
  if (/^aws(\.exe|\.cmd)?$/.test(name) || unknownProgram) {
    const reason = awsCliBlock(args, xargs);
    if (reason) return reason;
  }
  if (/^python[0-9.]*$/.test(name)) {
    const m = args.findIndex((a, i) => a === '-m' && args[i + 1] === 'awscli');
    if (m !== -1) {
      const reason = awsCliBlock(args.slice(m + 2), xargs);
      if (reason) return reason;
    }
  }
  const tool = unknownProgram ? args : toolArgs(argv);
  return tool && toolBlock(tool, judge);
}

function lineBlock(line: string, judge: Judge): string | undefined {
  return shellLineBlock(line, judge.cwds[judge.cwds.length - 1]!, judge.view, judge.depth + 1, judge.cwds);
}

/**
 * Why the shell line must not run for an agent, or undefined. Relative paths are read against
 * `cwd` and against every folder a `cd` on the line goes to, so `cd ~/.aws && cat sso/cache/*`
 * counts. Throws ShellTooDeep for a line nested too deeply to read.
 */
export function shellLineBlock(
  line: string,
  cwd: string,
  view: PathView,
  depth = 0,
  cwds: string[] = [cwd],
): string | undefined {
  const judge: Judge = { view, cwds, depth };
  for (const { words } of parseShell(line, view.home, depth)) {
    const { argv } = innermost(words);
    const name = base(argv[0] ?? '');
    if ((name === 'cd' || name === 'pushd') && argv[1] !== '-') {
      const target = argv.slice(1).find((a) => !a.startsWith('-')) ?? view.home;
      cwds.push(absolutePattern(target, cwds[cwds.length - 1]!));
    }
    const reason = pathBlock(words, isRecursive(argv), judge) ?? argvBlock(words, judge);
    if (reason) return reason;
  }
  return undefined;
}
