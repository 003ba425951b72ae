/**
 * Turns a sync plan into edits of the config document, and checks the result before it is written:
 * the new text must parse as botocore parses it, every written profile must read back the same in
 * botocore and in the JS SDK, and every profile, session and services section the plan does not
 * own must read exactly as before.
 */
import { AppError } from '../core/errors.js';
import { ProfileKeys } from '../core/model.js';
import type { DesiredProfile, ExistingProfile, SyncPlan } from '../core/plan.js';
import { isGenerated } from '../core/profile-record.js';
import type { ConfigDocument } from './document.js';
import { applyEdits, type ConfigEdits, type SectionInsert } from './edit.js';
import { readJsSdk, type JsSdkReading } from './js-sdk.js';
import { classifySection } from './botocore.js';
import type { ConfigSection, ParsedOrigin } from './parse.js';

export function existingProfiles(doc: ConfigDocument): Map<string, ExistingProfile> {
  const existing = new Map<string, ExistingProfile>();
  for (const [name, named] of doc.botocore.profiles) {
    const ambiguous = named.sections.length > 1;
    const lines = named.defaults || ambiguous ? undefined : named.section.options;
    existing.set(name, { name, values: named, ambiguous, lines });
  }
  return existing;
}

export function editsFor(doc: ConfigDocument, plan: SyncPlan, session: string): ConfigEdits {
  const section = (name: string): ConfigSection => {
    const named = doc.profile(name);
    if (!named) throw new AppError('INTERNAL', `profile ${name} vanished from the plan's document`);
    return named.section;
  };
  const deletes = plan.prune.map((r) => section(r.name));
  const deleted = new Set(deletes);
  // New profiles go after the last profile this session generated, so they stay together.
  let anchor: ConfigSection | undefined;
  for (const named of plan.create.length > 0 ? doc.botocore.profiles.values() : []) {
    if (deleted.has(named.section) || !isGenerated(named)) continue;
    if (named.get(ProfileKeys.session) !== session) continue;
    if (!anchor || named.section.line > anchor.line) anchor = named.section;
  }
  const inserts: SectionInsert[] = plan.create.map((p) => ({
    header: `profile ${p.name}`,
    entries: p.entries,
    ...(anchor ? { after: anchor } : {}),
  }));
  const updates = plan.update.map(({ profile, changes }) => ({
    section: section(profile.name),
    set: profile.entries,
    remove: changes.filter((c) => c.to === null).map((c) => c.key),
  }));
  return { deletes, inserts, updates };
}

function fail(detail: string): never {
  throw new AppError('INTERNAL', `refusing to write the config: ${detail}`, {
    hint: 'This is a bug in aws-org-profiles; please report it. Nothing was written.',
  });
}

/** The value botocore reads for `key` in a section, without building the section's map. */
function optionValue(section: ConfigSection, key: string): string | undefined {
  for (const option of section.options) if (option.key === key) return option.value;
  return undefined;
}

function checkWritten(section: ConfigSection | undefined, js: JsSdkReading, profile: DesiredProfile): void {
  const jsValues = js.profiles.get(profile.name);
  if (!section || !jsValues) fail(`profile ${profile.name} would not be readable`);
  for (const [key, value] of profile.entries) {
    if (optionValue(section, key) !== value)
      fail(`botocore would read ${key} of ${profile.name} differently`);
    if (jsValues[key] !== value) fail(`the JS SDK would read ${key} of ${profile.name} differently`);
  }
}

/** Same keys, same values, same order: compared option by option, with no maps built. */
function sameOptions(a: ConfigSection, b: ConfigSection): boolean {
  if (a === b) return true;
  if (a.name !== b.name || a.options.length !== b.options.length) return false;
  for (let i = 0; i < a.options.length; i++) {
    if (a.options[i]!.key !== b.options[i]!.key || a.options[i]!.value !== b.options[i]!.value) return false;
  }
  return true;
}

/**
 * Checks that every profile, session and services entry that `owned` does not name reads in
 * `after` exactly as in `before`, and gives the section botocore reads for a profile in `after`.
 * When `after` is a `reparse` of `before`, only the names of the sections that were parsed again
 * are compared: every other name maps to the very same sections on both sides.
 */
