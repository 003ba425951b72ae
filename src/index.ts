/**
 * The library: the lossless AWS config editor, the profile model, naming, selection, search and
 * the agent context. The Identity Center emulator is `aws-org-profiles/emulator`.
 */
export { ConfigDocument } from './config/document.js';
export { applyEdits, type ConfigEdits, type SectionInsert, type SectionUpdate } from './config/edit.js';
export { NamedSection, type BotocoreReading } from './config/botocore.js';
export type { JsSdkReading } from './config/js-sdk.js';
export { configFilePath, readConfigFile, writeConfigFile, type ConfigFile } from './config/file.js';
export { withFileLock, type LockOptions } from './config/lock.js';
export { profileJson, profileRecord, isGenerated, type ProfileRecord } from './core/profile-record.js';
export { compileTemplate, safeName, DEFAULT_TEMPLATE, type NameTemplate } from './core/naming.js';
export { selectProfiles, profilePredicate, type ProfileSelection } from './core/select.js';
export { searchProfiles, ProfileIndex, type Match } from './core/search.js';
export { renderContext, type ContextInput } from './core/context-text.js';
export type { SessionState, SignInState } from './core/sign-in.js';
export { planSync, type SyncPlan, type SyncRequest } from './core/plan.js';
export { AppError, ExitCode } from './core/errors.js';
export { GENERATOR, ProfileKeys, type Account, type Discovery, type SsoSession } from './core/model.js';
