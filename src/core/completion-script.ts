/**
 * Shell completion scripts for bash, zsh and fish, rendered from a plain description of the
 * commands (taken from the argument parser, so the scripts never drift from the real options).
 * Profile, sso-session and role names come at completion time from
 * `aws-org-profiles completion --values KIND`, one per line: the scripts only ever compare them as
 * text and never let the shell expand them, since they come from a file that anyone may have
 * edited (bash's `compgen -W` would expand `$(…)` in a profile name).
 */
import { shellQuote } from './shell.js';

/** What an option's value completes to. */
export type ValueKind =
  | { readonly kind: 'profiles' | 'sessions' | 'roles' | 'file' | 'free' }
  | { readonly kind: 'choice'; readonly values: readonly string[] };

export interface CompletionOption {
  /** `--role`, and `-v` where there is a short form. */
  readonly flags: readonly string[];
  readonly description: string;
  /** Undefined for a switch that takes no value. */
  readonly value?: ValueKind;
}

export interface CompletionCommand {
  /** `sync`, or `agent install` for a subcommand. */
  readonly path: string;
  readonly description: string;
  readonly options: readonly CompletionOption[];
  /** The first positional argument's values (`completion bash|zsh|fish`, `create ROLE_NAME`). */
  readonly argument?: ValueKind;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** The names the scripts ask for at completion time (`completion --values KIND`). */
export const NAME_KINDS = ['profiles', 'sessions', 'roles'] as const;
export type NameKind = (typeof NAME_KINDS)[number];
export type Shell = (typeof SHELLS)[number];

/** Names the completion scripts may offer: what a shell word holds without quoting. */
export function completable(name: string): boolean {
  return /^[A-Za-z0-9._@+=,:/-]+$/.test(name);
}

const dynamic = (kind: string) => kind === 'profiles' || kind === 'sessions' || kind === 'roles';

function valueCase(value: ValueKind, program: string): string {
  if (value.kind === 'choice') return `_aop_words ${value.values.map(shellQuote).join(' ')}`;
  if (value.kind === 'file') return 'COMPREPLY=($(compgen -f -- "$cur"))';
  if (dynamic(value.kind)) return `_aop_values ${shellQuote(program)} ${value.kind}`;
  return 'COMPREPLY=()';
}

/** The bash (and zsh) function that completes `program`'s command lines: `_aws_org_profiles`. */
export const completionFunction = (program: string): string => `_${program.replace(/[^A-Za-z0-9]/g, '_')}`;

function bash(program: string, commands: readonly CompletionCommand[]): string {
  const fn = completionFunction(program);
  const top = commands.filter((c) => !c.path.includes(' ')).map((c) => c.path);
  const parents = [
    ...new Set(commands.filter((c) => c.path.includes(' ')).map((c) => c.path.split(' ')[0]!)),
  ];
  // An option's value: the same option name takes the same kind of value in every command.
  const byFlag = new Map<string, ValueKind>();
  for (const c of commands)
    for (const o of c.options) if (o.value) o.flags.forEach((f) => byFlag.set(f, o.value!));
  const valued = [...byFlag.keys()].sort();
  const lines: string[] = [
    `# bash completion for ${program}. Load it with:`,
    `#   source <(${program} completion bash)`,
    '',
    '# The words that start with $cur, compared as text: never expanded by the shell.',
    '_aop_words() {',
    '  local word',
    '  COMPREPLY=()',
    '  for word in "$@"; do',
    '    [[ $word == "$cur"* ]] && COMPREPLY+=("$word")',
    '  done',
    '}',
    '',
    '# Profile, sso-session or role names from the config, one per line, compared as text.',
    '_aop_values() {',
    '  local line',
    '  COMPREPLY=()',
    '  while IFS= read -r line; do',
    '    [[ $line == "$cur"* ]] && COMPREPLY+=("$line")',
    '  done < <("$1" completion --values "$2" 2>/dev/null)',
    '}',
    '',
    `${fn}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" path="" word i',
    '  (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  for (( i = 1; i < COMP_CWORD; i++ )); do',
    '    word="${COMP_WORDS[i]}"',
    '    # After `--`, `each` runs another command: complete that one as the shell would.',
    '    if [[ $word == -- ]]; then compopt -o default 2>/dev/null; COMPREPLY=(); return; fi',
    '    case "$word" in',
    ...(valued.length > 0 ? [`      ${valued.join('|')}) (( i++ )); continue ;;`] : []),
    '      -*) continue ;;',
    '    esac',
    '    if [[ -z $path ]]; then',
    '      path="$word"',
    '    else',
    '      case "$path" in',
    ...(parents.length > 0 ? [`        ${parents.join('|')}) path="$path $word" ;;`] : []),
    '        *) break ;;',
    '      esac',
    '    fi',
    '  done',
    '  case "$prev" in',
  ];
  const free = valued.filter((f) => byFlag.get(f)!.kind === 'free');
  if (free.length > 0) lines.push(`    ${free.join('|')}) COMPREPLY=(); return ;;`);
  for (const flag of valued.filter((f) => byFlag.get(f)!.kind !== 'free')) {
    lines.push(`    ${flag}) ${valueCase(byFlag.get(flag)!, program)}; return ;;`);
  }
  lines.push('  esac', '  case "$path" in');
  for (const c of commands) {
    const options = c.options.flatMap((o) => o.flags).concat('--help');
    const subcommands = commands
      .filter((s) => s.path.startsWith(`${c.path} `))
      .map((s) => s.path.slice(c.path.length + 1));
    const words =
      subcommands.length > 0
        ? `_aop_words ${subcommands.join(' ')}`
        : c.argument
          ? valueCase(c.argument, program)
          : 'COMPREPLY=()';
    lines.push(
      `    ${shellQuote(c.path)})`,
      `      if [[ $cur == -* ]]; then _aop_words ${options.join(' ')}; else ${words}; fi ;;`,
    );
  }
  lines.push(
    `    *) if [[ $cur == -* ]]; then _aop_words --help --version --debug; else _aop_words ${top.join(' ')}; fi ;;`,
    '  esac',
    '}',
    '',
    `complete -F ${fn} ${program}`,
    '',
  );
  return lines.join('\n');
}

function zsh(program: string, commands: readonly CompletionCommand[]): string {
  // zsh runs the bash script through its own bash-completion layer, so both shells offer the same.
  return [
    `#compdef ${program}`,
    `# zsh completion for ${program}. Load it with:`,
    `#   source <(${program} completion zsh)`,
    '(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }',
    'autoload -U +X bashcompinit && bashcompinit',
    '',
    bash(program, commands)
      .split('\n')
      .filter((l) => !l.startsWith('# bash completion') && !l.startsWith('#   source'))
      .join('\n'),
  ].join('\n');
}

