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

export interface ParsedOrigin {
  readonly previous: ParsedConfig;
  readonly removed: readonly ConfigSection[];
  readonly added: readonly ConfigSection[];
}

/** Where each line starts and ends in the text, and what it is. */
interface LineTable {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly kinds: Uint8Array;
}

export class ParsedConfig {
  readonly text: string;
  readonly sections: readonly ConfigSection[];
  readonly lineCount: number;
  // Built on first use after `reparse`: a sync that writes the result never needs it, and filling
  // it means a pass over every line of the file.
  #lines: LineTable | (() => LineTable);
  /**
   * For a parse made by `reparse`: the parse it came from, its sections that are gone, and the
   * sections that took their place. Every other section is the very same object in both.
   */
  readonly origin: ParsedOrigin | undefined;

  constructor(
    text: string,
    lines: LineTable | (() => LineTable),
    count: number,
    sections: ConfigSection[],
    origin?: ParsedOrigin,
  ) {
    this.origin = origin;
    this.text = text;
    this.#lines = lines;
    this.lineCount = count;
    this.sections = sections;
  }

  get #table(): LineTable {
    if (typeof this.#lines === 'function') this.#lines = this.#lines();
    return this.#lines;
  }

  /** A line's text without its terminator. */
  line(i: number): string {
    const { starts, ends } = this.#table;
    return this.text.slice(starts[i], ends[i]);
  }

  /** Where line `i` starts in the text; `offset(lineCount)` is the text's length. */
  offset(i: number): number {
    return i < this.lineCount ? this.#table.starts[i]! : this.text.length;
  }

  /** A line's terminator: `\n`, `\r\n`, `\r`, or `` for a last line without one. */
  eol(i: number): string {
    const { starts, ends } = this.#table;
    const next = i + 1 < this.lineCount ? starts[i + 1]! : this.text.length;
    return this.text.slice(ends[i], next);
  }

  kind(i: number): LineKind {
    return KINDS[this.#table.kinds[i]!]!;
  }

  /**
   * The parse of `text`, a changed version of this text, reading again only the sections around
   * the change. Parsing is a left-to-right walk whose state a [section] header resets, so from the
   * last header before the first changed byte to the first header after the last one, nothing
   * else can read differently; only the section names, which must be unique in the whole file,
   * are checked against the rest. Anything out of the ordinary falls back to a full parse, and
   * the result always equals `parseConfig(text)`. A one-profile change in a 30,000-line file then
   * reads a few lines instead of all of them.
   */
  reparse(text: string): ParsedConfig {
    const old = this.text;
    const prefix = commonPrefix(old, text);
    if (prefix === old.length && prefix === text.length) return this;
    const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
    const { starts, ends, kinds } = this.#table;
    const count = this.lineCount;
    // [DEFAULT] sections merge, so their keys are checked across the file: read it all again.
    if (count === 0 || this.sections.some((s) => s.name === 'DEFAULT')) return parseConfig(text);
    // From the last header whose line ends before the first change (or the top of the file) ...
    let from = lineAt(starts, prefix) - 1;
    while (from >= 0 && kinds[from] !== HEADER) from--;
    if (from < 0) from = 0;
    // ... to the first header that starts inside the unchanged end of the text, if any.
    let to = lineAt(starts, old.length - suffix) + 1;
    while (to < count && kinds[to] !== HEADER) to++;
    const shift = text.length - old.length;
    const offset = starts[from]!;
    let window: ParsedConfig;
    try {
      window = parseLines(text.slice(offset, to < count ? ends[to]! + shift : text.length), from);
    } catch {
      return parseConfig(text);
    }
    // That header must still be a header (not, say, a continuation of a new value above it).
    const lines = window.lineCount - (to < count ? 1 : 0);
    const sections = window.sections.slice();
    if (to < count) {
      const last = sections.pop();
      if (last?.line !== from + lines || window.#table.kinds[lines] !== HEADER) return parseConfig(text);
    }
    for (const section of sections) {
      if (section.name === 'DEFAULT') return parseConfig(text);
      const other = this.#sectionNamed(section.name);
      if (other !== undefined && (other.line < from || other.line >= to)) return parseConfig(text);
    }
    const delta = from + lines - to;
    const table = (): LineTable => {
      const inner = window.#table;
      const newStarts = new Int32Array(count + delta);
      const newEnds = new Int32Array(count + delta);
      const newKinds = new Uint8Array(count + delta);
      newStarts.set(starts.subarray(0, from));
      newEnds.set(ends.subarray(0, from));
      newKinds.set(kinds.subarray(0, from));
      for (let i = 0; i < lines; i++) {
        newStarts[from + i] = inner.starts[i]! + offset;
        newEnds[from + i] = inner.ends[i]! + offset;
      }
      newKinds.set(inner.kinds.subarray(0, lines), from);
      for (let i = to; i < count; i++) {
        newStarts[i + delta] = starts[i]! + shift;
        newEnds[i + delta] = ends[i]! + shift;
      }
      newKinds.set(kinds.subarray(to), to + delta);
      return { starts: newStarts, ends: newEnds, kinds: newKinds };
    };
    const newSections: ConfigSection[] = [];
    const removed: ConfigSection[] = [];
    const added: ConfigSection[] = [];
    for (const section of this.sections) {
      if (section.line >= from) break;
      newSections.push(section);
    }
    for (const section of sections) {
      newSections.push(section);
      added.push(section);
    }
    for (const section of this.sections) {
      if (section.line < from) continue;
      if (section.line < to || delta !== 0) removed.push(section);
      if (section.line < to) continue;
      const moved = delta === 0 ? section : shiftSection(section, delta);
      newSections.push(moved);
      if (delta !== 0) added.push(moved);
    }
    return new ParsedConfig(text, table, count + delta, newSections, { previous: this, removed, added });
  }

  #byName: Map<string, ConfigSection> | undefined;

  #sectionNamed(name: string): ConfigSection | undefined {
    if (!this.#byName) {
      this.#byName = new Map();
      for (const section of this.sections) this.#byName.set(section.name, section);
    }
    return this.#byName.get(name);
  }
}

/** The index of the line that holds offset `at`: the last line starting at or before it. */
function lineAt(starts: Int32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** How many characters `a` and `b` share at their start, compared a block at a time. */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + 4096 <= max && a.slice(i, i + 4096) === b.slice(i, i + 4096)) i += 4096;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** How many characters, at most `max`, `a` and `b` share at their end. */
function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (
    n + 4096 <= max &&
    a.slice(a.length - n - 4096, a.length - n) === b.slice(b.length - n - 4096, b.length - n)
  )
    n += 4096;
  while (n < max && a.charCodeAt(a.length - n - 1) === b.charCodeAt(b.length - n - 1)) n++;
  return n;
}