export function compareReadings(
  before: ConfigDocument,
  after: ConfigDocument,
  owned: ReadonlySet<string>,
): { profile(name: string): ConfigSection | undefined } {
  const origin = after.parsed.origin;
  if (origin?.previous !== before.parsed) {
    checkUntouched(before, after, owned);
    return { profile: (name) => after.profile(name)?.section };
  }
  const changes = changedNames(before, origin);
  for (const change of changes.values()) {
    if (change.kind === 'profiles' && owned.has(change.name)) continue;
    checkName(change.kind, change.name, change.was, change.now);
  }
  return {
    profile: (name) => {
      const change = changes.get(`profiles\u0000${name}`);
      return change ? change.now.at(-1) : after.profile(name)?.section;
    },
  };
}

function checkUntouched(before: ConfigDocument, after: ConfigDocument, owned: ReadonlySet<string>): void {
  // [DEFAULT] is inherited by every section; the tool never writes one, so it must be as it was.
  const defaults = (doc: ConfigDocument) => doc.parsed.sections.filter((s) => s.name === 'DEFAULT');
  const [d0, d1] = [defaults(before), defaults(after)];
  if (d0.length !== d1.length || d0.some((s, i) => !sameOptions(s, d1[i]!))) fail('[DEFAULT] would change');
  const kinds = ['profiles', 'ssoSessions', 'services'] as const;
  for (const kind of kinds) {
    const [was, now] = [before.botocore[kind], after.botocore[kind]];
    for (const [name, named] of was) {
      if (kind === 'profiles' && owned.has(name)) continue;
      checkName(kind, name, named.sections, now.get(name)?.sections ?? []);
    }
    for (const name of now.keys()) {
      if (!was.has(name) && !(kind === 'profiles' && owned.has(name)))
        fail(`${kind} entry ${name} would appear`);
    }
  }
}

/** A name the plan does not own must map to as many sections as before, the last one unchanged. */
function checkName(
  kind: string,
  name: string,
  was: readonly ConfigSection[],
  now: readonly ConfigSection[],
): void {
  if (was.length === 0 && now.length > 0) fail(`${kind} entry ${name} would appear`);
  if (
    was.length !== now.length ||
    (was.length > 0 && !sameOptions(was[was.length - 1]!, now[now.length - 1]!))
  )
    fail(`${kind} entry ${name} would change`);
}

interface NameChange {
  readonly kind: 'profiles' | 'ssoSessions' | 'services';
  readonly name: string;
  /** The sections botocore reads this name from, in file order, before and after. */
  readonly was: readonly ConfigSection[];
  readonly now: ConfigSection[];
}

const READINGS = { profile: 'profiles', 'sso-session': 'ssoSessions', services: 'services' } as const;

/**
 * The names whose sections changed between `before` and `after`, a `reparse` of it: those of the
 * sections it replaced and of the sections that took their place. Every other name maps to the
 * very same sections on both sides, so only these need checking.
 */
function changedNames(before: ConfigDocument, origin: ParsedOrigin): Map<string, NameChange> {
  const gone = new Set(origin.removed);
  const changes = new Map<string, NameChange>();
  const entry = (section: ConfigSection): NameChange | undefined => {
    const named = classifySection(section.name);
    if (!named) return undefined;
    const kind = READINGS[named.kind];
    const key = `${kind}\u0000${named.name}`;
    let change = changes.get(key);
    if (!change) {
      const was = before.botocore[kind].get(named.name)?.sections ?? [];
      change = { kind, name: named.name, was, now: was.filter((s) => !gone.has(s)) };
      changes.set(key, change);
    }
    return change;
  };
  for (const section of origin.removed) entry(section);
  for (const section of origin.added) entry(section)?.now.push(section);
  for (const change of changes.values()) change.now.sort((a, b) => a.line - b.line);
  return changes;
}

/**
 * Applies the plan to `doc` and returns the new document, after checking it; throws rather than
 * damage the file.
 */
export function renderSync(doc: ConfigDocument, plan: SyncPlan, session: string): ConfigDocument {
  const text = applyEdits(doc, editsFor(doc, plan, session));
  let after: ConfigDocument;
  try {
    after = doc.reparse(text);
  } catch (error) {
    fail(`the result would not parse (${(error as Error).message})`);
  }
  const written = [...plan.create, ...plan.update.map((u) => u.profile)];
  const js = readJsSdk(text, new Set(written.map((p) => p.name)));
  const owned = new Set([...written.map((p) => p.name), ...plan.prune.map((r) => r.name)]);
  const changes = compareReadings(doc, after, owned);
  for (const profile of written) checkWritten(changes.profile(profile.name), js, profile);
  for (const removal of plan.prune) {
    if (changes.profile(removal.name)) fail(`profile ${removal.name} would still be there`);
  }
  return after;
}
