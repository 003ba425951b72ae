/**
 * What the AWS CLI accepts, as data: its global options, the options every operation gets, the
 * reads that write a local file, and the reads whose answer is a secret. Checked against AWS CLI
 * v1.45 (awscli/data/cli.json, clidriver.py, customizations/) and the option list of AWS CLI v2's
 * cli.json; the AWS CLI parses with argparse, which also takes any unambiguous prefix of an option.
 */

/** Every global option of AWS CLI v1 and v2. The main parser sees them anywhere on the line. */
export const GLOBAL_OPTIONS = [
  '--debug',
  '--endpoint-url',
  '--no-verify-ssl',
  '--no-paginate',
  '--output',
  '--query',
  '--profile',
  '--region',
  '--version',
  '--color',
  '--no-sign-request',
  '--ca-bundle',
  '--cli-read-timeout',
  '--cli-connect-timeout',
  // v1 only.
  '--v2-debug',
  // v2 only.
  '--cli-binary-format',
  '--no-cli-pager',
  '--cli-auto-prompt',
  '--no-cli-auto-prompt',
  '--cli-error-format',
] as const;

/** The global options that take a value (the others are flags). */
export const GLOBAL_OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set([
  '--endpoint-url',
  '--output',
  '--query',
  '--profile',
  '--region',
  '--color',
  '--ca-bundle',
  '--cli-read-timeout',
  '--cli-connect-timeout',
  '--cli-binary-format',
  '--cli-error-format',
]);

/** Global options that log every request and answer, the SSO bearer token and role credentials included. */
export const DEBUG_OPTIONS = ['--debug', '--v2-debug'] as const;

/**
 * The global options an agent may give, written in full. The profile is set for each run, and the
 * others reach outside the call: a log with the bearer token (--debug), another host for signed
 * requests (--endpoint-url, --ca-bundle, --no-verify-ssl), a prompt on stdin (--cli-auto-prompt).
 */
export const ALLOWED_GLOBALS = {
  '--region': 'value',
  '--output': 'value',
  '--query': 'value',
  '--no-paginate': 'flag',
} as const;

export const OUTPUT_FORMATS = ['json', 'text', 'table', 'yaml', 'yaml-stream'] as const;

/**
 * Options the AWS CLI adds to every operation: the first two read the whole request from a value
 * (a `file://` path, usually), the last prints a skeleton instead of calling.
 */
export const OPERATION_OPTIONS = ['--cli-input-json', '--cli-input-yaml', '--generate-cli-skeleton'] as const;

/**
 * Reads whose answer goes to a local file named by a positional `outfile` argument (every operation
 * with a streaming response body), and gamelift's `--save-as`. From the AWS CLI's command table:
 * every `describe-*`, `list-*` and `get-*` with an `outfile` argument.
 */
export const WRITES_A_FILE: Readonly<Record<string, readonly string[]>> = {
  apigateway: ['get-export', 'get-sdk'],
  appconfig: ['get-configuration', 'get-hosted-configuration-version'],
  appconfigdata: ['get-latest-configuration'],
  appsync: ['get-introspection-schema'],
  cloudfront: ['get-connection-function', 'get-function'],
  codeartifact: ['get-package-version-asset'],
  codeguruprofiler: ['get-profile'],
  datazone: ['get-lineage-event'],
  ebs: ['get-snapshot-block'],
  gamelift: ['get-game-session-log'],
  'geo-maps': ['get-glyphs', 'get-sprites', 'get-static-map', 'get-style-descriptor', 'get-tile'],
  glacier: ['get-job-output'],
  'iot-data': ['get-thing-shadow'],
  iotwireless: ['get-position-estimate', 'get-resource-position'],
  'kinesis-video-archived-media': ['get-clip', 'get-media-for-fragment-list'],
  'kinesis-video-media': ['get-media'],
  lakeformation: ['get-work-unit-results'],
  location: ['get-map-glyphs', 'get-map-sprites', 'get-map-style-descriptor', 'get-map-tile'],
  medialive: ['describe-input-device-thumbnail'],
  'mediastore-data': ['get-object'],
  'medical-imaging': ['get-image-frame', 'get-image-set-metadata'],
  omics: ['get-read-set', 'get-reference'],
  s3api: ['get-object', 'get-object-torrent'],
  'sagemaker-geospatial': ['get-tile'],
  schemas: ['get-code-binding-source'],
  tnb: [
    'get-sol-function-package-content',
    'get-sol-function-package-descriptor',
    'get-sol-network-package-content',
    'get-sol-network-package-descriptor',
  ],
  workmailmessageflow: ['get-raw-message-content'],
};

/**
 * Reads whose answer is a credential, a token, a password or a secret value. The rule: an operation
 * is listed when returning such a value is its purpose (or the purpose of one of its options), not
 * when a configuration it returns may hold one (a Lambda function's environment, say). Reading
 * these through an agent would hand the secret to the model, so they are refused here; run them
 * yourself when you need them. Operations that are not reads are listed too where they hand out
 * credentials, so the list stands on its own.
 *
 * - `withOption`: refused only with this option (or any abbreviation of it).
 * - `unlessOption`: refused unless this option is given in full (and never with its `--no-` form).
 */
export interface SecretRead {
  readonly service: string;
  readonly operations: readonly string[];
  readonly withOption?: string;
  readonly unlessOption?: string;
}

