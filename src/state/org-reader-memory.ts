/**
 * The role that last read the organisation's structure, per Identity Center instance (start URL)
 * and sso-session: `org-readers.json` in the state folder, 0600. `sync` tries it first, writes it
 * after a read that succeeded and forgets it when it is denied. A missing or malformed file is no
 * record.
 */
import { join } from 'node:path';
import type { Env } from '../core/model.js';
import type { ReaderCandidate } from '../core/org-reader-choice.js';
import { writePrivateFile } from '../files/private.js';
import { readRegularText } from '../files/read.js';
import { ROLE_NAME } from '../sso/validate.js';
import { stateDir } from './dirs.js';

type Readers = Record<string, Record<string, ReaderCandidate>>;

export const orgReadersPath = (env: Env) => join(stateDir(env), 'org-readers.json');

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isReader = (value: unknown): value is ReaderCandidate =>
  isObject(value) &&
  typeof value.accountId === 'string' &&
  /^\d{12}$/.test(value.accountId) &&
  typeof value.role === 'string' &&
  ROLE_NAME.test(value.role);

function readReaders(env: Env): Readers {
  try {
    const data: unknown = JSON.parse(readRegularText(orgReadersPath(env)));
    if (!isObject(data) || data.version !== 1 || !isObject(data.readers)) return {};
    const readers: [string, Record<string, ReaderCandidate>][] = [];
    for (const [startUrl, sessions] of Object.entries(data.readers)) {
      if (!isObject(sessions)) continue;
      const valid = Object.entries(sessions).flatMap(([session, r]) =>
        isReader(r) ? [[session, { accountId: r.accountId, role: r.role }] as const] : [],
      );
      readers.push([startUrl, Object.fromEntries(valid)]);
    }
    return Object.fromEntries(readers);
  } catch {
    return {};
  }
}

export function rememberedReader(env: Env, startUrl: string, session: string): ReaderCandidate | undefined {
  const sessions = readReaders(env)[startUrl];
  return sessions && Object.hasOwn(sessions, session) ? sessions[session] : undefined;
}

/** Records `reader` (undefined forgets it). Best effort: losing it only costs a search next time. */
export function rememberReader(
  env: Env,
  startUrl: string,
  session: string,
  reader: ReaderCandidate | undefined,
): void {
  try {
    const readers = readReaders(env);
    const sessions = Object.entries(Object.hasOwn(readers, startUrl) ? readers[startUrl]! : {}).filter(
      ([name]) => name !== session,
    );
    if (reader) sessions.push([session, { accountId: reader.accountId, role: reader.role }]);
    const next = Object.entries(readers).filter(([url]) => url !== startUrl);
    if (sessions.length > 0) next.push([startUrl, Object.fromEntries(sessions)]);
    writePrivateFile(
      orgReadersPath(env),
      `${JSON.stringify({ version: 1, readers: Object.fromEntries(next) }, null, 2)}\n`,
    );
  } catch {
    // A read-only home must not fail a sync that succeeded.
  }
}
