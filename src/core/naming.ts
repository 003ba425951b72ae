/**
 * Profile names. The default layout is the original sample's `<sso-session>-<account name>-<RoleName>`
 * with the account name lower-cased and spaces turned to `-`, so names that were already safe come
 * out the same. Every name is then made safe for the AWS CLI, INI files and shells:
 * only `[A-Za-z0-9._-]`, any run of other characters becomes one `-`, no `-` at either end.
 */
import { usageError } from './errors.js';

export const DEFAULT_TEMPLATE = '{session}-{account}-{role}';

export const TEMPLATE_FIELDS = {
  session: 'the sso-session name',
  account: 'the account name, lower-cased, spaces as "-" (the sample\'s form)',
  accountName: 'the account name with its case kept',
  accountId: 'the 12-digit account id',
  role: 'the role (permission set) name',
  region: 'the region written into the profile',
  ou: "the account's own OU name, made safe like {account}; empty directly under the root",
  ouPath: 'the OU names from below the root down, each made safe like {account}, joined by "-"',
} as const;
export type TemplateField = keyof typeof TEMPLATE_FIELDS;

/** `{tag:KEY}`: the value of the account's tag KEY, made safe like {account}; empty when it has none. */
export const TAG_FIELD_HELP = "{tag:KEY}: the value of the account's tag KEY, made safe like {account}";

/**
 * The values a name is made of. The structure's (`ou`, `ouPath`, `tags`) are needed only by a
 * template that uses them, and are empty when absent.
 */
export type NameFields = Readonly<Record<Exclude<TemplateField, 'ou' | 'ouPath'>, string>> & {
  readonly ou?: string;
  readonly ouPath?: string;
  readonly tags?: Readonly<Record<string, string>>;
};

/** The fields that come from the organisation's structure: empty where it is unknown. */
const ORG_FIELDS: ReadonlySet<string> = new Set<TemplateField>(['ou', 'ouPath']);

const UNSAFE_RUN = /[^A-Za-z0-9._-]+/g;
const SAFE = /^(?:[A-Za-z0-9._](?:[A-Za-z0-9._-]*[A-Za-z0-9._])?)?$/;

/** Replaces each run of unsafe characters with `-`, and trims `-` from both ends. */
export function safeName(text: string): string {
  // Most names are safe already: one test instead of two replacements, 30,000 times over.
  if (SAFE.test(text)) return text;
  return text.replace(UNSAFE_RUN, '-').replace(/^-+|-+$/g, '');
}

