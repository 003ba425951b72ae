/** Generated config files: headers, keys and values in the forms botocore and the JS SDK disagree on. */
import fc from 'fast-check';
export declare const header: fc.Arbitrary<string>;
export declare const keyLine: fc.Arbitrary<string>;
export declare const other: fc.Arbitrary<"" | "   " | "# comment" | "; comment" | "  # indented comment" | "just text" | "= value">;
export declare const line: fc.Arbitrary<string>;
export declare const configText: fc.Arbitrary<string>;
