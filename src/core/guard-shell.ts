/**
 * A shell command line read the way a POSIX shell (bash, zsh) would split it, for the guard: every
 * simple command it runs, wherever it sits (pipes, `&&`, `;`, new lines, subshells, `$( )`,
 * backticks, loop bodies, here-documents), with quotes and escapes removed and the expansions that
 * can be known done (`~`, `$HOME`, `${HOME}`, variables assigned earlier on the line). What cannot
 * be known here (another variable, a command's output, `{a,b}`) becomes UNKNOWN, which the path
 * rules read as "any text at all": the guard errs on the side of blocking.
 *
 * Not a shell: it never fails on a line a shell would reject (an unclosed quote runs to the end),
 * and a here-document's body is read as more commands, which only shows more words to the rules.
 */

/** Stands for text the guard cannot know: matches anything, `/` included. NUL is never in a shell word. */
export const UNKNOWN = '\u0000';

/** Deeper nesting than this (`$( $( ... ) )`, `bash -c` in `bash -c`) is refused rather than read. */
export const MAX_DEPTH = 16;

export interface ShellCommand {
  /** The words after expansion, assignments (`NAME=value`) included. */
  readonly words: readonly string[];
}

export class ShellTooDeep extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/** Runs of characters that stand for themselves, outside quotes and inside double quotes. */
const PLAIN = /[^\s;&|()<>'"\\$`{~#]+/y;
const QUOTED = /[^"\\$`]+/y;
const SEPARATORS = new Set(['\n', '\r', ';', '&', '|', '(', ')', '<', '>']);
const ANSI_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
};

class Parser {
  pos = 0;
  readonly commands: ShellCommand[] = [];

  constructor(
    readonly src: string,
    readonly home: string,
    readonly vars: Map<string, string>,
    readonly depth: number,
  ) {
    if (depth > MAX_DEPTH) throw new ShellTooDeep('the command nests shells or substitutions too deeply');
  }

  /** Reads commands until the end, or until an unmatched `end` (the `)` of `$(`). */
  list(end?: ')'): void {
    let words: string[] = [];
    let word = '';
    let inWord = false;
    let parens = 0;
    const endWord = () => {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    };
    const endCommand = () => {
      endWord();
      if (words.length > 0) this.finish(words);
      words = [];
    };
    const src = this.src;
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      if (c === ')' && end === ')' && parens === 0) {
        this.pos++;
        break;
      }
      if (c === ' ' || c === '\t') {
        endWord();
        this.pos++;
      } else if (SEPARATORS.has(c)) {
        if (c === '(') parens++;
        if (c === ')' && parens > 0) parens--;
        endCommand();
        this.pos++;
      } else if (c === '#' && !inWord) {
        while (this.pos < src.length && src[this.pos] !== '\n') this.pos++;
      } else {
        PLAIN.lastIndex = this.pos;
        const run = PLAIN.exec(src);
        if (run) {
          word += run[0];
          this.pos += run[0].length;
        } else {
          const tilde = c === '~' && (!inWord || word.endsWith('=') || word.endsWith(':'));
          word += tilde ? this.tilde() : this.piece(false);
        }
        inWord = true;
      }
    }
    endCommand();
  }

  /** `~` or `~/...`: the home folder; `~user`: some other home, unknown. */
  tilde(): string {
    const src = this.src;
    let i = this.pos + 1;
    while (i < src.length && /[A-Za-z0-9._-]/.test(src[i]!)) i++;
    const user = src.slice(this.pos + 1, i);
    this.pos = i;
    return user === '' ? this.home : UNKNOWN;
  }

  /** One piece of a word at `pos`: a quoted part, an expansion, an escape or one plain character. */
  piece(inDoubleQuotes: boolean): string {
    const src = this.src;
    const c = src[this.pos]!;
    if (c === '\\') {
      const next = src[this.pos + 1];
      this.pos += 2;
      if (next === undefined) return '';
      if (next === '\n') return '';
      if (inDoubleQuotes && !'$`"\\'.includes(next)) return `\\${next}`;
      return next;
    }
    if (c === "'" && !inDoubleQuotes) {
      const close = src.indexOf("'", this.pos + 1);
      const text = src.slice(this.pos + 1, close === -1 ? undefined : close);
      this.pos = close === -1 ? src.length : close + 1;
      return text;
    }
    if (c === '"' && !inDoubleQuotes) return this.doubleQuoted();
    if (c === '$') return this.dollar();
    if (c === '`') return this.backticks();
    if (c === '{' && !inDoubleQuotes) return this.brace();
    this.pos++;
    return c;
  }

  doubleQuoted(): string {
    const src = this.src;
    this.pos++;
    let text = '';
    while (this.pos < src.length && src[this.pos] !== '"') {
      QUOTED.lastIndex = this.pos;
      const run = QUOTED.exec(src);
      if (run) {
        text += run[0];
        this.pos += run[0].length;
      } else text += this.piece(true);
    }
    this.pos++;
    return text;
  }

  dollar(): string {
    const src = this.src;
    const next = src[this.pos + 1];
    if (next === "'") return this.ansiQuoted();
    if (next === '"') {
      this.pos++;
      return this.doubleQuoted();
    }
    if (next === '(') {
      this.pos += 2;
      this.nested((p) => p.list(')'));
      return UNKNOWN;
    }
    if (next === '{') {
      let depth = 0;
      let i = this.pos + 1;
      for (; i < src.length; i++) {
        if (src[i] === '{') depth++;
        else if (src[i] === '}' && --depth === 0) break;
      }
      const inner = src.slice(this.pos + 2, i);
      this.pos = i + 1;
      if (NAME.exec(inner)?.[0] === inner) return this.variable(inner);
      // `${X:-$(cmd)}`, `${X/a/b}`: the commands inside still run.
      this.parseText(inner);
      return UNKNOWN;
    }
    const name = NAME.exec(src.slice(this.pos + 1, this.pos + 200));
    if (name) {
      this.pos += 1 + name[0].length;
      return this.variable(name[0]);
    }
    if (next !== undefined && /[0-9@*#?$!-]/.test(next)) {
      this.pos += 2;
      return UNKNOWN;
    }
    this.pos++;
    return '$';
  }

  variable(name: string): string {
    if (name === 'HOME') return this.home;
    return this.vars.get(name) ?? UNKNOWN;
  }

  ansiQuoted(): string {
    const src = this.src;
    this.pos += 2;
    let text = '';
    while (this.pos < src.length && src[this.pos] !== "'") {
      const c = src[this.pos]!;
      if (c !== '\\') {
        text += c;
        this.pos++;
        continue;
      }
      const e = src[this.pos + 1] ?? '';
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(src.slice(this.pos + 1, this.pos + 4));
      const octal = /^[0-7]{1,3}/.exec(src.slice(this.pos + 1, this.pos + 4));
      const unicode = /^[uU]([0-9a-fA-F]{1,8})/.exec(src.slice(this.pos + 1, this.pos + 11));
      if (hex) {
        text += String.fromCharCode(parseInt(hex[1]!, 16));
        this.pos += 1 + hex[0].length;
      } else if (octal) {
        text += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
        this.pos += 1 + octal[0].length;
      } else if (unicode) {
        const code = parseInt(unicode[1]!, 16);
        text += code <= 0x10ffff ? String.fromCodePoint(code) : UNKNOWN;
        this.pos += 1 + unicode[0].length;
      } else {
        text += ANSI_ESCAPES[e] ?? e;
        this.pos += 2;
      }
    }
    this.pos++;
    return text;
  }

  backticks(): string {
    const src = this.src;
    let i = this.pos + 1;
    let inner = '';
    for (; i < src.length && src[i] !== '`'; i++) {
      if (src[i] === '\\' && '`$\\'.includes(src[i + 1] ?? '')) i++;
      inner += src[i] ?? '';
    }
    this.pos = i + 1;
    this.parseText(inner);
    return UNKNOWN;
  }

  /** `{a,b}` and `{1..3}` make several words: which one, unknown. Any other `{` is itself. */
  brace(): string {
    const src = this.src;
    const close = /^\{[^\s;&|<>(){}]*\}/.exec(src.slice(this.pos, this.pos + 4096));
    if (close && (close[0].includes(',') || close[0].includes('..'))) {
      this.pos += close[0].length;
      return UNKNOWN;
    }
    this.pos++;
    return '{';
  }

  /** Reads `text` as more commands of this line (a substitution's, an `eval`'s). */
  parseText(text: string): void {
    const inner = new Parser(text, this.home, this.vars, this.depth + 1);
    inner.list();
    this.commands.push(...inner.commands);
  }

  /** Reads on from `pos` in a nested parser that shares the text, then takes its commands. */
  nested(read: (p: Parser) => void): void {
    const inner = new Parser(this.src, this.home, this.vars, this.depth + 1);
    inner.pos = this.pos;
    read(inner);
    this.pos = inner.pos;
    this.commands.push(...inner.commands);
  }

  finish(words: string[]): void {
    for (const w of words) {
      const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w);
      if (!assignment) break;
      this.vars.set(assignment[1]!, w.slice(assignment[0].length));
    }
    this.commands.push({ words });
  }
}

/**
 * The simple commands of a shell line, in order, nested ones (substitutions) included. `depth`
 * counts the shells around this one (`bash -c` inside `bash -c`); too deep throws ShellTooDeep.
 */
export function parseShell(line: string, home: string, depth = 0): ShellCommand[] {
  const parser = new Parser(line, home, new Map(), depth);
  parser.list();
  return parser.commands;
}
