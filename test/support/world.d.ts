import { IdentityCenterEmulator, type EmulatorOptions, type Organization } from '../../src/emulator/index.js';
import { type CliResult } from './cli.js';
export declare const START_URL = "https://d-0000000000.awsapps.com/start";
export declare const SSO_REGION = "eu-central-1";
export declare function sessionSection(name?: string, startUrl?: string): string;
export declare class World {
    readonly home: string;
    readonly configPath: string;
    emulator: IdentityCenterEmulator;
    private constructor();
    static create(org: Organization, options?: Omit<EmulatorOptions, 'org'> & {
        config?: string;
    }): Promise<World>;
    /** Issues a token in the emulator and caches it for `session`; returns the token. */
    signIn(session?: string, expiresAt?: Date, startUrl?: string): string;
    get env(): Record<string, string | undefined>;
    cli(...args: string[]): Promise<CliResult>;
    config(): string;
    close(): Promise<void>;
}
export declare function account(accountId: string, accountName: string, roles: string[]): {
    accountId: string;
    accountName: string;
    emailAddress: string;
    roles: string[];
};
