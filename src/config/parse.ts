/**
 * A lossless reading of an AWS config file that agrees with botocore, the engine of the AWS CLI.
 *
 * botocore reads the file with Python's `configparser.RawConfigParser` (strict, `=` and `:` as
 * delimiters, full-line `#` and `;` comments, no inline comments, indented lines continue the
 * previous value) and then parses values that start on the next line as one level of nesting.
 *
 * The text is kept whole and lines are offsets into it, so printing the document gives back the
 * same bytes and a 100,000-line file costs no string per line: the agent hook reads this file
 * every time an agent starts.
 */
import { isPySpaceCode, pyRstrip, pyStrip } from './pystr.js';

export type LineKind = 'blank' | 'comment' | 'header' | 'option' | 'continuation';
const KINDS: readonly LineKind[] = ['blank', 'comment', 'header', 'option', 'continuation'];
const BLANK = 0;
const COMMENT = 1;
const HEADER = 2;
const OPTION = 3;
const CONTINUATION = 4;

export interface ConfigOption {
  /** The key as botocore reads it: lower-cased. */
  readonly key: string;
  /** botocore's value: continuation lines joined with `\n`, trailing whitespace removed. */
  readonly value: string;
  /** 0-based index of the `key = value` line. */
  readonly line: number;
  /** 0-based index of its last continuation line (equal to `line` when there is none). */
  readonly lastLine: number;
}

export interface ConfigSection {
  /** The text between `[` and the last `]`, e.g. `profile dev` or `sso-session myorg`. */
  readonly name: string;
  /** 0-based index of the header line. */
  readonly line: number;
  /** 0-based index one past the section's last line: the next header, or the line count. */
  readonly end: number;
  readonly options: readonly ConfigOption[];
}

export class ConfigSyntaxError extends Error {
  /** 1-based line number. */
  readonly lineNumber: number;
  constructor(lineNumber: number, message: string) {
    super(message);
    this.name = 'ConfigSyntaxError';
    this.lineNumber = lineNumber;
  }
}

export class ParsedConfig {
  readonly text: string;
  readonly sections: readonly ConfigSection[];
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;
  readonly #kinds: Uint8Array;

