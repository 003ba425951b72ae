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

/** A profile, sso-session or services section by the name botocore gives it. */
export class NamedSection {
  #values: ConfigValues | undefined;

  constructor(
    readonly kind: SectionKind,
    readonly name: string,
    /** The section botocore reads this name from: the last one, where several map to the same name. */
    readonly section: ConfigSection,
    /** Every section that maps to this name, in file order. More than one is ambiguous. */
    readonly sections: readonly ConfigSection[],
    /** The keys of [DEFAULT], which every section inherits. */
    readonly defaults: ConfigValues | undefined,
  ) {}

  /** Its keys and values as botocore reads them; made when first asked for. */
  get values(): ConfigValues {
    return (this.#values ??= sectionValues(this.section, this.defaults));
  }

  /** One value, without building the whole map: reading 30,000 profiles then allocates little. */
  get(key: string): ConfigValue | undefined {
    if (this.#values) return this.#values[key];
    const options = this.section.options;
    for (let i = options.length - 1; i >= 0; i--)
      if (options[i]!.key === key) return valueOf(options[i]!.value);
    return this.defaults?.[key];
  }
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
    map.set(
      named.name,
      new NamedSection(
        named.kind,
        named.name,
        section,
        earlier ? [...earlier.sections, section] : [section],
        defaults,
      ),
    );
  }
  return { profiles: maps.profile, ssoSessions: maps['sso-session'], services: maps.services };
}
