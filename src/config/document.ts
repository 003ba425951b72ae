/**
 * The AWS config file as a document: every byte kept, botocore's and the JS SDK's readings on
 * demand, and edits that touch only the lines of the sections they name.
 */
import { AppError } from '../core/errors.js';
import { readBotocore, type BotocoreReading, type NamedSection } from './botocore.js';
import { readJsSdk, type JsSdkReading } from './js-sdk.js';
import { ConfigSyntaxError, parseConfig, type ParsedConfig } from './parse.js';

export class ConfigDocument {
  readonly text: string;
  readonly source: string;
  readonly parsed: ParsedConfig;
  #botocore: BotocoreReading | undefined;
  #jsSdk: JsSdkReading | undefined;

  private constructor(text: string, source: string, parsed: ParsedConfig) {
    this.text = text;
    this.source = source;
    this.parsed = parsed;
  }

  /** Parses `text`; a file botocore would refuse gives an AppError naming `source` and the line. */
  static parse(text: string, source: string): ConfigDocument {
    return ConfigDocument.#read(text, source, () => parseConfig(text));
  }

  /**
   * The document for `text`, a changed version of this one, with only the sections around the
   * change parsed again; the result is the same as `ConfigDocument.parse(text, source)`.
   */
  reparse(text: string): ConfigDocument {
    return ConfigDocument.#read(text, this.source, () => this.parsed.reparse(text));
  }

  static #read(text: string, source: string, parse: () => ParsedConfig): ConfigDocument {
    try {
      return new ConfigDocument(text, source, parse());
    } catch (error) {
      if (error instanceof ConfigSyntaxError) {
        throw new AppError('CONFIG_PARSE', `${source}, line ${error.lineNumber}: ${error.message}`, {
          hint: 'Fix that line by hand. Nothing was written.',
          cause: error,
        });
      }
      throw error;
    }
  }

  static empty(source: string): ConfigDocument {
    return ConfigDocument.parse('', source);
  }

  /** What botocore (the AWS CLI, boto3) reads: the meaning we treat as the user's. */
  get botocore(): BotocoreReading {
    return (this.#botocore ??= readBotocore(this.parsed));
  }

  /** What the AWS SDK for JavaScript v3 reads from the same bytes. */
  get jsSdk(): JsSdkReading {
    return (this.#jsSdk ??= readJsSdk(this.text));
  }

  profile(name: string): NamedSection | undefined {
    return this.botocore.profiles.get(name);
  }

  ssoSession(name: string): NamedSection | undefined {
    return this.botocore.ssoSessions.get(name);
  }

  /** The line ending the file already uses, so that added lines match it. */
  get eol(): string {
    for (let i = 0; i < this.parsed.lineCount; i++) {
      const eol = this.parsed.eol(i);
      if (eol !== '') return eol;
    }
    return '\n';
  }

  toString(): string {
    return this.text;
  }
}
