export declare const hasBotocore: boolean;
export declare const hasAwsCli: boolean;
export type BotocoreResult = {
    ok: true;
    profiles: Record<string, Record<string, unknown>>;
    ssoSessions: Record<string, Record<string, unknown>>;
    services: Record<string, Record<string, unknown>>;
} | {
    ok: false;
    error: string;
};
/** botocore's reading of each file, in one python process. */
export declare function botocoreRead(paths: readonly string[]): BotocoreResult[];
