/**
 * What botocore makes of a parsed config: `build_profile_map` in botocore/configloader.py.
 * A section whose name starts with `profile`, `sso-session` or `services` is split like a shell
 * word list and kept only when that gives exactly two words; `[default]` is a profile too.
 */
import { parseNested, type ConfigSection, type ParsedConfig } from './parse.js';
import { shlexSplit } from './pystr.js';

export type ConfigValue = string | Readonly<Record<string, string>>;
export type ConfigValues = Readonly<Record<string, ConfigValue>>;

export type SectionKind = 'profile' | 'sso-session' | 'services';

export interface NamedSection {
  readonly kind: SectionKind;
  readonly name: string;
  /** The section botocore reads this name from: the last one, where several map to the same name. */
  readonly section: ConfigSection;
  /** Every section that maps to this name, in file order. More than one is ambiguous. */
  readonly sections: readonly ConfigSection[];
  readonly values: ConfigValues;
}

export interface BotocoreReading {
  readonly profiles: ReadonlyMap<string, NamedSection>;
  readonly ssoSessions: ReadonlyMap<string, NamedSection>;
  readonly services: ReadonlyMap<string, NamedSection>;
}

const prefixes: readonly SectionKind[] = ['profile', 'sso-session', 'services'];

/** The kind and name botocore gives a section header, or undefined when it ignores it. */
export function classifySection(header: string): { kind: SectionKind; name: string } | undefined {
  if (header === 'default') return { kind: 'profile', name: 'default' };
  for (const kind of prefixes) {
    if (!header.startsWith(kind)) continue;
    const words = shlexSplit(header);
    if (words?.length !== 2) return undefined;
    return { kind, name: words[1]! };
  }
  return undefined;
}

function sectionValues(section: ConfigSection, defaults: ConfigValues | undefined): ConfigValues {
  const values: Record<string, ConfigValue> = defaults ? { ...defaults } : {};
  for (const option of section.options) values[option.key] = valueOf(option.value);
  return values;
}

function valueOf(raw: string): ConfigValue {
  if (!raw.startsWith('\n')) return raw;
  const nested = parseNested(raw);
  return typeof nested === 'number' ? raw : nested;
}

export function readBotocore(parsed: ParsedConfig): BotocoreReading {
  // Keys of [DEFAULT] are inherited by every section (configparser's default section).
  let defaults: Record<string, ConfigValue> | undefined;
  for (const section of parsed.sections) {
    if (section.name !== 'DEFAULT') continue;
    defaults ??= {};
    for (const option of section.options) defaults[option.key] = valueOf(option.value);
  }
  const maps: Record<SectionKind, Map<string, NamedSection>> = {
    profile: new Map(),
    'sso-session': new Map(),
    services: new Map(),
  };
  for (const section of parsed.sections) {
    if (section.name === 'DEFAULT') continue;
    const named = classifySection(section.name);
    if (!named) continue;
    const map = maps[named.kind];
    const earlier = map.get(named.name);
    map.set(named.name, {
      kind: named.kind,
      name: named.name,
      section,
      sections: earlier ? [...earlier.sections, section] : [section],
      values: sectionValues(section, defaults),
    });
  }
  return { profiles: maps.profile, ssoSessions: maps['sso-session'], services: maps.services };
}
