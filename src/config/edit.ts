/**
 * Edits to a config document that touch only the lines they name. Everything else (comments,
 * blank lines, order, unknown keys, indented sub-sections, line endings) is copied through as it was.
 */
import { AppError } from '../core/errors.js';
import type { Entry } from '../core/model.js';
import { hasEdgeSpace, lineProblem, valueProblem } from '../core/values.js';
import type { ConfigDocument } from './document.js';
import type { ConfigSection } from './parse.js';

export interface SectionUpdate {
  readonly section: ConfigSection;
  /** Keys to set. A key already present keeps its line when its value is unchanged. */
  readonly set: readonly Entry[];
  /** Keys to delete, with their continuation lines. */
  readonly remove?: readonly string[];
}

export interface SectionInsert {
  /** The header text between the brackets, e.g. `profile dev-Admin`. */
  readonly header: string;
  readonly entries: readonly Entry[];
  /** Insert after this section's last key; at the end of the file when absent. */
  readonly after?: ConfigSection;
}

export interface ConfigEdits {
  readonly updates?: readonly SectionUpdate[];
  readonly deletes?: readonly ConfigSection[];
  readonly inserts?: readonly SectionInsert[];
}

/** The last line of a section's header and keys, before any trailing blank lines and comments. */
function contentEnd(section: ConfigSection): number {
  let last = section.line;
  for (const option of section.options) if (option.lastLine > last) last = option.lastLine;
  return last;
}

/** A deleted section keeps the comment block that ends it: it most likely describes the next one. */
function deletedRange(doc: ConfigDocument, section: ConfigSection): [number, number] {
  const { parsed } = doc;
  let keepFrom = section.end;
  for (let i = contentEnd(section) + 1; i < section.end; i++) {
    if (parsed.kind(i) === 'comment') {
      keepFrom = i;
      break;
    }
  }
  return [section.line, keepFrom];
}

const endsWithEol = (text: string) => /[\r\n]$/.test(text);

/** True when the last line of `text` (a text that ends with a line terminator) is blank. */
function endsWithBlankLine(text: string): boolean {
  const body = text.replace(/(\r\n|\n|\r)$/, '');
  const start = Math.max(body.lastIndexOf('\n'), body.lastIndexOf('\r')) + 1;
  return body.slice(start).trim() === '';
}

