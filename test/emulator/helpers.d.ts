export interface WireResponse {
    status: number;
    headers: Headers;
    text: string;
    json: unknown;
}
/** One raw HTTP call, so that the tests see exactly what goes over the wire. */
export declare function call(baseUrl: string, path: string, options?: {
    token?: string;
    method?: string;
    body?: string;
    headers?: Record<string, string>;
}): Promise<WireResponse>;
/** Narrows an unknown JSON value to the record shape the assertions read. */
export declare function obj(value: unknown): Record<string, unknown>;
export declare function runPython(script: string, env: Record<string, string>): Promise<{
    code: number;
    stdout: string;
    stderr: string;
}>;
export declare function botocoreAvailable(): Promise<boolean>;
