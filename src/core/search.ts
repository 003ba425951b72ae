/**
 * Free-text search over profiles, for agents that cannot see every profile: "prod db readonly"
 * or "security audit in the log archive account". Words are matched against the account name,
 * id and role (split into its parts: DBAReadOnly is dba, read, only), the names of the account's
 * OUs and its tag values, with the usual synonyms of AWS landing zones, and every match says why.
 * The structure (OUs and tags) outweighs the names, and matches by whole words only: "prod"
 * finds the OU Production, never NonProd.
 */
import { escapeSegment } from './org.js';
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

/** The synonym groups that name an environment: a profile's structure in one contradicts another. */
const ENVIRONMENT_GROUPS = new Set([0, 1, 2, 3, 4]);

/** Words that turn the next one into its opposite or its neighbour: non-prod, pre-prod. */
const PREFIXES = new Set(['non', 'pre', 'not']);

/** Lower-case words, splitting camelCase: `DBAReadOnly` → dba, read, only; `NonProd` → nonprod. */
function parts(text: string): string[] {
  const spaced = text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  const split = spaced.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (!split.some((w) => PREFIXES.has(w))) return split;
  const merged: string[] = [];
  for (let i = 0; i < split.length; i++) {
    const word = split[i]!;
    if (PREFIXES.has(word) && i + 1 < split.length) merged.push(word + split[++i]!);
    else merged.push(word);
  }
  return merged;
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
  /** Matched by whole words (exact or synonym) only: the structure's OU names and tag values. */
  readonly whole: boolean;
  /** The environments its words name, one bit per synonym group; structure fields only. */
  readonly environments: number;
}

/** A name counts for 3; the structure for 4, so that an account in a Prod OU outranks one named prod-mirror. */
const NAME_WEIGHT = 3;
const STRUCTURE_WEIGHT = 4;

type FieldSpec = [label: string, value: string | null, weight: number, whole: boolean, text?: string];

