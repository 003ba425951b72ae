/**
 * Turns a sync plan into edits of the config document, and checks the result before it is written:
 * the new text must parse as botocore parses it, every written profile must read back the same in
 * botocore and in the JS SDK, and every profile, session and services section the plan does not
 * own must read exactly as before.
 */
import { AppError } from '../core/errors.js';
import { ProfileKeys } from '../core/model.js';
import type { DesiredProfile, ExistingProfile, SyncPlan } from '../core/plan.js';
import { isGenerated } from '../core/profiles.js';
import { ConfigDocument } from './document.js';
import { applyEdits, type ConfigEdits, type SectionInsert } from './edit.js';
import { readJsSdk, type JsSdkReading } from './js-sdk.js';
import type { ConfigSection } from './parse.js';

export function existingProfiles(doc: ConfigDocument): Map<string, ExistingProfile> {
  const existing = new Map<string, ExistingProfile>();
  for (const [name, named] of doc.botocore.profiles) {
    existing.set(name, { name, values: named, ambiguous: named.sections.length > 1 });
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
  for (const named of doc.botocore.profiles.values()) {
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

function checkWritten(after: ConfigDocument, js: JsSdkReading, profile: DesiredProfile): void {
  const boto = after.profile(profile.name);
  const jsValues = js.profiles.get(profile.name);
  if (!boto || !jsValues) fail(`profile ${profile.name} would not be readable`);
  for (const [key, value] of profile.entries) {
    if (optionValue(boto.section, key) !== value)
      fail(`botocore would read ${key} of ${profile.name} differently`);
    if (jsValues[key] !== value) fail(`the JS SDK would read ${key} of ${profile.name} differently`);
  }
}

/** Same keys, same values, same order: compared option by option, with no maps built. */
function sameOptions(a: ConfigSection, b: ConfigSection): boolean {
  if (a.name !== b.name || a.options.length !== b.options.length) return false;
  for (let i = 0; i < a.options.length; i++) {
    if (a.options[i]!.key !== b.options[i]!.key || a.options[i]!.value !== b.options[i]!.value) return false;
  }
  return true;
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
      const current = now.get(name);
      if (
        !current ||
        current.sections.length !== named.sections.length ||
        !sameOptions(named.section, current.section)
      ) {
        fail(`${kind} entry ${name} would change`);
      }
    }
    for (const name of now.keys()) {
      if (!was.has(name) && !(kind === 'profiles' && owned.has(name)))
        fail(`${kind} entry ${name} would appear`);
    }
  }
}

/**
 * Applies the plan to `doc` and returns the new document, after checking it; throws rather than
 * damage the file.
 */
export function renderSync(doc: ConfigDocument, plan: SyncPlan, session: string): ConfigDocument {
  const text = applyEdits(doc, editsFor(doc, plan, session));
  let after: ConfigDocument;
  try {
    after = ConfigDocument.parse(text, doc.source);
  } catch (error) {
    fail(`the result would not parse (${(error as Error).message})`);
  }
  const written = [...plan.create, ...plan.update.map((u) => u.profile)];
  const js = readJsSdk(text, new Set(written.map((p) => p.name)));
  for (const profile of written) checkWritten(after, js, profile);
  for (const removal of plan.prune) {
    if (after.profile(removal.name)) fail(`profile ${removal.name} would still be there`);
  }
  const owned = new Set([...written.map((p) => p.name), ...plan.prune.map((r) => r.name)]);
  checkUntouched(doc, after, owned);
  return after;
}