/** Single-quoted for fish, where only `\\` and `'` need escaping inside quotes. */
const fq = (text: string) => `'${text.replace(/[\\']/g, '\\$&')}'`;

function fish(program: string, commands: readonly CompletionCommand[]): string {
  const top = commands.filter((c) => !c.path.includes(' '));
  const lines = [
    `# fish completion for ${program}. Load it with:`,
    `#   ${program} completion fish | source`,
    `complete -c ${program} -f`,
  ];
  const valueArgs = (value: ValueKind) => {
    if (value.kind === 'choice') return ` -x -a ${fq(value.values.join(' '))}`;
    if (value.kind === 'file') return ' -r -F';
    if (dynamic(value.kind))
      return ` -x -a ${fq(`(${program} completion --values ${value.kind} 2>/dev/null)`)}`;
    return ' -x';
  };
  lines.push(`complete -c ${program} -n __fish_use_subcommand -l help -d 'show help'`);
  lines.push(`complete -c ${program} -n __fish_use_subcommand -l version -s V -d 'show the version'`);
  for (const c of top) {
    lines.push(`complete -c ${program} -n __fish_use_subcommand -a ${c.path} -d ${fq(c.description)}`);
  }
  for (const c of commands) {
    const words = c.path.split(' ');
    const condition =
      words.length === 1
        ? `__fish_seen_subcommand_from ${words[0]}`
        : `__fish_seen_subcommand_from ${words[0]}; and __fish_seen_subcommand_from ${words[1]}`;
    const subcommands = commands.filter((s) => s.path.startsWith(`${c.path} `));
    for (const s of subcommands) {
      const sub = s.path.slice(c.path.length + 1);
      const none = subcommands.map((x) => x.path.slice(c.path.length + 1)).join(' ');
      lines.push(
        `complete -c ${program} -n ${fq(`${condition}; and not __fish_seen_subcommand_from ${none}`)} -a ${sub} -d ${fq(s.description)}`,
      );
    }
    if (c.argument) lines.push(`complete -c ${program} -n ${fq(condition)}${valueArgs(c.argument)}`);
    for (const o of c.options) {
      const long = o.flags.find((f) => f.startsWith('--'))?.slice(2);
      const short = o.flags.find((f) => /^-[^-]$/.test(f))?.slice(1);
      lines.push(
        `complete -c ${program} -n ${fq(condition)}${long ? ` -l ${long}` : ''}${short ? ` -s ${short}` : ''}` +
          `${o.value ? valueArgs(o.value) : ''} -d ${fq(o.description)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(
  shell: Shell,
  program: string,
  commands: readonly CompletionCommand[],
): string {
  if (shell === 'bash') return bash(program, commands);
  if (shell === 'zsh') return zsh(program, commands);
  return fish(program, commands);
}
