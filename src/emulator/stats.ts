export interface EmulatorStats {
  /** Requests answered (a request still waiting out its latency is in `inFlight` only). */
  totalRequests: number;
  byOperation: Record<string, number>;
  byStatus: Record<number, number>;
  /** 429s sent by the rate limit. */
  throttled: number;
  /** Answers broken on purpose: `faultRate` and `failRolesFor` (500/503), and fault rules that answer. */
  faults: number;
  /** The most requests in flight at once since start or the last reset. */
  peakInFlight: number;
  inFlight: number;
}

export interface RequestRecord {
  operation: string;
  /** 0 for a request the emulator never answers (a `stall` fault). */
  status: number;
  /**
   * The query string, or what the route keeps (STS: the Action; SSO-OIDC: at most the grant type).
   * Tokens, secrets, codes and verifiers are never recorded.
   */
  query: Readonly<Record<string, string>>;
  /** Epoch ms at arrival. */
  at: number;
}

/** Past this many records the oldest half is dropped, so a long benchmark keeps bounded memory. */
const MAX_RECORDS = 500_000;

export class StatsCollector {
  private stats = StatsCollector.empty(0);
  private log: RequestRecord[] = [];

  private static empty(inFlight: number): EmulatorStats {
    return {
      totalRequests: 0,
      byOperation: {},
      byStatus: {},
      throttled: 0,
      faults: 0,
      peakInFlight: inFlight,
      inFlight,
    };
  }

  arrived(): void {
    const s = this.stats;
    s.inFlight += 1;
    if (s.inFlight > s.peakInFlight) s.peakInFlight = s.inFlight;
  }

  left(): void {
    this.stats.inFlight -= 1;
  }

  answered(record: RequestRecord, injected: 'throttled' | 'fault' | undefined): void {
    const s = this.stats;
    s.totalRequests += 1;
    s.byOperation[record.operation] = (s.byOperation[record.operation] ?? 0) + 1;
    s.byStatus[record.status] = (s.byStatus[record.status] ?? 0) + 1;
    if (injected === 'throttled') s.throttled += 1;
    if (injected === 'fault') s.faults += 1;
    if (this.log.length >= MAX_RECORDS) this.log = this.log.slice(MAX_RECORDS / 2);
    this.log.push(record);
  }

  snapshot(): EmulatorStats {
    const s = this.stats;
    return { ...s, byOperation: { ...s.byOperation }, byStatus: { ...s.byStatus } };
  }

  records(): readonly RequestRecord[] {
    return this.log.slice();
  }

  reset(): void {
    this.stats = StatsCollector.empty(this.stats.inFlight);
    this.log = [];
  }
}
