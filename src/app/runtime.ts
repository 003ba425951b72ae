/**
 * What every use case gets from the program that runs it (the CLI, the MCP server, a test): the
 * environment, the working folder, the clock, and a reporter. Use cases return typed results or
 * throw `AppError`; everything they have to say on the way (progress, a line per API call, each
 * run of a fan-out as it ends, a sign-in page to open) goes to the reporter, never to a stream.
 * The shape follows aws-cdk's toolkit-lib, whose actions return data and send messages to an
 * `IIoHost`.
 */
import type { Env } from '../core/model.js';
import type { DiscoveryProgress } from '../sso/discovery.js';

/** A finished run of a fan-out (`each`, `run_across_profiles`). */
export interface RunResult {
  readonly profile: string;
  readonly accountId: string | null;
  readonly accountName: string | null;
  readonly role: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly durationMs: number;
  /** The run's stdout, parsed when it is JSON. */
  readonly stdout: unknown;
  readonly stderr: string;
  readonly ok: boolean;
  readonly failure?: 'exit' | 'timeout' | 'signal' | 'auth' | 'spawn';
}

/** What a use case reports while it works. */
export type Notice =
  /** Diagnostics: one line per API call, where the time went. Shown with --debug. */
  | { readonly kind: 'debug'; readonly text: string }
  /** Something the user should know, though the use case goes on (results also list them). */
  | { readonly kind: 'warning'; readonly text: string }
  /** Discovery goes on: accounts listed, roles read, requests throttled so far. */
  | { readonly kind: 'discovery'; readonly progress: DiscoveryProgress; readonly throttled: number }
  /** Discovery ended (or failed): a progress display can go. */
  | { readonly kind: 'discovery-done' }
  /** The sign-in waits for the user on a web page. */
  | {
      readonly kind: 'sign-in-page';
      readonly session: string;
      readonly url: string;
      readonly userCode?: string;
      readonly browserOpened: boolean;
    }
  /** A fan-out starts, in these profiles. */
  | { readonly kind: 'runs-start'; readonly profiles: readonly string[] }
  /** One run of a fan-out ended. */
  | { readonly kind: 'run'; readonly result: RunResult }
  /** The demo goes on. */
  | { readonly kind: 'demo'; readonly event: DemoEvent };

/** What the demo shows, in order. */
export type DemoEvent =
  /** The emulator is up and the throwaway HOME signed in. */
  | { readonly step: 'start'; readonly url: string; readonly accounts: number; readonly home: string }
  /** A step starts: what it shows, and the command as the user would type it. */
  | { readonly step: 'command'; readonly title: string; readonly command: readonly string[] }
  /** Output of the step's command, as it arrives. */
  | { readonly step: 'output'; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  /** The start of the config after the syncs. */
  | { readonly step: 'config'; readonly lines: readonly string[] };

export interface Reporter {
  notify(notice: Notice): void;
}

export interface Runtime {
  readonly env: Env;
  readonly cwd: string;
  readonly now: () => Date;
  readonly reporter: Reporter;
}

/** A reporter that drops everything: for callers that only want the result. */
export const silentReporter: Reporter = { notify: () => undefined };