function shiftSection(section: ConfigSection, by: number): ConfigSection {
  return {
    name: section.name,
    line: section.line + by,
    end: section.end + by,
    options: section.options.map((o) => ({ ...o, line: o.line + by, lastLine: o.lastLine + by })),
  };
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

/**
 * Keys and values repeat from one section to the next in a file of generated profiles
 * (`sso_session = myorg`, `region = eu-central-1`, in the same order): where the text at the same
 * place in the previous section was the same, its string is reused, with no copy and no lookup.
 */
function reuse(text: string, start: number, end: number, previous: string | undefined): string {
  if (previous !== undefined && previous.length === end - start && text.startsWith(previous, start))
    return previous;
  return text.slice(start, end);
}

/** `str.lower()`, without a copy for the usual all-lower-case ASCII key. */
function lowerKey(text: string, start: number, end: number, previous: string | undefined): string {
  for (let j = start; j < end; j++) {
    const c = text.charCodeAt(j);
    if ((c >= 65 && c <= 90) || c > 127) return text.slice(start, end).toLowerCase();
  }
  return reuse(text, start, end, previous);
}

/**
 * `key = value` at column 0, in printable ASCII, with no space around it but the two that frame
 * the `=`: the line of a generated profile. The parse runs cold, once, over the whole file, so
 * these lines are matched by the regular expression engine rather than a character at a time;
 * any other line takes the general path.
 */
const SIMPLE_OPTION = /[a-z0-9_]+ = [!-~](?:[ -~]*[!-~])?/y;

/** Parses the text of a config file. Throws ConfigSyntaxError where botocore would refuse the file. */
export function parseConfig(text: string): ParsedConfig {
  return parseLines(text, 0);
}

/** Parses `text` as the lines of a file from line `base` on: lines and errors are numbered from there. */
function parseLines(text: string, base: number): ParsedConfig {
  const { starts, ends } = lineBounds(text);
  const count = starts.length;
  const kinds = new Uint8Array(count);
  const sections: ConfigSection[] = [];
  const sectionFirstLine = new Map<string, number>();
  // The options of the section before, whose strings the next one reuses where it can.
  let before: readonly ConfigOption[] = [];
  // Values that start on the next line, to be read as nested keys once the file is read.
  const nested: { option: ConfigOption; section: string }[] = [];

  let sectionName: string | undefined;
  let sectionLine = 0;
  let options: ConfigOption[] = [];
  // Sections are small: look for a repeated key in the list, and index only a long section.
  let optionLines: Map<string, number> | undefined;
  let defaultOptionLines: Map<string, number> | undefined;
  let option: OpenOption | undefined;
  let parts: string[] | undefined;
  let indentLevel = 0;

  // Ends the open option. Continuation lines are kept aside until then, so that most options
  // carry no extra field.
  const settle = () => {
    if (!option) return;
    // Blank lines alone (the one between two sections) add nothing once trailing ones are dropped.
    if (parts !== undefined && parts.some((p) => p !== '')) {
      option.value = pyRstrip([option.value, ...parts].join('\n'));
      if (option.value.charCodeAt(0) === 10) nested.push({ option, section: sectionName! });
    }
    options.push(option);
    option = undefined;
    parts = undefined;
  };
  const closeSection = (end: number) => {
    settle();
    if (sectionName === undefined) return;
    sections.push({ name: sectionName, line: sectionLine, end, options });
    if (options.length > 0) before = options;
  };

  // Line `i` holds the key in [first, keyEnd) and the value in [valueStart, valueEnd).
  const addOption = (i: number, first: number, keyEnd: number, valueStart: number, valueEnd: number) => {
    kinds[i - base] = OPTION;
    settle();
    const same = before[options.length];
    const key = lowerKey(text, first, keyEnd, same?.key);
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
    option = {
      key,
      value: reuse(text, valueStart, valueEnd, same?.key === key ? same.value : undefined),
      line: i,
      lastLine: i,
    };
  };

  // `i` is the line number in the file, `i - base` its index here.
  for (let i = base; i < base + count; i++) {
    const start = starts[i - base]!;
    const end = ends[i - base]!;
    // The usual line of a generated file, read at once. At column 0 it cannot continue a value.
    if (sectionName !== undefined) {
      SIMPLE_OPTION.lastIndex = start;
      if (SIMPLE_OPTION.test(text) && SIMPLE_OPTION.lastIndex === end) {
        const keyEnd = text.indexOf(' = ', start);
        indentLevel = 0;
        addOption(i, start, keyEnd, keyEnd + 3, end);
        continue;
      }
    }
    let first = start;
    while (first < end && isPySpaceCode(text.charCodeAt(first))) first++;
    if (first === end) {
      kinds[i - base] = BLANK;
      // Blank lines inside a value are kept until the value ends, then trailing ones are dropped.
      if (option) (parts ??= []).push('');
      continue;
    }
    const c = text.charCodeAt(first);
    if (c === 35 /* # */ || c === 59 /* ; */) {
      kinds[i - base] = COMMENT;
      continue;
    }
    let last = end - 1;
    while (last > first && isPySpaceCode(text.charCodeAt(last))) last--;
    const indent = first - start;
    if (option && indent > indentLevel) {
      kinds[i - base] = CONTINUATION;
      (parts ??= []).push(text.slice(first, last + 1));
      option.lastLine = i;
      continue;
    }
    indentLevel = indent;
    const close = c === 91 /* [ */ ? text.lastIndexOf(']', last) : -1;
    if (close >= first + 2) {
      kinds[i - base] = HEADER;
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
    let valueStart = delimiter + 1;
    while (valueStart <= last && isPySpaceCode(text.charCodeAt(valueStart))) valueStart++;
    addOption(i, first, keyEnd, valueStart, last + 1);
  }
  closeSection(base + count);
  for (const { option, section } of nested) checkNested(option, section);
  return new ParsedConfig(text, { starts, ends, kinds }, count, sections);
}

/** botocore parses a value that starts on the next line as `key = value` pairs, and fails otherwise. */
function checkNested(option: ConfigOption, section: string): void {
  if (typeof parseNested(option.value) === 'number') {
    throw new ConfigSyntaxError(
      option.line + 1,
      `the indented lines under '${option.key}' in [${section}] must each be 'key = value'`,
    );
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