/** An escaped OU name as it was, to be read as words: `Finance%2FLegal` is finance, legal. */
function unescapeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The fields of a profile, in the order that settles a tie: the first field with the best score says why. */
function fieldSpecs(p: ProfileRecord): FieldSpec[] {
  const specs: FieldSpec[] = [
    // The role first: on a tie, a role word is the likelier meaning ("db" is the DBA role).
    ['role', p.role ?? (p.roleArn ? p.roleArn.replace(/^.*:role\//, '') : null), NAME_WEIGHT, false],
    ['account', p.accountName, NAME_WEIGHT, false],
    ['profile', p.profile, 1, false],
    ['session', p.ssoSession, 1, false],
    ['region', p.region, 1, false],
  ];
  if (p.ouPath !== undefined && p.ouPath !== '/') {
    // The path's segments are escaped names (core/org.ts): shown as they are, read as words.
    for (const segment of p.ouPath.slice(1).split('/')) {
      specs.push(['ou', segment, STRUCTURE_WEIGHT, true, unescapeSegment(segment)]);
    }
  }
  for (const [key, value] of Object.entries(p.tags ?? {})) {
    specs.push([`tag ${escapeSegment(key)}`, value, STRUCTURE_WEIGHT, true]);
  }
  return specs;
}

function makeField(label: string, value: string, weight: number, whole: boolean, text = value): Field {
  const w = words(text);
  let environments = 0;
  if (whole) {
    for (const word of w) {
      const g = groupOf.get(word);
      if (g !== undefined && ENVIRONMENT_GROUPS.has(g)) environments |= 1 << g;
    }
  }
  return {
    label,
    value,
    words: w,
    parts: parts(value).filter((x) => !STOP.has(x)),
    weight,
    whole,
    environments,
  };
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

/** The words of a query that carry meaning, without repeats, at most MAX_TERMS. */
function termsOf(query: string): string[] {
  return [...new Set(parts(query).filter((w) => !STOP.has(w)))].slice(0, MAX_TERMS);
}

/** One term's best match in one profile. */
interface Hit {
  score: number;
  /** The position of the field in the profile's fields: the lower wins a tie. */
  rank: number;
  field: number;
  word: string;
}

/**
 * The profiles of a catalog, indexed once for many queries: each distinct field (a role, an
 * account name, an OU) is split into words once, and a query compares its words with each
 * distinct word once, not with every word of every profile. The MCP server keeps one until the
 * config or the org cache changes.
 */
export class ProfileIndex {
  readonly #profiles: readonly ProfileRecord[];
  readonly #fields: Field[] = [];
  /** Each profile's fields, as ids into #fields, in their order. */
  readonly #profileFields: Int32Array[] = [];
  readonly #accountField: Int32Array;
  readonly #roleField: Int32Array;
  /** The environments the profile's structure names, one bit per synonym group. */
  readonly #environments: Int32Array;
  readonly #vocabulary: string[] = [];
  /** For each word of #vocabulary, the fields that hold it. */
  readonly #wordFields: number[][] = [];
  /** For each field, the profiles that have it, with its position among their fields. */
  readonly #fieldProfiles: number[][] = [];
  readonly #fieldRanks: number[][] = [];
  readonly #byAccountId = new Map<string, number[]>();

  constructor(profiles: readonly ProfileRecord[]) {
    this.#profiles = profiles;
    this.#accountField = new Int32Array(profiles.length).fill(-1);
    this.#roleField = new Int32Array(profiles.length).fill(-1);
    this.#environments = new Int32Array(profiles.length);
    const fieldIds = new Map<string, number>();
    const wordIds = new Map<string, number>();
    profiles.forEach((p, i) => {
      const ids: number[] = [];
      for (const [label, value, weight, whole, text] of fieldSpecs(p)) {
        if (!value) continue;
        const key = `${label}\u0000${value}`;
        let id = fieldIds.get(key);
        if (id === undefined) {
          id = this.#fields.length;
          fieldIds.set(key, id);
          const field = makeField(label, value, weight, whole, text);
          this.#fields.push(field);
          this.#fieldProfiles.push([]);
          this.#fieldRanks.push([]);
          for (const word of new Set(field.words)) {
            let w = wordIds.get(word);
            if (w === undefined) {
              w = this.#vocabulary.length;
              wordIds.set(word, w);
              this.#vocabulary.push(word);
              this.#wordFields.push([]);
            }
            this.#wordFields[w]!.push(id);
          }
        }
        this.#fieldProfiles[id]!.push(i);
        this.#fieldRanks[id]!.push(ids.length);
        if (label === 'account') this.#accountField[i] = id;
        else if (label === 'role') this.#roleField[i] = id;
        this.#environments[i]! |= this.#fields[id]!.environments;
        ids.push(id);
      }
      this.#profileFields.push(Int32Array.from(ids));
      if (p.accountId !== null) {
        const list = this.#byAccountId.get(p.accountId);
        if (list) list.push(i);
        else this.#byAccountId.set(p.accountId, [i]);
      }
    });
  }

  get size(): number {
    return this.#profiles.length;
  }

  /** The best match of `term` in each profile that has one. */
  #hits(term: string): Map<number, Hit> {
    // The best score of each field that holds a matching word, and that word.
    const fieldScore = new Map<number, { score: number; word: string }>();
    for (let w = 0; w < this.#vocabulary.length; w++) {
      const word = this.#vocabulary[w]!;
      const partial = wordScore(term, word);
      if (partial === 0) continue;
      // Exact or synonym: what a whole-word field (an OU, a tag value) accepts.
      const whole = partial >= 0.8 ? partial : 0;
      for (const f of this.#wordFields[w]!) {
        const field = this.#fields[f]!;
        const score = (field.whole ? whole : partial) * field.weight;
        if (score === 0) continue;
        const best = fieldScore.get(f);
        // A tie goes to the word that comes first in the field.
        if (
          !best ||
          score > best.score ||
          (score === best.score && field.words.indexOf(word) < field.words.indexOf(best.word))
        ) {
          fieldScore.set(f, { score, word });
        }
      }
    }
    const hits = new Map<number, Hit>();
    for (const [f, { score, word }] of fieldScore) {
      const holders = this.#fieldProfiles[f]!;
      const ranks = this.#fieldRanks[f]!;
      for (let k = 0; k < holders.length; k++) {
        const p = holders[k]!;
        const rank = ranks[k]!;
        const hit = hits.get(p);
        if (!hit) hits.set(p, { score, rank, field: f, word });
        else if (score > hit.score || (score === hit.score && rank < hit.rank)) {
          hit.score = score;
          hit.rank = rank;
          hit.field = f;
          hit.word = word;
        }
      }
    }
    return hits;
  }

  /** Profiles ranked against plain words, best first, each with why it matched. */
  search(query: string, limit = 10): Match[] {
    const terms = termsOf(query);
    if (terms.length === 0) return [];
    const totals = new Map<number, { score: number; matched: number; why: string[] }>();
    const add = (p: number, score: number, why: string) => {
      const total = totals.get(p);
      if (total) {
        total.score += score;
        total.matched++;
        total.why.push(why);
      } else totals.set(p, { score, matched: 1, why: [why] });
    };
    for (const term of terms) {
      const byId = /^\d{12}$/.test(term) ? (this.#byAccountId.get(term) ?? []) : [];
      for (const p of byId) add(p, 10, `account id ${term}`);
      const skip = new Set(byId);
      const group = groupOf.get(term);
      const environment = group !== undefined && ENVIRONMENT_GROUPS.has(group) ? 1 << group : 0;
      for (const [p, hit] of this.#hits(term)) {
        if (skip.has(p)) continue;
        const field = this.#fields[hit.field]!;
        let why = `${field.label} "${field.value}" matches "${term}"${hit.word === term ? '' : ` (${hit.word})`}`;
        let score = hit.score;
        // The account's OUs or tags name another environment, and not this one: "prod" in a
        // name counts for little in an account that the structure puts in staging.
        const named = this.#environments[p]!;
        if (environment !== 0 && named !== 0 && (named & environment) === 0) {
          score /= 2;
          why += `, but its OUs or tags name another environment`;
        }
        add(p, score, why);
      }
    }
    const precisions = new Map<number, number>();
    const precisionOf = (f: number) => {
      if (f < 0) return 0;
      let value = precisions.get(f);
      if (value === undefined) precisions.set(f, (value = precision(this.#fields[f], terms)));
      return value;
    };
    const matches: Match[] = [];
    for (const [p, { score, matched, why }] of totals) {
      // Profiles that match every word come first, then by how well; then those whose account name
      // and role the query covers best: "Payments Prod" over "payments-prod-0042" for "payments
      // prod", ReadOnlyAccess over DBAReadOnly for "readonly".
      const coverage = matched / terms.length;
      const account = precisionOf(this.#accountField[p]!);
      const role = precisionOf(this.#roleField[p]!);
      const total = score * coverage * coverage * (0.9 + 0.05 * (account + role));
      matches.push({ profile: this.#profiles[p]!, score: Math.round(total * 100) / 100, why });
    }
    matches.sort((a, b) => b.score - a.score || byProfileName(a.profile, b.profile));
    return matches.slice(0, limit);
  }
}

/** One query over `profiles`; for many queries over the same profiles, keep a ProfileIndex. */
export function searchProfiles(profiles: readonly ProfileRecord[], query: string, limit = 10): Match[] {
  return new ProfileIndex(profiles).search(query, limit);
}
