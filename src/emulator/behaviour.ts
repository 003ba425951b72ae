import { portalError, type Reply } from './error-replies.js';
import { orgError } from './org-errors.js';
import { validateOrgFaults, type OrgFaults } from './org-faults.js';
import { ruleMatches, validateFaultRule, type FaultMode, type FaultRule } from './faults.js';
import { mulberry32, type Prng } from './random.js';
import { TokenBucket, type RateLimit } from './token-bucket.js';

/** The knobs a test or benchmark may turn while the emulator runs. */
export interface BehaviourOptions {
  /** Largest page the emulator serves; a smaller `max_result` wins. Default 20. */
  pageSize: number;
  /** Delay added to every response, errors included. Default 0. */
  latencyMs: number;
  /** One bucket shared by every portal operation; undefined means unlimited. */
  rateLimit: RateLimit | undefined;
  /** Share of admitted portal requests answered with 500/503. Default 0. */
  faultRate: number;
  /** Accounts whose ListAccountRoles always fails with 500. */
  failRolesFor: string[];
  /** Seed of the fault PRNG, so that a run can be repeated. Default 1. */
  seed: number;
  /**
   * Transport, pagination and answer faults (see faults.ts); the first rule that matches an
   * operation and wins its draw applies. Default none.
   */
  faults: FaultRule[];
  /** How often a `drip` fault sends its next byte. Default 1000. */
  dripIntervalMs: number;
  /**
   * AWS Organizations' own bucket, apart from the portal's; a request it refuses gets HTTP 400
   * TooManyRequestsException, as the service sends. Undefined means unlimited.
   */
  orgRateLimit: RateLimit | undefined;
  /** Broken or changing Organizations data, for clients' robustness tests (see OrgFaults). */
  orgFaults: OrgFaults;
}

export type Injected = Reply & Required<Pick<Reply, 'injected'>>;

const RULE_SEED = 0x5eed_fa17;

export class Behaviour {
  pageSize = 20;
  latencyMs = 0;
  private faultRate = 0;
  private failRoles: ReadonlySet<string> = new Set();
  private bucket: TokenBucket | undefined;
  private prng: Prng = mulberry32(1);
  /** Its own PRNG, so that adding rules leaves the faultRate sequence of a seed as it was. */
  private rulePrng: Prng = mulberry32(RULE_SEED ^ 1);
  private rules: readonly FaultRule[] = [];
  dripIntervalMs = 1000;
  private faultsSent = 0;
  private orgBucket: TokenBucket | undefined;
  orgFaults: Readonly<OrgFaults> = {};
  /** Organizations calls answered since the data faults were last set, for `denyAfterCalls`. */
  private orgCalls = 0;

  constructor(options: Partial<BehaviourOptions>) {
    this.set(options);
  }

  /** Validates everything before changing anything, so a bad call leaves the emulator as it was. */
  set(options: Partial<BehaviourOptions>): void {
    const { pageSize, latencyMs, faultRate, seed, failRolesFor, faults, dripIntervalMs, orgFaults } = options;
    if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 1000)) {
      throw new RangeError('pageSize must be an integer from 1 to 1000');
    }
    if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) {
      throw new RangeError('latencyMs must be a number >= 0');
    }
    if (faultRate !== undefined && !(faultRate >= 0 && faultRate <= 1)) {
      throw new RangeError('faultRate must be between 0 and 1');
    }
    if (seed !== undefined && !Number.isInteger(seed)) throw new RangeError('seed must be an integer');
    if (faults !== undefined) {
      if (!Array.isArray(faults)) throw new RangeError('faults must be a list of fault rules');
      faults.forEach(validateFaultRule);
    }
    if (dripIntervalMs !== undefined && !(Number.isFinite(dripIntervalMs) && dripIntervalMs >= 1)) {
      throw new RangeError('dripIntervalMs must be a number >= 1');
    }
    if (orgFaults !== undefined) validateOrgFaults(orgFaults);
    // 'in' rather than !== undefined: { rateLimit: undefined } is how a caller switches it off.
    const bucket =
      'rateLimit' in options ? options.rateLimit && new TokenBucket({ ...options.rateLimit }) : this.bucket;
    const orgBucket =
      'orgRateLimit' in options
        ? options.orgRateLimit && new TokenBucket({ ...options.orgRateLimit })
        : this.orgBucket;

    this.bucket = bucket;
    this.orgBucket = orgBucket;
    if (orgFaults !== undefined) {
      this.orgFaults = { ...orgFaults };
      this.orgCalls = 0;
    }
    if (pageSize !== undefined) this.pageSize = pageSize;
    if (latencyMs !== undefined) this.latencyMs = latencyMs;
    if (faultRate !== undefined) this.faultRate = faultRate;
    if (seed !== undefined) {
      this.prng = mulberry32(seed);
      this.rulePrng = mulberry32(RULE_SEED ^ seed);
    }
    if (failRolesFor !== undefined) this.failRoles = new Set(failRolesFor);
    if (faults !== undefined) this.rules = faults.map((rule) => ({ ...rule }));
    if (dripIntervalMs !== undefined) this.dripIntervalMs = dripIntervalMs;
  }

  /** The fault mode for this request, if a rule applies to it. */
  faultFor(operation: string): FaultMode | undefined {
    for (const rule of this.rules) {
      if (!ruleMatches(rule, operation)) continue;
      const rate = rule.rate ?? 1;
      // Draw only for a partial rate, so that rules at 1 leave the sequence alone.
      if (rate >= 1 || (rate > 0 && this.rulePrng() < rate)) return rule.mode;
    }
    return undefined;
  }

  /** The gate every portal request passes on arrival: the rate limit first, then fault injection. */
  admit(): Injected | undefined {
    if (this.bucket && !this.bucket.tryTake()) {
      return { ...portalError('TooManyRequestsException', 'Too many requests'), injected: 'throttled' };
    }
    // Draw only when faults are on, so that turning them on later starts the same sequence.
    if (this.faultRate > 0 && this.prng() < this.faultRate) return this.fault();
    return undefined;
  }

  /** The gate every Organizations request passes on arrival: its own rate limit. */
  admitOrg(): Injected | undefined {
    if (this.orgBucket && !this.orgBucket.tryTake()) {
      const reply = orgError(
        'TooManyRequestsException',
        "AWS Organizations can't complete your request because another request is already in progress. Try again later.",
        { Type: 'Throttling' },
      );
      return { ...reply, injected: 'throttled' };
    }
    return undefined;
  }

  /** Counts one authenticated Organizations call; true when `denyAfterCalls` has run out. */
  orgAccessRemoved(): boolean {
    const limit = this.orgFaults.denyAfterCalls;
    if (limit !== undefined && this.orgCalls >= limit) return true;
    this.orgCalls += 1;
    return false;
  }

  rolesAlwaysFail(accountId: string): boolean {
    return this.failRoles.has(accountId);
  }

  /** Always a 500: a client must give up on such an account rather than retry forever. */
  rolesFault(): Injected {
    return {
      ...portalError('InternalServerException', 'ListAccountRoles fails for this account'),
      injected: 'fault',
    };
  }

  /** Alternates 500 and 503, because clients tend to special-case one and forget the other. */
  private fault(): Injected {
    this.faultsSent += 1;
    const reply =
      this.faultsSent % 2 === 1
        ? portalError('InternalServerException', 'An internal error occurred (injected by the emulator)')
        : portalError('ServiceUnavailableException', 'The service is unavailable (injected by the emulator)');
    return { ...reply, injected: 'fault' };
  }
}