export const SECRET_READS: readonly SecretRead[] = [
  { service: 'secretsmanager', operations: ['get-secret-value', 'batch-get-secret-value'] },
  {
    service: 'ssm',
    operations: ['get-parameter', 'get-parameters', 'get-parameters-by-path', 'get-parameter-history'],
    withOption: '--with-decryption',
  },
  { service: 'ssm', operations: ['get-access-token'] },
  {
    service: 'sts',
    operations: [
      'get-session-token',
      'get-federation-token',
      'get-web-identity-token',
      'get-delegated-access-token',
      'assume-role',
      'assume-role-with-saml',
      'assume-role-with-web-identity',
      'assume-root',
    ],
  },
  { service: 'sso', operations: ['get-role-credentials'] },
  { service: 'sso-oidc', operations: ['create-token', 'create-token-with-iam'] },
  { service: 'eks', operations: ['get-token'] },
  { service: 'ecr', operations: ['get-login', 'get-login-password', 'get-authorization-token'] },
  { service: 'ecr-public', operations: ['get-login-password', 'get-authorization-token'] },
  { service: 'codeartifact', operations: ['get-authorization-token'] },
  { service: 'rds', operations: ['generate-db-auth-token'] },
  {
    service: 'redshift',
    operations: [
      'get-cluster-credentials',
      'get-cluster-credentials-with-iam',
      'get-identity-center-auth-token',
    ],
  },
  { service: 'redshift-serverless', operations: ['get-credentials', 'get-identity-center-auth-token'] },
  {
    service: 'cognito-identity',
    operations: [
      'get-credentials-for-identity',
      'get-open-id-token',
      'get-open-id-token-for-developer-identity',
    ],
  },
  { service: 'cognito-idp', operations: ['get-tokens-from-refresh-token', 'describe-user-pool-client'] },
  {
    service: 'lightsail',
    operations: ['get-instance-access-details', 'get-relational-database-master-user-password'],
  },
  { service: 'ec2', operations: ['get-password-data'] },
  { service: 'emr', operations: ['get-cluster-session-credentials'] },
  { service: 'emr-containers', operations: ['get-managed-endpoint-session-credentials'] },
  {
    service: 'gamelift',
    operations: ['get-compute-auth-token', 'get-compute-access', 'get-instance-access'],
  },
  { service: 'datazone', operations: ['get-environment-credentials'] },
  { service: 'datazone', operations: ['get-connection'], withOption: '--with-secret' },
  {
    service: 'lakeformation',
    operations: [
      'get-temporary-glue-table-credentials',
      'get-temporary-glue-partition-credentials',
      'get-temporary-data-location-credentials',
    ],
  },
  { service: 's3control', operations: ['get-data-access'] },
  { service: 'connect', operations: ['get-federation-token'] },
  {
    service: 'finspace-data',
    operations: ['get-programmatic-access-credentials', 'get-external-data-view-access-details'],
  },
  { service: 'ivs', operations: ['get-stream-key'] },
  { service: 'ivs-realtime', operations: ['get-ingest-configuration'] },
  // A session's endpoint comes with the token that opens it.
  { service: 'athena', operations: ['get-session-endpoint'] },
  { service: 'emr-serverless', operations: ['get-session-endpoint'] },
  { service: 'route53globalresolver', operations: ['get-access-token'] },
  // A job worker's details hold the credentials for the pipeline's artifact bucket.
  { service: 'codepipeline', operations: ['get-job-details', 'get-third-party-job-details'] },
  { service: 'apigateway', operations: ['get-api-key'], withOption: '--include-value' },
  { service: 'apigateway', operations: ['get-api-keys'], withOption: '--include-values' },
  // An AppSync API key's id is the key itself.
  { service: 'appsync', operations: ['list-api-keys'] },
  { service: 'wafv2', operations: ['get-decrypted-api-key'] },
  // Glue returns a connection's password unless asked not to.
  { service: 'glue', operations: ['get-connection', 'get-connections'], unlessOption: '--hide-password' },
  { service: 'storagegateway', operations: ['describe-chap-credentials'] },
  { service: 'pca-connector-scep', operations: ['get-challenge-password'] },
  { service: 'license-manager', operations: ['get-access-token'] },
  { service: 'amplifybackend', operations: ['get-token'] },
  {
    service: 'bedrock-agentcore',
    operations: [
      'get-resource-api-key',
      'get-resource-oauth2-token',
      'get-resource-payment-token',
      'get-workload-access-token',
      'get-workload-access-token-for-jwt',
      'get-workload-access-token-for-user-id',
    ],
  },
];

/**
 * Commands of the AWS CLI itself rather than of an AWS service: they read or show local settings
 * and history (`configure`, `history`), or sign in (`login`, `sso`-style flows).
 */
export const NOT_SERVICES = new Set(['configure', 'history', 'help', 'login', 'logout']);

/** Commands of the AWS CLI itself that print credentials or settings that may be secrets. */
export const LOCAL_SECRET_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  configure: ['export-credentials', 'get'],
};

/**
 * Service names as the SDKs write them where they differ from the AWS CLI's, keyed on the name in
 * lower case without separators (SDK ids such as `Cognito Identity Provider`, endpoint prefixes such
 * as `elasticmapreduce`). Every other name matches once written that way.
 */
export const SERVICE_ALIASES: Readonly<Record<string, string>> = {
  cognitoidentityprovider: 'cognito-idp',
  elasticmapreduce: 'emr',
};
