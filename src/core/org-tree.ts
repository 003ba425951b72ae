/**
 * The organisation as a tree of OUs, built from the profiles joined to their places (core/org.ts):
 * for each OU that holds a reachable account, how many accounts and profiles are in it and below
 * it, the roles of those accounts, and whether it is production (core/production.ts). What the
 * agent context shows of a large organisation, and what the MCP server returns as the OU tree.
 */
import type { ProfileRecord } from './profile-record.js';
import { DEFAULT_PROD_TAG_KEYS, productionPath, productionTags } from './production.js';

export interface OrgTreeNode {
  /** The OU's path as `ouPath` spells it (escaped), `/` for the root. */
  readonly path: string;
  /** The last segment of the path (escaped as in the path); empty for the root. */
  readonly name: string;
  /** Accounts in this OU and the OUs below it. */
  readonly accounts: number;
  /** Their profiles. */
  readonly profiles: number;
  /** Each role, and how many of those accounts have it. */
  readonly roles: Readonly<Record<string, number>>;
  /** Whether an OU on the path is named as production. */
  readonly production: boolean;
  /** How many of the accounts are production, by their OU or their tags. */
  readonly productionAccounts: number;
  /** The OUs below that hold accounts, by path. */
  readonly children: readonly OrgTreeNode[];
}

interface Builder {
  path: string;
  name: string;
  accounts: number;
  profiles: number;
  roles: Map<string, number>;
  production: boolean;
  productionAccounts: number;
  children: Map<string, Builder>;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function freeze(b: Builder): OrgTreeNode {
  const roles: Record<string, number> = {};
  for (const role of [...b.roles.keys()].sort(byText)) roles[role] = b.roles.get(role)!;
  return {
    path: b.path,
    name: b.name,
    accounts: b.accounts,
    profiles: b.profiles,
    roles,
    production: b.production,
    productionAccounts: b.productionAccounts,
    children: [...b.children.values()].sort((x, y) => byText(x.path, y.path)).map(freeze),
  };
}

/**
 * The tree of the profiles whose place is known; undefined when no profile's is. Accounts are
 * told apart by sso-session and id; the OUs of several organisations share a node when their
 * paths are the same.
 */
export function orgTree(
  profiles: readonly ProfileRecord[],
  options: { readonly prodTagKeys?: readonly string[] } = {},
): OrgTreeNode | undefined {
  const byTags = productionTags(options.prodTagKeys ?? DEFAULT_PROD_TAG_KEYS);
  const nodes = new Map<string, Builder>();
  const node = (path: string): Builder => {
    let b = nodes.get(path);
    if (b) return b;
    const cut = path.lastIndexOf('/');
    const name = path.slice(cut + 1);
    b = {
      path,
      name,
      accounts: 0,
      profiles: 0,
      roles: new Map(),
      production: path !== '/' && productionPath(path),
      productionAccounts: 0,
      children: new Map(),
    };
    nodes.set(path, b);
    if (path !== '/') node(cut === 0 ? '/' : path.slice(0, cut)).children.set(path, b);
    return b;
  };
  const chains = new Map<string, Builder[]>();
  const chainOf = (path: string) => {
    let chain = chains.get(path);
    if (chain) return chain;
    chain = [];
    for (let b: Builder | undefined = node(path); b;) {
      chain.push(b);
      const cut = b.path.lastIndexOf('/');
      b = b.path === '/' ? undefined : nodes.get(cut === 0 ? '/' : b.path.slice(0, cut));
    }
    chains.set(path, chain);
    return chain;
  };
  // The roles seen of each account, by sso-session and account id: no key is made per profile.
  const seen = new Map<string | null, Map<string, Set<string | null>>>();
  for (const p of profiles) {
    if (p.ouPath === undefined || p.accountId === null || !p.ouPath.startsWith('/')) continue;
    const path = p.ouPath.length > 1 && p.ouPath.endsWith('/') ? p.ouPath.slice(0, -1) : p.ouPath;
    const chain = chainOf(path);
    let bySession = seen.get(p.ssoSession);
    if (!bySession) seen.set(p.ssoSession, (bySession = new Map<string, Set<string | null>>()));
    let roles = bySession.get(p.accountId);
    const newAccount = roles === undefined;
    if (!roles) bySession.set(p.accountId, (roles = new Set()));
    const newRole = p.role !== null && !roles.has(p.role);
    if (newRole) roles.add(p.role);
    const production = newAccount && (chain[0]!.production || byTags(p.tags));
    for (const b of chain) {
      b.profiles++;
      if (newAccount) b.accounts++;
      if (production) b.productionAccounts++;
      if (newRole) b.roles.set(p.role, (b.roles.get(p.role) ?? 0) + 1);
    }
  }
  const root = nodes.get('/');
  return root && freeze(root);
}

/** The nodes of a tree, parents before their children, in path order. */
export function treeNodes(root: OrgTreeNode): OrgTreeNode[] {
  const out: OrgTreeNode[] = [];
  const walk = (n: OrgTreeNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}
