/**
 * Turns a sync plan into edits of the config document, and checks the result before it is written:
 * the new text must parse as botocore parses it, every written profile must read back the same in
 * botocore and in the JS SDK, and every profile, session and services section the plan does not
 * own must read exactly as before.
 */
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../core/errors.js';
import { ProfileKeys } from '../core/model.js';
import type { DesiredProfile, ExistingProfile, SyncPlan } from '../core/plan.js';
import { isGenerated } from '../core/profiles.js';
import type { BotocoreReading } from './botocore.js';
import { ConfigDocument } from './document.js';
import { applyEdits, type ConfigEdits, type SectionInsert } from './edit.js';
import type { ConfigSection } from './parse.js';

export function existingProfiles(doc: ConfigDocument): Map<string, ExistingProfile> {
  const existing = new Map<string, ExistingProfile>();
  for (const [name, named] of doc.botocore.profiles) {
    existing.set(name, { name, values: named.values, ambiguous: named.sections.length > 1 });
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
    if (deleted.has(named.section) || !isGenerated(named.values)) continue;
    if (named.values[ProfileKeys.session] !== session) continue;
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

function checkWritten(after: ConfigDocument, profile: DesiredProfile): void {
  const boto = after.profile(profile.name);
  const js = after.jsSdk.profiles.get(profile.name);
  if (!boto || !js) fail(`profile ${profile.name} would not be readable`);
  for (const [key, value] of profile.entries) {
    if (boto.values[key] !== value) fail(`botocore would read ${key} of ${profile.name} differently`);
    if (js[key] !== value) fail(`the JS SDK would read ${key} of ${profile.name} differently`);
  }
}

function checkUntouched(before: BotocoreReading, after: BotocoreReading, owned: ReadonlySet<string>): void {
  const kinds = ['profiles', 'ssoSessions', 'services'] as const;
  for (const kind of kinds) {
    for (const [name, named] of before[kind]) {
      if (kind === 'profiles' && owned.has(name)) continue;
      const now = after[kind].get(name);
      if (!now || !isDeepStrictEqual(now.values, named.values)) fail(`${kind} entry ${name} would change`);
    }
    for (const name of after[kind].keys()) {
      if (!before[kind].has(name) && !(kind === 'profiles' && owned.has(name)))
        fail(`${kind} entry ${name} would appear`);
    }
  }
}

/** Applies the plan to `doc` and returns the new text, after checking it; throws rather than damage the file. */
export function renderSync(doc: ConfigDocument, plan: SyncPlan, session: string): string {
  const text = applyEdits(doc, editsFor(doc, plan, session));
  let after: ConfigDocument;
  try {
    after = ConfigDocument.parse(text, doc.source);
  } catch (error) {
    fail(`the result would not parse (${(error as Error).message})`);
  }
  const written = [...plan.create, ...plan.update.map((u) => u.profile)];
  for (const profile of written) checkWritten(after, profile);
  for (const removal of plan.prune) {
    if (after.profile(removal.name)) fail(`profile ${removal.name} would still be there`);
  }
  const owned = new Set([...written.map((p) => p.name), ...plan.prune.map((r) => r.name)]);
  checkUntouched(doc.botocore, after.botocore, owned);
  return text;
}
