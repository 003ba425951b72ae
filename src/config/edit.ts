/**
 * Edits to a config document that touch only the lines they name. Everything else (comments,
 * blank lines, order, unknown keys, indented sub-sections, line endings) is copied through as it was.
 */
import type { Entry } from '../core/model.js';
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

interface OutLine {
  text: string;
  eol: string;
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

export function applyEdits(doc: ConfigDocument, edits: ConfigEdits): string {
  const { parsed } = doc;
  const eol = doc.eol;
  const skip = new Uint8Array(parsed.lineCount);
  const replaceAt = new Map<number, OutLine[]>();
  const appendAfter = new Map<number, OutLine[]>();
  const atEnd: OutLine[] = [];

  const after = (line: number, added: OutLine[]) => {
    const list = appendAfter.get(line);
    if (list) list.push(...added);
    else appendAfter.set(line, added);
  };
  const keyLine = (key: string, value: string, lineEol = eol): OutLine => ({
    text: `${key} = ${value}`,
    eol: lineEol,
  });

  for (const section of edits.deletes ?? []) {
    const [from, to] = deletedRange(doc, section);
    for (let i = from; i < to; i++) skip[i] = 1;
  }

  for (const update of edits.updates ?? []) {
    const { section } = update;
    const byKey = new Map(section.options.map((o) => [o.key, o]));
    const added: OutLine[] = [];
    for (const [key, value] of update.set) {
      const option = byKey.get(key);
      if (!option) {
        added.push(keyLine(key, value));
        continue;
      }
      if (option.value === value && option.lastLine === option.line) continue;
      for (let i = option.line; i <= option.lastLine; i++) skip[i] = 1;
      replaceAt.set(option.line, [keyLine(key, value, parsed.eol(option.lastLine) || eol)]);
    }
    for (const key of update.remove ?? []) {
      const option = byKey.get(key);
      if (!option) continue;
      for (let i = option.line; i <= option.lastLine; i++) skip[i] = 1;
    }
    if (added.length > 0) after(contentEnd(section), added);
  }

  for (const insert of edits.inserts ?? []) {
    const block: OutLine[] = [
      { text: `[${insert.header}]`, eol },
      ...insert.entries.map(([k, v]) => keyLine(k, v)),
    ];
    if (insert.after) {
      after(contentEnd(insert.after), [{ text: '', eol }, ...block]);
    } else {
      if (atEnd.length > 0) atEnd.push({ text: '', eol });
      atEnd.push(...block);
    }
  }

  const out: OutLine[] = [];
  for (let i = 0; i < parsed.lineCount; i++) {
    const replacement = replaceAt.get(i);
    if (replacement) out.push(...replacement);
    else if (!skip[i]) out.push({ text: parsed.line(i), eol: parsed.eol(i) });
    const added = appendAfter.get(i);
    if (added) out.push(...added);
  }
  if (atEnd.length > 0) {
    const last = out[out.length - 1];
    if (last && last.text.trim() !== '') out.push({ text: '', eol });
    out.push(...atEnd);
  }

  let text = '';
  for (let i = 0; i < out.length; i++) {
    const line = out[i]!;
    // A line that had no terminator because it was last needs one once something follows it.
    text += line.text + (line.eol === '' && i < out.length - 1 ? eol : line.eol);
  }
  return text;
}
