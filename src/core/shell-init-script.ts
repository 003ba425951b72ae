/**
 * The snippet of `shell-init bash|zsh|fish`: a shell function `aop` that runs the program, except
 * that `aop use …` also sets AWS_PROFILE in the shell it runs in (a program cannot change its
 * parent's environment), and the completion of both `aop` and the program itself.
 *
 * The profile name comes from a file anyone may edit. The snippet never lets the shell evaluate
 * it: it is only ever expanded inside double quotes, and exported only when it is a plain profile
 * name (the characters that completion offers too, see `completable`). Anything else leaves
 * AWS_PROFILE as it was and fails.
 */
import { completionFunction, type Shell } from './completion-script.js';

/** The name of the shell function. */
export const SHELL_FUNCTION = 'aop';

/** What the shell accepts as a profile name, as a bracket expression: completion-script.ts `completable`. */
const NAME_CHARACTERS = 'A-Za-z0-9._@+=,:/-';

/** Options after which `aop use` prints something else than a name: run as they are, not captured. */
const PASS_THROUGH = ['--help', '-h', '--json'];

const REFUSED = 'aop: not a plain profile name; AWS_PROFILE is unchanged';

function posix(shell: 'bash' | 'zsh', program: string, completion: string): string {
  return [
    `# ${program} in this shell: \`${SHELL_FUNCTION} use\` sets AWS_PROFILE here. Load it with:`,
    `#   eval "$(${program} shell-init ${shell})"`,
    `${SHELL_FUNCTION}() {`,
    '  if [ "${1-}" != use ]; then',
    `    command ${program} "$@"`,
    '    return',
    '  fi',
    '  local __aop_word __aop_name __aop_code',
    '  for __aop_word in "$@"; do',
    '    case "$__aop_word" in',
    `      ${PASS_THROUGH.join('|')}) command ${program} "$@"; return ;;`,
    '    esac',
    '  done',
    `  __aop_name="$(command ${program} "$@")"`,
    '  __aop_code=$?',
    '  [ "$__aop_code" -eq 0 ] || return "$__aop_code"',
    '  case "$__aop_name" in',
    `    ''|*[!${NAME_CHARACTERS}]*)`,
    `      printf '%s\\n' '${REFUSED}' >&2`,
    '      return 1 ;;',
    '  esac',
    '  export AWS_PROFILE="$__aop_name"',
    `  printf 'aop: AWS_PROFILE=%s\\n' "$AWS_PROFILE" >&2`,
    '}',
    '',
    completion.trimEnd(),
    `complete -F ${completionFunction(program)} ${SHELL_FUNCTION}`,
    '',
  ].join('\n');
}

function fish(program: string, completion: string): string {
  const passThrough = PASS_THROUGH.map((o) => `; and not contains -- ${o} $argv`).join('');
  return [
    `# ${program} in this shell: \`${SHELL_FUNCTION} use\` sets AWS_PROFILE here. Load it with:`,
    `#   ${program} shell-init fish | source`,
    `function ${SHELL_FUNCTION} --wraps ${program} --description '${program}; ${SHELL_FUNCTION} use sets AWS_PROFILE'`,
    `    if not begin; test (count $argv) -ge 1; and test "$argv[1]" = use${passThrough}; end`,
    `        command ${program} $argv`,
    '        return',
    '    end',
    `    set -l name (command ${program} $argv)`,
    '    set -l code $status',
    '    if test $code -ne 0',
    '        return $code',
    '    end',
    `    if test (count $name) -ne 1; or not string match -qr -- '^[${NAME_CHARACTERS}]+$' "$name"`,
    `        echo '${REFUSED}' >&2`,
    '        return 1',
    '    end',
    '    set -gx AWS_PROFILE $name',
    '    echo "aop: AWS_PROFILE=$name" >&2',
    'end',
    '',
    completion.trimEnd(),
    '',
  ].join('\n');
}

/** The snippet for `shell`, given the program's own completion script for that shell. */
export function shellInitScript(shell: Shell, program: string, completion: string): string {
  return shell === 'fish' ? fish(program, completion) : posix(shell, program, completion);
}
