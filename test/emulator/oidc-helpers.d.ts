import { IdentityCenterEmulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { type WireResponse } from './helpers.js';
export declare const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
export declare const START_URL = "https://emulator.awsapps.com/start";
export interface Client {
    clientId: string;
    clientSecret: string;
}
export declare const sleep: (ms: number) => Promise<void>;
/** A rest-json call as the SDKs make it: POST, JSON body, no signature. */
export declare function post(url: string, path: string, body: unknown): Promise<WireResponse>;
export declare function register(url: string, extra?: Record<string, unknown>): Promise<Client>;
export declare function startDevice(url: string, client: Client): Promise<Record<string, unknown>>;
export declare function token(url: string, client: Client, grant: Record<string, unknown>): Promise<WireResponse>;
/** What every SSO-OIDC error looks like on the wire. */
export declare function expectOidcError(res: WireResponse, status: number, type: string, code: string): void;
/** A verifier and its S256 challenge, computed here rather than with the emulator's own code. */
export declare function pkcePair(): {
    verifier: string;
    challenge: string;
};
/** Opens /authorize as a browser would, without following the redirect. */
export declare function authorize(url: string, params: Record<string, string>): Promise<{
    status: number;
    location: string | null;
    text: string;
    type: string | null;
}>;
/** One emulator per test, stopped after it; call at the top of a test file. */
export declare function emulatorPerTest(): (options?: Omit<EmulatorOptions, 'org'>) => Promise<IdentityCenterEmulator>;
/** The status the portal answers ListAccounts with, for a token CreateToken returned. */
export declare function portalStatus(url: string, accessToken: unknown): Promise<number>;
export declare const CALLBACK = "http://127.0.0.1/oauth/callback";
/** Registers as AWS CLI v2 does and runs /authorize; returns the code the browser would bring back. */
export declare function authCodeClient(url: string): Promise<{
    client: Client;
    code: string;
    verifier: string;
    redirectUri: string;
}>;
