/** Data faults in AWS Organizations answers: what clients reading the structure must survive. */
export interface OrgFaults {
  /** ListAccounts, ListAccountsForParent and DescribeAccount without `Paths`, as before the field existed. */
  omitPaths?: boolean;
  /** Listing the children of the deepest OUs also returns their top-level OU: the tree has a cycle. */
  loopUnits?: boolean;
  /** Every other account in an OU has `Paths` naming an OU id that no listing returns. */
  unknownPathUnit?: boolean;
  /** After this many answered Organizations calls, every later one gets AccessDeniedException. */
  denyAfterCalls?: number;
}

const FLAGS = ['omitPaths', 'loopUnits', 'unknownPathUnit'] as const;

/** Throws a RangeError naming what is wrong. */
export function validateOrgFaults(faults: OrgFaults): void {
  if (typeof faults !== 'object' || faults === null) throw new RangeError('orgFaults must be an object');
  for (const key of Object.keys(faults)) {
    if (!(FLAGS as readonly string[]).includes(key) && key !== 'denyAfterCalls')
      throw new RangeError(`orgFaults.${key} is not a known data fault`);
  }
  for (const flag of FLAGS) {
    if (faults[flag] !== undefined && typeof faults[flag] !== 'boolean')
      throw new RangeError(`orgFaults.${flag} must be a boolean`);
  }
  const n = faults.denyAfterCalls;
  if (n !== undefined && !(Number.isInteger(n) && n >= 0)) {
    throw new RangeError('orgFaults.denyAfterCalls must be an integer >= 0');
  }
}
