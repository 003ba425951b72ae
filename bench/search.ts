/**
 * The MCP server's find_profiles at scale, in process: one ProfileIndex over a catalog of generated
 * profiles placed in an OU structure with tags, as the org cache gives them, then the same queries
 * again and again. The index is built once per catalog (the server keeps it until the config or
 * the org cache changes); what an agent waits for is one query.
 */
import { withPlaces, type AccountPlace } from '../src/core/org.js';
import type { ProfileRecord } from '../src/core/profile-record.js';
import { ProfileIndex } from '../src/core/search.js';
import { generateOrganization } from '../src/emulator/index.js';
import { stats, type Stats } from './measure.js';

export interface SearchResult {
  readonly profiles: number;
  /** Building the index once. */
  readonly buildMs: number;
  readonly queries: readonly string[];
  /** One query, every query of the list run `runs` times after a warm-up round. */
  readonly queryMs: Stats;
}

export const SEARCH_QUERIES = [
  'production payments',
  'prod db readonly',
  'security audit in the log archive account',
  'staging network admin',
  'sandbox',
  'team ledger developer',
  'prd',
  'nonprod billing read only',
];

const ENVIRONMENTS = ['Prod', 'Staging', 'Dev', 'NonProd', 'Sandbox'];
const TEAMS = ['Payments', 'Ledger', 'Data', 'Identity', 'Search', 'Mobile', 'Platform', 'Growth'];

/** `count` profiles of generated accounts (about 3 roles each), placed under /Workloads/ENV/TEAM with env and team tags. */
export function placedProfiles(count: number): ProfileRecord[] {
  const org = generateOrganization({ accounts: Math.ceil(count / 2.8), rolesPerAccount: 3, seed: 11 });
  const places = new Map<string, AccountPlace>();
  const profiles: ProfileRecord[] = [];
  org.accounts.forEach((a, i) => {
    const env = ENVIRONMENTS[i % ENVIRONMENTS.length]!;
    const team = TEAMS[Math.floor(i / ENVIRONMENTS.length) % TEAMS.length]!;
    const ouNames = ['Workloads', env, team];
    places.set(a.accountId, {
      ouPath: `/${ouNames.join('/')}`,
      ouNames,
      tags: { env: env.toLowerCase(), team: team.toLowerCase(), 'cost-center': `cc-${i % 97}` },
    });
    for (const role of a.roles) {
      profiles.push({
        profile: `bench-${a.accountName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${role}`,
        accountId: a.accountId,
        accountName: a.accountName,
        role,
        region: 'eu-central-1',
        ssoSession: 'bench',
        generated: true,
        source: 'sso-session',
      });
    }
  });
  return withPlaces(profiles.slice(0, count), new Map([['bench', places]]));
}

export function searchScenario(count: number, runs: number): SearchResult {
  const profiles = placedProfiles(count);
  const started = performance.now();
  const index = new ProfileIndex(profiles);
  const buildMs = performance.now() - started;
  for (const query of SEARCH_QUERIES) index.search(query, 10);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    for (const query of SEARCH_QUERIES) {
      const t = performance.now();
      index.search(query, 10);
      times.push(performance.now() - t);
    }
  }
  return { profiles: profiles.length, buildMs, queries: SEARCH_QUERIES, queryMs: stats(times) };
}
