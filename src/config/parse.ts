/**
 * A lossless reading of an AWS config file that agrees with botocore, the engine of the AWS CLI.
 *
 * botocore reads the file with Python's `configparser.RawConfigParser` (strict, `=` and `:` as
 * delimiters, full-line `#` and `;` comments, no inline comments, indented lines continue the
 * previous value) and then parses values that start on the next line as one level of nesting.
 * Every line keeps its exact text and line ending, so printing the document gives back the same bytes.
 */
import { firstNonSpace, pyRstrip, pyStrip } from './pystr.js';

export type LineKind = 'blank' | 'comment' | 'header' | 'option' | 'continuation';

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

export interface ParsedConfig {
  /** Each line's text without its terminator. */
  readonly lines: readonly string[];
  /** Each line's terminator: `\n`, `\r\n`, `\r`, or `` for a last line without one. */
  readonly eols: readonly string[];
  readonly kinds: readonly LineKind[];
  readonly sections: readonly ConfigSection[];
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

function splitLines(text: string): { lines: string[]; eols: string[] } {
  const lines: string[] = [];
  const eols: string[] = [];
  if (text.indexOf('\r') < 0) {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      lines.push(text.slice(start, nl));
      eols.push('\n');
      start = nl + 1;
    }
    if (start < text.length) {
      lines.push(text.slice(start));
      eols.push('');
    }
    return { lines, eols };
  }
  // Python reads the file with universal newlines: \r\n, \n and a lone \r all end a line.
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    lines.push(text.slice(start, m.index));
    eols.push(m[0]);
    start = m.index + m[0].length;
  }
  if (start < text.length) {
    lines.push(text.slice(start));
    eols.push('');
  }
  return { lines, eols };
}

interface OpenOption {
  key: string;
  parts: string[];
  line: number;
  lastLine: number;
}

/** Python's `(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$`: the first `=` or `:` splits. */
function delimiterIndex(s: string): number {
  const eq = s.indexOf('=');
  const colon = s.indexOf(':');
  if (eq < 0) return colon;
  if (colon < 0) return eq;
  return eq < colon ? eq : colon;
}

function finish(option: OpenOption): ConfigOption {
  const value = option.parts.length === 1 ? option.parts[0]! : pyRstrip(option.parts.join('\n'));
  return { key: option.key, value, line: option.line, lastLine: option.lastLine };
}

/** Parses the text of a config file. Throws ConfigSyntaxError where botocore would refuse the file. */
export function parseConfig(text: string): ParsedConfig {
  const { lines, eols } = splitLines(text);
  const kinds: LineKind[] = new Array<LineKind>(lines.length);
  const sections: ConfigSection[] = [];
  const sectionFirstLine = new Map<string, number>();

  let sectionName: string | undefined;
  let sectionLine = 0;
  let options: ConfigOption[] = [];
  let optionLines = new Map<string, number>();
  let option: OpenOption | undefined;
  let indentLevel = 0;
  let defaultOptionLines: Map<string, number> | undefined;

  const closeSection = (end: number) => {
    if (option) options.push(finish(option));
    option = undefined;
    if (sectionName !== undefined) sections.push({ name: sectionName, line: sectionLine, end, options });
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = firstNonSpace(line);
    if (indent < 0) {
      kinds[i] = 'blank';
      // Blank lines inside a value are kept until the value ends, then trailing ones are dropped.
      if (option) option.parts.push('');
      continue;
    }
    const first = line.charAt(indent);
    if (first === '#' || first === ';') {
      kinds[i] = 'comment';
      continue;
    }
    const value = pyStrip(line);
    if (option && indent > indentLevel) {
      kinds[i] = 'continuation';
      option.parts.push(value);
      option.lastLine = i;
      continue;
    }
    indentLevel = indent;
    const close = value.charAt(0) === '[' ? value.lastIndexOf(']') : -1;
    if (close >= 2) {
      kinds[i] = 'header';
      closeSection(i);
      const name = value.slice(1, close);
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
      optionLines =
        name === 'DEFAULT' ? (defaultOptionLines ??= new Map<string, number>()) : new Map<string, number>();
      continue;
    }
    if (sectionName === undefined) {
      throw new ConfigSyntaxError(
        i + 1,
        `a line before the first [section] header: ${JSON.stringify(value)}`,
      );
    }
    const delimiter = delimiterIndex(value);
    const rawKey = delimiter < 0 ? '' : pyRstrip(value.slice(0, delimiter));
    if (rawKey === '') {
      throw new ConfigSyntaxError(
        i + 1,
        delimiter < 0
          ? `not a 'key = value' line, a [section] header or a comment: ${JSON.stringify(value)}`
          : `a value without a key: ${JSON.stringify(value)}`,
      );
    }
    kinds[i] = 'option';
    if (option) options.push(finish(option));
    const key = rawKey.toLowerCase();
    const previous = optionLines.get(key);
    if (previous !== undefined) {
      throw new ConfigSyntaxError(
        i + 1,
        `duplicate key '${key}' in [${sectionName}] (first at line ${previous + 1}); the AWS CLI refuses a file with a repeated key`,
      );
    }
    optionLines.set(key, i);
    option = { key, parts: [pyStrip(value.slice(delimiter + 1))], line: i, lastLine: i };
  }
  closeSection(lines.length);
  for (const section of sections) checkNested(section);
  return { lines, eols, kinds, sections };
}
/** botocore parses a value that starts on the next line as `key = value` pairs, and fails otherwise. */
function checkNested(section: ConfigSection): void {
  for (const option of section.options) {
    if (!option.value.startsWith('\n')) continue;
    const nested = parseNested(option.value);
    if (typeof nested === 'number') {
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
  const parts = value.split('\n');
  for (let i = 0; i < parts.length; i++) {
    const line = pyStrip(parts[i]!);
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq < 0) return i;
    nested[pyStrip(line.slice(0, eq))] = pyStrip(line.slice(eq + 1));
  }
  return nested;
}