/** Letters with accents keep their base letter (`Zürich` → `Zurich`) rather than becoming `-`. */
function foldAccents(text: string): string {
  // Most names are ASCII: skip Unicode normalisation, which is slow on a cold start.
  return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** `{account}`: the sample's lower-case, spaces-to-dashes form, made safe. */
export function accountPart(accountName: string): string {
  const lower = foldAccents(accountName.toLowerCase());
  return safeName(lower.includes(' ') ? lower.replace(/ /g, '-') : lower);
}

export interface NameTemplate {
  readonly source: string;
  readonly fields: ReadonlySet<TemplateField>;
  /** The tag keys of its `{tag:KEY}` fields. */
  readonly tagKeys: readonly string[];
  /** Whether it uses the organisation's structure ({ou}, {ouPath}, {tag:KEY}). */
  readonly needsOrg: boolean;
  render(fields: NameFields): string;
}

/** The characters of an AWS tag key: letters, digits, spaces and `_ . : / = + - @`. */
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/**
 * The value of tag `key`: the tag of exactly that key, else one whose key differs only in case
 * (the first in code-point order), so that `{tag:env}` finds `Env`.
 */
export function tagValue(tags: Readonly<Record<string, string>> | undefined, key: string): string {
  if (!tags) return '';
  if (Object.hasOwn(tags, key)) return tags[key]!;
  const lower = key.toLowerCase();
  const near = Object.keys(tags)
    .filter((k) => k.toLowerCase() === lower)
    .sort();
  return near.length > 0 ? tags[near[0]!]! : '';
}

/** `{ou}` and `{ouPath}` from an account's OU names (root first; empty directly under the root). */
export function ouFields(ouNames: readonly string[]): { ou: string; ouPath: string } {
  const safe = ouNames.map(accountPart).filter((part) => part !== '');
  return {
    ou: ouNames.length === 0 ? '' : accountPart(ouNames[ouNames.length - 1]!),
    ouPath: safe.join('-'),
  };
}

type Part = string | { readonly field: TemplateField } | { readonly tag: string };

/** A separator: anything but a letter or digit. */
const LEADING_SEPARATORS = /^[^\p{L}\p{N}]+/u;
const TRAILING_SEPARATORS = /[^\p{L}\p{N}]+$/u;
const ENDS_WITH_SEPARATOR = /[^\p{L}\p{N}]$/u;

/**
 * Joins the parts, leaving out a structure field that came out empty together with one of the
 * separators around it: `{session}-{tag:team}-{account}` without a team gives `s-acct`, not
 * `s--acct`, and no separator is left at either end. Only the template's own text next to an
 * empty field is touched; a name without empty structure fields is joined exactly as it was.
 */
function joinParts(parts: readonly Part[], values: NameFields): string {
  let name = '';
  // A structure field came out empty since the last text was added.
  let gap = false;
  // The last thing added was the template's own text, ending with a separator.
  let separatorBefore = false;
  for (const p of parts) {
    if (typeof p === 'string') {
      if (p === '') continue;
      const text = gap && (name === '' || separatorBefore) ? p.replace(LEADING_SEPARATORS, '') : p;
      name += text;
      if (text !== '') {
        gap = false;
        separatorBefore = ENDS_WITH_SEPARATOR.test(text);
      }
      continue;
    }
    const value = 'tag' in p ? accountPart(tagValue(values.tags, p.tag)) : (values[p.field] ?? '');
    if (value === '' && ('tag' in p || ORG_FIELDS.has(p.field))) {
      gap = true;
      continue;
    }
    name += value;
    if (value !== '') {
      gap = false;
      separatorBefore = false;
    }
  }
  return gap && separatorBefore ? name.replace(TRAILING_SEPARATORS, '') : name;
}

/** Parses a template such as `{session}-{account}-{role}`; an unknown field is a usage error. */
export function compileTemplate(source: string): NameTemplate {
  const parts: Part[] = [];
  const fields = new Set<TemplateField>();
  const tagKeys: string[] = [];
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) {
    const name = m[1]!;
    parts.push(source.slice(last, m.index));
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      if (!TAG_KEY.test(key)) {
        throw usageError(
          `{${name}} in --name-template ${JSON.stringify(source)} is not a tag key`,
          'A tag key is 1 to 128 letters, digits, spaces and _ . : / = + - @, e.g. {tag:team}.',
        );
      }
      parts.push({ tag: key });
      tagKeys.push(key);
    } else if (Object.hasOwn(TEMPLATE_FIELDS, name)) {
      parts.push({ field: name as TemplateField });
      fields.add(name as TemplateField);
    } else {
      throw usageError(
        `unknown field {${name}} in --name-template ${JSON.stringify(source)}`,
        `Fields: ${Object.keys(TEMPLATE_FIELDS)
          .map((f) => `{${f}}`)
          .join(', ')}, {tag:KEY}.`,
      );
    }
    last = m.index + m[0].length;
  }
  parts.push(source.slice(last));
  if (/[{}]/.test(parts.filter((p) => typeof p === 'string').join(''))) {
    throw usageError(`unbalanced braces in --name-template ${JSON.stringify(source)}`);
  }
  if (!fields.has('accountId') && !fields.has('account') && !fields.has('accountName')) {
    throw usageError(
      `--name-template ${JSON.stringify(source)} names no account`,
      'Include {account}, {accountName} or {accountId}, or every account would share one profile.',
    );
  }
  const needsOrg = tagKeys.length > 0 || fields.has('ou') || fields.has('ouPath');
  return {
    source,
    fields,
    tagKeys,
    needsOrg,
    render: needsOrg
      ? (values) => safeName(joinParts(parts, values))
      : (values) => {
          let name = '';
          for (const p of parts)
            name += typeof p === 'string' ? p : values[(p as { field: TemplateField }).field];
          return safeName(name);
        },
  };
}

/** Names the AWS tools treat specially, which a generated profile must never take. */
export function isReservedName(name: string): boolean {
  return name === '' || name === 'default' || name === '__proto__';
}
