export declare const ROLES: string[];
export declare function bigConfigText(profiles: number, session?: string): string;
export declare function writeBigConfig(home: string, profiles: number): string;
