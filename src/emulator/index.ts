export { IdentityCenterEmulator, type EmulatorOptions, type EmulatorSettings } from './server.js';
export {
  generateOrganization,
  type EmulatorAccount,
  type EmulatorOrgUnit,
  type GenerateOptions,
  type Organization,
  type OrgStructure,
} from './org-model.js';
export type { OrgFaults } from './org-faults.js';
export { ORG_OPERATIONS, type OrgOperation } from './org-operations.js';
export { parseOrganization } from './org-file.js';
export { DEFAULT_READER_ROLES, HOSTILE_ACCOUNT_NAMES, ROLE_POOL } from './names.js';
export { TokenBucket, type RateLimit } from './token-bucket.js';
export type { BehaviourOptions } from './behaviour.js';
export { FAULT_MODES, FAULT_OPERATIONS, HOSTILE_MESSAGE, type FaultMode, type FaultRule } from './faults.js';
export { parseFaultSpec } from './fault-spec.js';
export type { OidcOptions } from './oidc-options.js';
export type { EmulatorStats, RequestRecord } from './stats.js';
export { EMULATOR_PORTAL, EMULATOR_USER } from './state.js';
export { BEARER_HEADER } from './portal.js';
export { LOGIN_ACCOUNT_HEADER, LOGIN_ROLE_HEADER } from './console-signin.js';
export { mulberry32, type Prng } from './random.js';
export { demoOrganization } from './demo-org.js';
