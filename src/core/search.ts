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

/** An escaped OU name as it was, to be read as words: `Finance%2FLegal` is finance, legal. */
function unescapeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
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

/** A whole word: exact or synonym, never a part of a longer word. */
function wholeWordScore(query: string, word: string): number {
  const score = wordScore(query, word);
  return score >= 0.8 ? score : 0;
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

/**
 * The profiles of a catalog, indexed once for many queries: each distinct field (a role, an
 * account name, an OU) is split into words once, and a query compares its words with each
 * distinct word once, not with every word of every profile; only the best few profiles are then
 * explained. The MCP server keeps one until the config or the org cache changes.
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
  /** Each profile's place in the order of names, to break ties without comparing strings. */
  readonly #nameRank: Int32Array;
  readonly #vocabulary: string[] = [];
  /** For each word of #vocabulary, the fields that hold it. */
  readonly #wordFields: Int32Array[] = [];
  /** For each field, the profiles that have it. */
  readonly #fieldProfiles: Int32Array[] = [];
  /** For each field: its weight, 0 for a name and the weight for the structure (whole words only). */
  readonly #fieldWeight: Float64Array;
  readonly #fieldWhole: Uint8Array;
  /** For each field, its meaningful words as ids into #vocabulary (for `precision`). */
  readonly #fieldParts: Int32Array[] = [];
  readonly #byAccountId = new Map<string, number[]>();
  /** The scratch space of a query, kept for the next one: 30,000 profiles make it a megabyte. */
  #buffers: Buffers | undefined;

  constructor(profiles: readonly ProfileRecord[]) {
    this.#profiles = profiles;
    const n = profiles.length;
    this.#accountField = new Int32Array(n).fill(-1);
    this.#roleField = new Int32Array(n).fill(-1);
    this.#environments = new Int32Array(n);
    const wordIds = new Map<string, number>();
    const wordFields: number[][] = [];
    const fieldProfiles: number[][] = [];
    const wordId = (word: string) => {
      let w = wordIds.get(word);
      if (w === undefined) {
        w = this.#vocabulary.length;
        wordIds.set(word, w);
        this.#vocabulary.push(word);
        wordFields.push([]);
      }
      return w;
    };
    // Distinct fields by label, then value: most values (roles, account names, OUs) recur.
    const byLabel = new Map<string, Map<string, number>>();
    const fieldId = (label: string, value: string, weight: number, whole: boolean, text?: string) => {
      // A profile's name is its own: no other profile shares it, so it is not looked up.
      let values = label === 'profile' ? undefined : byLabel.get(label);
      if (!values && label !== 'profile') byLabel.set(label, (values = new Map<string, number>()));
      let id = values?.get(value);
      if (id === undefined) {
        id = this.#fields.length;
        values?.set(value, id);
        const field = makeField(label, value, weight, whole, text);
        this.#fields.push(field);
        fieldProfiles.push([]);
        for (const word of new Set(field.words)) wordFields[wordId(word)]!.push(id);
        this.#fieldParts.push(Int32Array.from(field.parts, wordId));
      }
      return id;
    };
    // The OU fields of each path, and the tag fields of each set of tags (shared by an account's profiles).
    const ouFieldsOf = new Map<string, number[]>();
    const tagFieldsOf = new WeakMap<object, number[]>();
    const tagLabels = new Map<string, string>();
    profiles.forEach((p, i) => {
      // In the order that settles a tie: the first field with the best score says why.
      const ids: number[] = [];
      const add = (label: string, value: string | null, weight: number) => {
        if (!value) return;
        const id = fieldId(label, value, weight, false);
        if (label === 'role') this.#roleField[i] = id;
        else if (label === 'account') this.#accountField[i] = id;
        ids.push(id);
      };
      // The role first: on a tie, a role word is the likelier meaning ("db" is the DBA role).
      add('role', p.role ?? (p.roleArn ? p.roleArn.replace(/^.*:role\//, '') : null), NAME_WEIGHT);
      add('account', p.accountName, NAME_WEIGHT);
      add('profile', p.profile, 1);
      add('session', p.ssoSession, 1);
      add('region', p.region, 1);
      if (p.ouPath !== undefined && p.ouPath !== '/') {
        let ous = ouFieldsOf.get(p.ouPath);
        if (!ous) {
          // The path's segments are escaped names (core/org.ts): shown as they are, read as words.
          ous = p.ouPath
            .slice(1)
            .split('/')
            .filter((segment) => segment !== '')
            .map((segment) => fieldId('ou', segment, STRUCTURE_WEIGHT, true, unescapeSegment(segment)));
          ouFieldsOf.set(p.ouPath, ous);
        }
        ids.push(...ous);
      }
      if (p.tags !== undefined) {
        let tags = tagFieldsOf.get(p.tags);
        if (!tags) {
          tags = [];
          for (const [key, value] of Object.entries(p.tags)) {
            if (typeof value !== 'string' || value === '') continue;
            let label = tagLabels.get(key);
            if (label === undefined) tagLabels.set(key, (label = `tag ${escapeSegment(key)}`));
            tags.push(fieldId(label, value, STRUCTURE_WEIGHT, true));
          }
          tagFieldsOf.set(p.tags, tags);
        }
        ids.push(...tags);
      }
      const own = Int32Array.from(ids);
      this.#profileFields.push(own);
      let environments = 0;
      for (const id of own) {
        fieldProfiles[id]!.push(i);
        environments |= this.#fields[id]!.environments;
      }
      this.#environments[i] = environments;
      if (p.accountId !== null) {
        const list = this.#byAccountId.get(p.accountId);
        if (list) list.push(i);
        else this.#byAccountId.set(p.accountId, [i]);
      }
    });
    for (const list of wordFields) this.#wordFields.push(Int32Array.from(list));
    for (const list of fieldProfiles) this.#fieldProfiles.push(Int32Array.from(list));
    this.#fieldWeight = Float64Array.from(this.#fields, (f) => f.weight);
    this.#fieldWhole = Uint8Array.from(this.#fields, (f) => (f.whole ? 1 : 0));
    const order = Array.from(profiles.keys()).sort((a, b) => byProfileName(profiles[a]!, profiles[b]!));
    this.#nameRank = new Int32Array(n);
    order.forEach((p, rank) => (this.#nameRank[p] = rank));
  }

  get size(): number {
    return this.#profiles.length;
  }

  /** How much a term found in profile `p` counts, once what its structure says is weighed. */
  #weighed(p: number, score: number, environment: number): number {
    const named = this.#environments[p]!;
    // The account's OUs or tags name another environment, and not this one: "prod" in a name
    // counts for little in an account that the structure puts in staging.
    return environment !== 0 && named !== 0 && (named & environment) === 0 ? score / 2 : score;
  }

  /**
   * Adds, for each profile that matches `term`, its best score over its fields to the totals,
   * and counts the match; marks each word of the vocabulary that the term matches at all.
   */
  #score(term: string, buffers: Buffers): void {
    const { totals, matched, found, fieldBest, best, wordHit } = buffers;
    const byId = /^\d{12}$/.test(term) ? (this.#byAccountId.get(term) ?? []) : [];
    for (const p of byId) {
      if (matched[p] === 0) found.push(p);
      matched[p] = matched[p]! + 1;
      totals[p] = totals[p]! + 10;
    }
    // The best score of each field that holds a matching word.
    const fields: number[] = [];
    const vocabulary = this.#vocabulary;
    const weights = this.#fieldWeight;
    const wholes = this.#fieldWhole;
    for (let w = 0; w < vocabulary.length; w++) {
      const partial = wordScore(term, vocabulary[w]!);
      if (partial === 0) continue;
      wordHit[w] = 1;
      // Exact or synonym: what a whole-word field (an OU, a tag value) accepts.
      const whole = partial >= 0.8 ? partial : 0;
      const holders = this.#wordFields[w]!;
      for (let k = 0; k < holders.length; k++) {
        const f = holders[k]!;
        const score = (wholes[f] === 1 ? whole : partial) * weights[f]!;
        if (score === 0) continue;
        const current = fieldBest[f]!;
        if (current === 0) fields.push(f);
        if (score > current) fieldBest[f] = score;
      }
    }
    // The best field of each profile that has one.
    const profiles: number[] = [];
    for (const f of fields) {
      const score = fieldBest[f]!;
      fieldBest[f] = 0;
      const holders = this.#fieldProfiles[f]!;
      for (let k = 0; k < holders.length; k++) {
        const p = holders[k]!;
        const current = best[p]!;
        if (current === 0) profiles.push(p);
        if (score > current) best[p] = score;
      }
    }
    const skip = byId.length > 0 ? new Set(byId) : undefined;
    const group = groupOf.get(term);
    const environment = group !== undefined && ENVIRONMENT_GROUPS.has(group) ? 1 << group : 0;
    for (const p of profiles) {
      const score = best[p]!;
      best[p] = 0;
      if (skip?.has(p)) continue;
      if (matched[p] === 0) found.push(p);
      matched[p] = matched[p]! + 1;
      totals[p] = totals[p]! + this.#weighed(p, score, environment);
    }
  }

  /** Why profile `p` matched each term, as the first field with the best score of each says. */
  #why(p: number, terms: readonly string[]): string[] {
    const why: string[] = [];
    const profile = this.#profiles[p]!;
    for (const term of terms) {
      if (/^\d{12}$/.test(term) && profile.accountId === term) {
        why.push(`account id ${term}`);
        continue;
      }
      let best = 0;
      let bestWhy = '';
      for (const f of this.#profileFields[p]!) {
        const field = this.#fields[f]!;
        for (const word of field.words) {
          const s = (field.whole ? wholeWordScore : wordScore)(term, word) * field.weight;
          if (s > best) {
            best = s;
            bestWhy = `${field.label} "${field.value}" matches "${term}"${word === term ? '' : ` (${word})`}`;
          }
        }
      }
      if (best === 0) continue;
      const group = groupOf.get(term);
      const environment = group !== undefined && ENVIRONMENT_GROUPS.has(group) ? 1 << group : 0;
      if (this.#weighed(p, best, environment) !== best) {
        bestWhy += ', but its OUs or tags name another environment';
      }
      why.push(bestWhy);
    }
    return why;
  }

  /** Scratch space sized for this index, zeroed where a query left values behind. */
  #scratch(): Buffers {
    if (!this.#buffers) {
      const n = this.#profiles.length;
      this.#buffers = {
        totals: new Float64Array(n),
        matched: new Uint8Array(n),
        found: [],
        fieldBest: new Float64Array(this.#fields.length),
        best: new Float64Array(n),
        wordHit: new Uint8Array(this.#vocabulary.length),
      };
    }
    const buffers = this.#buffers;
    for (const p of buffers.found) {
      buffers.totals[p] = 0;
      buffers.matched[p] = 0;
    }
    buffers.found.length = 0;
    buffers.wordHit.fill(0);
    return buffers;
  }

  /** How much of field `f` the query covers: the share of its meaningful words some term matched. */
  #precision(f: number, wordHit: Uint8Array): number {
    if (f < 0) return 0;
    const ids = this.#fieldParts[f]!;
    if (ids.length === 0) return 0;
    let hit = 0;
    for (let k = 0; k < ids.length; k++) hit += wordHit[ids[k]!]!;
    return hit / ids.length;
  }

  /** Profiles ranked against plain words, best first, each with why it matched. */
  search(query: string, limit = 10): Match[] {
    const terms = termsOf(query);
    if (terms.length === 0 || limit <= 0) return [];
    const buffers = this.#scratch();
    for (const term of terms) this.#score(term, buffers);
    const { totals, matched, found, wordHit } = buffers;
    const scores = new Float64Array(found.length);
    for (let i = 0; i < found.length; i++) {
      const p = found[i]!;
      // Profiles that match every word come first, then by how well; then those whose account name
      // and role the query covers best: "Payments Prod" over "payments-prod-0042" for "payments
      // prod", ReadOnlyAccess over DBAReadOnly for "readonly".
      const coverage = matched[p]! / terms.length;
      const account = this.#precision(this.#accountField[p]!, wordHit);
      const role = this.#precision(this.#roleField[p]!, wordHit);
      const total = totals[p]! * coverage * coverage * (0.9 + 0.05 * (account + role));
      scores[i] = Math.round(total * 100) / 100;
    }
    // Only the best `limit` are sorted: those at or above the limit-th best score.
    const threshold =
      found.length <= limit ? -Infinity : Float64Array.from(scores).sort()[found.length - limit]!;
    const top: number[] = [];
    for (let i = 0; i < found.length; i++) if (scores[i]! >= threshold) top.push(i);
    top.sort((a, b) => scores[b]! - scores[a]! || this.#nameRank[found[a]!]! - this.#nameRank[found[b]!]!);
    return top.slice(0, limit).map((i) => {
      const p = found[i]!;
      return { profile: this.#profiles[p]!, score: scores[i]!, why: this.#why(p, terms) };
    });
  }
}

/** The scratch space of one query. */
interface Buffers {
  /** Each profile's score so far, and how many terms it matched. */
  readonly totals: Float64Array;
  readonly matched: Uint8Array;
  /** The profiles with a match, in the order they were first matched. */
  readonly found: number[];
  /** Zero between terms: the best score of each field, and of each profile, for one term. */
  readonly fieldBest: Float64Array;
  readonly best: Float64Array;
  /** The words of the vocabulary that some term of the query matches. */
  readonly wordHit: Uint8Array;
}

/** One query over `profiles`; for many queries over the same profiles, keep a ProfileIndex. */
export function searchProfiles(profiles: readonly ProfileRecord[], query: string, limit = 10): Match[] {
  return new ProfileIndex(profiles).search(query, limit);
}
