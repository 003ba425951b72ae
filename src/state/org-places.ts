/** The account places of each sso-session, from the org cache: what `list`, `context` and MCP join to profiles. */
import type { Env } from '../core/model.js';
import { placesOf, type AccountPlace, type PlacesBySession } from '../core/org.js';
import type { SessionRef } from '../core/sign-in.js';
import { readOrgSnapshot } from './org-cache.js';

export function placesBySession(env: Env, sessions: readonly SessionRef[]): PlacesBySession {
  const byStartUrl = new Map<string, Map<string, AccountPlace> | undefined>();
  const result = new Map<string, Map<string, AccountPlace>>();
  for (const session of sessions) {
    if (session.startUrl === null) continue;
    if (!byStartUrl.has(session.startUrl)) {
      const snapshot = readOrgSnapshot(env, session.startUrl);
      byStartUrl.set(session.startUrl, snapshot && placesOf(snapshot));
    }
    const places = byStartUrl.get(session.startUrl);
    if (places) result.set(session.name, places);
  }
  return result;
}