/** Why botocore would not read `key` back as the same key, if it would not. Completes "it ...". */
function keyProblem(key: string): string | undefined {
  if (key === '') return 'is empty';
  const problem = lineProblem(key);
  if (problem) return problem;
  if (/[=:]/.test(key)) return 'holds "=" or ":", where the AWS CLI ends a key';
  if (/^[[#;]/.test(key))
    return `starts with "${key.charAt(0)}", which makes the line a section header or a comment`;
  if (hasEdgeSpace(key))
    return 'starts or ends with white space, which the AWS CLI drops when it reads the file';
  if (key.toLowerCase() !== key)
    return `holds capitals, and the AWS CLI reads keys in lower case (${JSON.stringify(key.toLowerCase())})`;
  return undefined;
}

function headerProblem(header: string): string | undefined {
  if (header === '') return 'is empty';
  const problem = lineProblem(header);
  if (problem) return problem;
  if (header.includes(']')) return 'holds "]", which ends a section header';
  return undefined;
}

const refuse = (message: string): never => {
  throw new AppError('CONFIG_VALUE', message);
};

function checkEntries(entries: readonly Entry[], section: string): void {
  const seen = new Set<string>();
  for (const [key, value] of entries) {
    const bad = keyProblem(key);
    if (bad) refuse(`cannot write the key ${JSON.stringify(key)} in [${section}]: it ${bad}.`);
    if (seen.has(key))
      refuse(`cannot write ${key} twice in [${section}]: the AWS CLI refuses a repeated key.`);
    seen.add(key);
    const problem = valueProblem(value);
    if (problem) refuse(`cannot write ${key} = ${JSON.stringify(value)} in [${section}]: it ${problem}.`);
  }
}

/**
 * Refuses edits whose result would not read back, in botocore, as exactly the keys, values and
 * sections given: a line break would start a new line (a new key, even a new profile), and the
 * AWS CLI's own writer refuses one too. Nothing is written past this point that would not.
 */
function checkEdits(doc: ConfigDocument, edits: ConfigEdits): void {
  for (const update of edits.updates ?? []) checkEntries(update.set, update.section.name);
  const inserts = edits.inserts ?? [];
  if (inserts.length === 0) return;
  const deleted = new Set(edits.deletes ?? []);
  const names = new Set<string>();
  for (const section of doc.parsed.sections) if (!deleted.has(section)) names.add(section.name);
  for (const insert of inserts) {
    const bad = headerProblem(insert.header);
    if (bad) refuse(`cannot write the section header ${JSON.stringify(insert.header)}: it ${bad}.`);
    // configparser merges repeated [DEFAULT] sections; any other repeat makes it refuse the file.
    if (names.has(insert.header) && insert.header !== 'DEFAULT')
      refuse(
        `cannot add [${insert.header}]: the file has it already, and the AWS CLI refuses a repeated section.`,
      );
    names.add(insert.header);
    checkEntries(insert.entries, insert.header);
  }
}

/**
 * The text of `doc` with `edits` applied. Throws AppError CONFIG_VALUE, and changes nothing, when a
 * key, value or section header would not read back exactly as given.
 */
export function applyEdits(doc: ConfigDocument, edits: ConfigEdits): string {
  checkEdits(doc, edits);
  const { parsed } = doc;
  const text = parsed.text;
  const eol = doc.eol;
  // Lines dropped or replaced. Only the lines an edit names are visited: a sync of one profile
  // in a 30,000-profile file does not walk the whole file.
  const skip = new Set<number>();
  // Text that replaces a line, and text added after a line, each with its own line endings.
  const replaceAt = new Map<number, string>();
  const appendAfter = new Map<number, string[]>();
  const atEnd: string[] = [];
  const keyLine = (key: string, value: string, lineEol = eol, indent = '') =>
    `${indent}${key} = ${value}${lineEol}`;
  // A rewritten or added key keeps the indentation of the section's keys: at column 0 after
  // indented keys, it would turn the next key into a continuation of its value.
  const indentOf = (line: number) => /^[ \t]*/.exec(parsed.line(line))![0];
  const after = (line: number, added: string) => {
    const list = appendAfter.get(line);
    if (list) list.push(added);
    else appendAfter.set(line, [added]);
  };

  for (const section of edits.deletes ?? []) {
    const [from, to] = deletedRange(doc, section);
    for (let i = from; i < to; i++) skip.add(i);
  }

  for (const update of edits.updates ?? []) {
    const { section } = update;
    const byKey = new Map(section.options.map((o) => [o.key, o]));
    let added = '';
    const last = section.options[section.options.length - 1];
    const sectionIndent = last ? indentOf(last.line) : '';
    for (const [key, value] of update.set) {
      const option = byKey.get(key);
      if (!option) {
        added += keyLine(key, value, eol, sectionIndent);
        continue;
      }
      if (option.value === value && option.lastLine === option.line) continue;
      for (let i = option.line; i <= option.lastLine; i++) skip.add(i);
      replaceAt.set(option.line, keyLine(key, value, parsed.eol(option.lastLine), indentOf(option.line)));
    }
    for (const key of update.remove ?? []) {
      const option = byKey.get(key);
      if (!option) continue;
      for (let i = option.line; i <= option.lastLine; i++) skip.add(i);
    }
    if (added !== '') after(contentEnd(section), added);
  }

  for (const insert of edits.inserts ?? []) {
    let block = `[${insert.header}]${eol}`;
    for (const [k, v] of insert.entries) block += keyLine(k, v);
    if (insert.after) after(contentEnd(insert.after), `${eol}${block}`);
    else atEnd.push(block);
  }

  // Untouched lines are copied as whole runs of the original text, not line by line.
  const chunks: string[] = [];
  const terminate = () => {
    const last = chunks[chunks.length - 1];
    if (last !== undefined && last !== '' && !endsWithEol(last)) chunks.push(eol);
  };
  let runStart = 0;
  const flush = (end: number) => {
    if (end > runStart) chunks.push(text.slice(parsed.offset(runStart), parsed.offset(end)));
    runStart = end;
  };
  const marked = [...new Set([...skip, ...replaceAt.keys(), ...appendAfter.keys()])].sort((a, b) => a - b);
  for (const i of marked) {
    const replacement = replaceAt.get(i);
    if (replacement !== undefined || skip.has(i)) {
      flush(i);
      runStart = i + 1;
      if (replacement !== undefined) chunks.push(replacement);
    }
    const added = appendAfter.get(i);
    if (added) {
      flush(i + 1);
      terminate();
      for (const a of added) chunks.push(a);
    }
  }
  flush(parsed.lineCount);
  let result = chunks.join('');
  if (atEnd.length > 0) {
    if (result !== '' && !endsWithEol(result)) result += eol;
    if (result !== '' && !endsWithBlankLine(result)) result += eol;
    result += atEnd.join(eol);
  }
  return result;
}
