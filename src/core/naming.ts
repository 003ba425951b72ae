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
} as const;
export type TemplateField = keyof typeof TEMPLATE_FIELDS;
export type NameFields = Readonly<Record<TemplateField, string>>;

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
  render(fields: NameFields): string;
}

/** Parses a template such as `{session}-{account}-{role}`; an unknown field is a usage error. */
export function compileTemplate(source: string): NameTemplate {
  const parts: (string | { field: TemplateField })[] = [];
  const fields = new Set<TemplateField>();
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) {
    const name = m[1]!;
    if (!Object.hasOwn(TEMPLATE_FIELDS, name)) {
      throw usageError(
        `unknown field {${name}} in --name-template ${JSON.stringify(source)}`,
        `Fields: ${Object.keys(TEMPLATE_FIELDS)
          .map((f) => `{${f}}`)
          .join(', ')}.`,
      );
    }
    parts.push(source.slice(last, m.index), { field: name as TemplateField });
    fields.add(name as TemplateField);
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
  return {
    source,
    fields,
    render: (values) => {
      let name = '';
      for (const p of parts) name += typeof p === 'string' ? p : values[p.field];
      return safeName(name);
    },
  };
}

/** Names the AWS tools treat specially, which a generated profile must never take. */
export function isReservedName(name: string): boolean {
  return name === '' || name === 'default' || name === '__proto__';
}
