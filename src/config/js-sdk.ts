/**
 * What the AWS SDK for JavaScript v3 makes of the same text (`parseIni` and `getConfigData` in
 * `@smithy/shared-ini-file-loader`). It differs from botocore: it cuts values at ` ;` and ` #`,
 * flattens indented sub-sections to `parent.child`, drops `key: value` lines, keeps key case,
 * merges repeated sections, and lets `[profile default]` win over `[default]`.
 * We model it so that we never write a value the two SDKs would read differently.
 */

export interface JsSdkReading {
  readonly profiles: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly ssoSessions: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly services: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

const sectionNamePattern = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const kinds = new Set(['profile', 'sso-session', 'services']);
const comment = /(?:^|\s)[;#]/;
const PLAIN_PROFILE = /\[profile [\w\-@+.%:/]+\]/y;

/** The whitespace that String.prototype.trim removes. */
function isJsSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const empty: JsSdkReading = { profiles: new Map(), ssoSessions: new Map(), services: new Map() };

/**
 * Reads `text` as the JS SDK does. With `onlyProfiles`, keeps the values of just those profiles
 * (and of sessions and services): verifying a write of 30,000 profiles then allocates little.
 */
export function readJsSdk(text: string, onlyProfiles?: ReadonlySet<string>): JsSdkReading {
  const sections = new Map<string, Record<string, string>>();
  let current: string | undefined;
  let keep = false;
  let subsection: string | undefined;
  let start = 0;
  while (start <= text.length) {
    // The SDK splits on \r?\n; a lone \r stays inside the line.
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const next = end + 1;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    // Outside the sections we keep, only headers matter (a header resets everything else):
    // skip any line whose first non-blank character is not `[`.
    if (!keep) {
      let i = start;
      while (i < end && isJsSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 91 /* [ */) {
        start = next;
        continue;
      }
      // `[profile NAME]` as this tool writes it: no slice, comment search or trim to see whether
      // it is one of the profiles asked for.
      PLAIN_PROFILE.lastIndex = start;
      if (onlyProfiles && PLAIN_PROFILE.test(text) && PLAIN_PROFILE.lastIndex === end) {
        const name = text.slice(start + 9, end - 1);
        if (name !== '__proto__') {
          keep = onlyProfiles.has(name);
          current = keep ? `profile.${name}` : undefined;
          subsection = undefined;
          start = next;
          continue;
        }
      }
    }
    const line = text.slice(start, end);
    start = next;
    const cut = comment.exec(line);
    const content = (cut ? line.slice(0, cut.index) : line).trim();
    if (content.startsWith('[') && content.endsWith(']')) {
      current = undefined;
      subsection = undefined;
      const header = content.slice(1, -1);
      // The SDK throws on these, and its loader then treats the whole file as empty.
      if (header === '__proto__' || header === 'profile __proto__') return empty;
      const match = sectionNamePattern.exec(header);
      if (match) {
        if (kinds.has(match[1]!)) current = `${match[1]}.${match[3]}`;
      } else {
        current = header;
      }
      keep =
        current !== undefined &&
        (onlyProfiles === undefined ||
          (current.startsWith('profile.')
            ? onlyProfiles.has(current.slice(8))
            : current === 'default'
              ? onlyProfiles.has('default')
              : true));
      continue;
    }
    if (current === undefined) continue;
    const eq = content.indexOf('=');
    if (eq <= 0) continue;
    const key = content.slice(0, eq).trim();
    const value = content.slice(eq + 1).trim();
    if (value === '') {
      subsection = key;
      continue;
    }
    if (subsection !== undefined && line.trimStart() === line) subsection = undefined;
    if (!keep) continue;
    let values = sections.get(current);
    if (!values) sections.set(current, (values = {}));
    values[subsection === undefined ? key : `${subsection}.${key}`] = value;
  }
  const profiles = new Map<string, Record<string, string>>();
  const ssoSessions = new Map<string, Record<string, string>>();
  const services = new Map<string, Record<string, string>>();
  const defaultValues = sections.get('default');
  if (defaultValues) profiles.set('default', defaultValues);
  for (const [name, values] of sections) {
    const dot = name.indexOf('.');
    if (dot < 0) continue;
    const kind = name.slice(0, dot);
    const rest = name.slice(dot + 1);
    if (kind === 'profile') profiles.set(rest, values);
    else if (kind === 'sso-session') ssoSessions.set(rest, values);
    else if (kind === 'services') services.set(rest, values);
  }
  return { profiles, ssoSessions, services };
}
