/**
 * Free-text search over profiles, for agents that cannot see every profile: "prod db readonly"
 * or "security audit in the log archive account". Words are matched against the account name,
 * id and role (split into its parts: DBAReadOnly is dba, read, only), with the usual synonyms of
 * AWS landing zones, and every match says why.
 */
import { byProfileName, type ProfileRecord } from './profile-record.js';

/** Words that mean the same thing in account and role names. Each group is searched as one. */
const SYNONYMS: readonly (readonly string[])[] = [
  ['prod', 'production', 'prd', 'live'],
  ['dev', 'development', 'develop'],
  ['stage', 'staging', 'stg', 'preprod'],
  ['test', 'testing', 'qa', 'uat'],
  ['sandbox', 'sbx', 'playground'],
  ['db', 'dba', 'database', 'rds', 'dbadmin'],
  ['readonly', 'read', 'ro', 'viewonly', 'view', 'viewer', 'readaccess'],
  ['admin', 'administrator', 'administratoraccess', 'root'],
  ['security', 'sec', 'securityaudit', 'audit', 'auditor', 'compliance'],
  ['log', 'logs', 'logging', 'archive'],
  ['network', 'net', 'networking', 'vpc', 'transit'],
  ['billing', 'finance', 'cost', 'costs', 'payer', 'management'],
  ['shared', 'sharedservices', 'common', 'platform'],
  ['poweruser', 'power', 'developer'],
];

/** Words that say nothing about which profile is meant. */
const STOP = new Set([
  'the',
  'a',
  'an',
  'in',
  'of',
  'for',
  'on',
  'to',
  'and',
  'with',
  'account',
  'accounts',
  'profile',
  'role',
  'access',
  'aws',
]);

const groupOf = new Map<string, number>();
SYNONYMS.forEach((group, i) => group.forEach((word) => groupOf.set(word, i)));

/** Lower-case words, splitting camelCase: `DBAReadOnly` → dba, read, only. */
function parts(text: string): string[] {
  const spaced = text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  return spaced.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The words of a name, plus the whole name run together, so that `readonly` finds `ReadOnly`. */
export function words(text: string): string[] {
  const split = parts(text);
  const joined = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return joined && !split.includes(joined) ? [...split, joined] : split;
}

export interface Match {
  readonly profile: ProfileRecord;
  readonly score: number;
  readonly why: readonly string[];
}

interface Field {
  readonly label: string;
  readonly value: string;
  readonly words: readonly string[];
  /** The words that carry meaning, for judging how much of the field a query covers. */
  readonly parts: readonly string[];
  readonly weight: number;
}

function fieldsOf(p: ProfileRecord): Field[] {
  const fields: Field[] = [];
  const add = (label: string, value: string | null, weight: number) => {
    if (value)
      fields.push({
        label,
        value,
        words: words(value),
        parts: parts(value).filter((w) => !STOP.has(w)),
        weight,
      });
  };
  // The role first: on a tie, a role word is the likelier meaning ("db" is the DBA role).
  add('role', p.role ?? (p.roleArn ? p.roleArn.replace(/^.*:role\//, '') : null), 3);
  add('account', p.accountName, 3);
  add('profile', p.profile, 1);
  add('session', p.ssoSession, 1);
  add('region', p.region, 1);
  return fields;
}

/** How well one query word matches one field word: exact, synonym, then prefix. */
function wordScore(query: string, word: string): number {
  if (query === word) return 1;
  const g = groupOf.get(query);
  if (g !== undefined && groupOf.get(word) === g) return 0.8;
  if (query.length >= 3 && word.startsWith(query)) return 0.6;
  if (query.length >= 4 && word.includes(query)) return 0.4;
  return 0;
}

/** How much of a field the query covers: 1 when every meaningful word of it was asked for. */
function precision(field: Field | undefined, terms: readonly string[]): number {
  if (!field || field.parts.length === 0) return 0;
  return field.parts.filter((w) => terms.some((t) => wordScore(t, w) > 0)).length / field.parts.length;
}

/**
 * A query is a few words; each one is compared with every word of every profile, so thousands of
 * them (an agent's runaway argument) would hold the MCP server for minutes over 10,000 profiles.
 */
export const MAX_TERMS = 32;

export function searchProfiles(profiles: readonly ProfileRecord[], query: string, limit = 10): Match[] {
  const terms = [...new Set(parts(query).filter((w) => !STOP.has(w)))].slice(0, MAX_TERMS);
  if (terms.length === 0) return [];
  const matches: Match[] = [];
  for (const profile of profiles) {
    let score = 0;
    let matched = 0;
    const why: string[] = [];
    const fields = fieldsOf(profile);
    for (const term of terms) {
      if (/^\d{12}$/.test(term) && profile.accountId === term) {
        score += 10;
        matched++;
        why.push(`account id ${term}`);
        continue;
      }
      let best = 0;
      let bestWhy = '';
      for (const field of fields) {
        for (const word of field.words) {
          const s = wordScore(term, word) * field.weight;
          if (s > best) {
            best = s;
            bestWhy = `${field.label} "${field.value}" matches "${term}"${word === term ? '' : ` (${word})`}`;
          }
        }
      }
      if (best > 0) {
        score += best;
        matched++;
        why.push(bestWhy);
      }
    }
    if (matched === 0) continue;
    // Profiles that match every word come first; then by how well.
    // Profiles that match every word come first, then by how well; then those whose account name
    // and role the query covers best: "Payments Prod" over "payments-prod-0042" for "payments
    // prod", ReadOnlyAccess over DBAReadOnly for "readonly".
    const coverage = matched / terms.length;
    const account = precision(
      fields.find((f) => f.label === 'account'),
      terms,
    );
    const role = precision(
      fields.find((f) => f.label === 'role'),
      terms,
    );
    const total = score * coverage * coverage * (0.9 + 0.05 * (account + role));
    matches.push({ profile, score: Math.round(total * 100) / 100, why });
  }
  matches.sort((a, b) => b.score - a.score || byProfileName(a.profile, b.profile));
  return matches.slice(0, limit);
}