  constructor(
    text: string,
    starts: Int32Array,
    ends: Int32Array,
    kinds: Uint8Array,
    sections: ConfigSection[],
  ) {
    this.text = text;
    this.#starts = starts;
    this.#ends = ends;
    this.#kinds = kinds;
    this.sections = sections;
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  /** A line's text without its terminator. */
  line(i: number): string {
    return this.text.slice(this.#starts[i], this.#ends[i]);
  }

  /** Where line `i` starts in the text; `offset(lineCount)` is the text's length. */
  offset(i: number): number {
    return i < this.#starts.length ? this.#starts[i]! : this.text.length;
  }

  /** A line's terminator: `\n`, `\r\n`, `\r`, or `` for a last line without one. */
  eol(i: number): string {
    const next = i + 1 < this.#starts.length ? this.#starts[i + 1]! : this.text.length;
    return this.text.slice(this.#ends[i], next);
  }

  kind(i: number): LineKind {
    return KINDS[this.#kinds[i]!]!;
  }
}

/** Line boundaries. Python reads with universal newlines: \r\n, \n and a lone \r all end a line. */
function lineBounds(text: string): { starts: Int32Array; ends: Int32Array } {
  const len = text.length;
  // Typed arrays sized up front: growing a plain array by 100,000 pushes is slow on a cold start.
  let max = 1;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) max++;
  const crlf = text.indexOf('\r') >= 0;
  if (crlf) for (let cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', cr + 1)) max++;
  const starts = new Int32Array(max);
  const ends = new Int32Array(max);
  let n = 0;
  let pos = 0;
  while (pos < len) {
    starts[n] = pos;
    let i: number;
    if (crlf) {
      i = pos;
      while (i < len) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 13) break;
        i++;
      }
    } else {
      i = text.indexOf('\n', pos);
      if (i < 0) i = len;
    }
    ends[n++] = i;
    if (i >= len) break;
    pos = text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return { starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

/** An option while its continuation lines are still being read; then it is the ConfigOption itself. */
interface OpenOption {
  key: string;
  value: string;
  line: number;
  lastLine: number;
}

/** Continuation lines per open option, kept aside so that most options carry no extra field. */
function finish(option: OpenOption, parts: string[] | undefined): ConfigOption {
  if (parts !== undefined) option.value = pyRstrip([option.value, ...parts].join('\n'));
  return option;
}

/**
 * Keys and short values repeat across thousands of generated profiles (`sso_session = myorg`,
 * `region = eu-central-1`): one string each instead of one per line.
 */
class Interner {
  readonly #strings = new Map<string, string>();
  intern(text: string): string {
    if (text.length > 40) return text;
    const known = this.#strings.get(text);
    if (known !== undefined) return known;
    if (this.#strings.size < 50_000) this.#strings.set(text, text);
    return text;
  }
}

/** `str.lower()`, without a copy for the usual all-lower-case ASCII key. */
function lowerKey(text: string, start: number, end: number, strings: Interner): string {
  for (let j = start; j < end; j++) {
    const c = text.charCodeAt(j);
    if ((c >= 65 && c <= 90) || c > 127) return strings.intern(text.slice(start, end).toLowerCase());
  }
  return strings.intern(text.slice(start, end));
}

/** Parses the text of a config file. Throws ConfigSyntaxError where botocore would refuse the file. */
export function parseConfig(text: string): ParsedConfig {
  const { starts, ends } = lineBounds(text);
  const count = starts.length;
  const kinds = new Uint8Array(count);
  const sections: ConfigSection[] = [];
  const sectionFirstLine = new Map<string, number>();
  const strings = new Interner();

  let sectionName: string | undefined;
  let sectionLine = 0;
  let options: ConfigOption[] = [];
  // Sections are small: look for a repeated key in the list, and index only a long section.
  let optionLines: Map<string, number> | undefined;
  let defaultOptionLines: Map<string, number> | undefined;
  let option: OpenOption | undefined;
  let parts: string[] | undefined;
  let indentLevel = 0;

  const closeSection = (end: number) => {
    if (option) options.push(finish(option, parts));
    option = undefined;
    parts = undefined;
    if (sectionName !== undefined) sections.push({ name: sectionName, line: sectionLine, end, options });
  };

  for (let i = 0; i < count; i++) {
    const start = starts[i]!;
    const end = ends[i]!;
    let first = start;
    while (first < end && isPySpaceCode(text.charCodeAt(first))) first++;
    if (first === end) {
      kinds[i] = BLANK;
      // Blank lines inside a value are kept until the value ends, then trailing ones are dropped.
      if (option) (parts ??= []).push('');
      continue;
    }
    const c = text.charCodeAt(first);
    if (c === 35 /* # */ || c === 59 /* ; */) {
      kinds[i] = COMMENT;
      continue;
    }
    let last = end - 1;
    while (last > first && isPySpaceCode(text.charCodeAt(last))) last--;
    const indent = first - start;
    if (option && indent > indentLevel) {
      kinds[i] = CONTINUATION;
      (parts ??= []).push(text.slice(first, last + 1));
      option.lastLine = i;
      continue;
    }
    indentLevel = indent;
    const close = c === 91 /* [ */ ? text.lastIndexOf(']', last) : -1;
    if (close >= first + 2) {
      kinds[i] = HEADER;
      closeSection(i);
      const name = text.slice(first + 1, close);
      // configparser merges repeated [DEFAULT] sections; any other repeat is an error.
      if (name !== 'DEFAULT') {
        const previous = sectionFirstLine.get(name);
        if (previous !== undefined) {
          throw new ConfigSyntaxError(
            i + 1,
            `duplicate section [${name}] (first at line ${previous + 1}); the AWS CLI refuses a file with a repeated section`,
          );
        }
        sectionFirstLine.set(name, i);
      }
      sectionName = name;
      sectionLine = i;
      options = [];
      optionLines = name === 'DEFAULT' ? (defaultOptionLines ??= new Map<string, number>()) : undefined;
      continue;
    }
    if (sectionName === undefined) {
      const what =
        i === 0 && c === 0xfeff
          ? 'a byte order mark, which the AWS CLI cannot read'
          : 'a line before the first [section] header';
      throw new ConfigSyntaxError(i + 1, `${what}: ${JSON.stringify(text.slice(first, last + 1))}`);
    }
    // Python's `(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$`: the first `=` or `:` splits.
    let delimiter = -1;
    for (let j = first; j <= last; j++) {
      const d = text.charCodeAt(j);
      if (d === 61 /* = */ || d === 58 /* : */) {
        delimiter = j;
        break;
      }
    }
    let keyEnd = delimiter;
    while (keyEnd > first && isPySpaceCode(text.charCodeAt(keyEnd - 1))) keyEnd--;
    if (delimiter < 0 || keyEnd === first) {
      const line = JSON.stringify(text.slice(first, last + 1));
      throw new ConfigSyntaxError(
        i + 1,
        delimiter < 0
          ? `not a 'key = value' line, a [section] header or a comment: ${line}`
          : `a value without a key: ${line}`,
      );
    }
    kinds[i] = OPTION;
    if (option) options.push(finish(option, parts));
    parts = undefined;
    const key = lowerKey(text, first, keyEnd, strings);
    if (!optionLines && options.length > 16) optionLines = new Map(options.map((o) => [o.key, o.line]));
    let previous: number | undefined;
    if (optionLines) previous = optionLines.get(key);
    else for (const o of options) if (o.key === key) previous = o.line;
    if (previous !== undefined) {
      throw new ConfigSyntaxError(
        i + 1,
        `duplicate key '${key}' in [${sectionName}] (first at line ${previous + 1}); the AWS CLI refuses a file with a repeated key`,
      );
    }
    optionLines?.set(key, i);
    let valueStart = delimiter + 1;
    while (valueStart <= last && isPySpaceCode(text.charCodeAt(valueStart))) valueStart++;
    option = { key, value: strings.intern(text.slice(valueStart, last + 1)), line: i, lastLine: i };
  }
  closeSection(count);
  for (const section of sections) checkNested(section);
  return new ParsedConfig(text, starts, ends, kinds, sections);
}

/** botocore parses a value that starts on the next line as `key = value` pairs, and fails otherwise. */
function checkNested(section: ConfigSection): void {
  for (const option of section.options) {
    if (option.value.charCodeAt(0) !== 10) continue;
    if (typeof parseNested(option.value) === 'number') {
      throw new ConfigSyntaxError(
        option.line + 1,
        `the indented lines under '${option.key}' in [${section.name}] must each be 'key = value'`,
      );
    }
  }
}

/** botocore's `_parse_nested`: returns the nested map, or the offending line's index. */
export function parseNested(value: string): Record<string, string> | number {
  const nested: Record<string, string> = {};
  // Python's str.splitlines(), which botocore uses here, ends lines at more than \n.
  const parts = value.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  for (let i = 0; i < parts.length; i++) {
    const line = pyStrip(parts[i]!);
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq < 0) return i;
    nested[pyStrip(line.slice(0, eq))] = pyStrip(line.slice(eq + 1));
  }
  return nested;
}
