/** What the organisation file's readers share: a failure that names its field, and shape checks. */

export type Fail = (field: string, problem: string) => never;

export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function checkKeys(o: Record<string, unknown>, allowed: string[], prefix: string, fail: Fail): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key))
      fail(`${prefix}${key}`, `is not a known field (expected ${allowed.join(', ')})`);
  }
}
