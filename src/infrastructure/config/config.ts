import * as path from 'node:path';

export type SmsSink = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'kafka' };

/** Every setting of SPEC §6, validated. The embedded default needs none of the variables. */
export interface Config {
  readonly port: number;
  readonly mode: 'development' | 'production';
  readonly dataDir: string;
  /** Unset: the embedded PGlite under the data dir. */
  readonly databaseUrl: string | undefined;
  readonly eventStore: 'postgres' | 'eventstoredb';
  readonly esdbUrl: string | undefined;
  readonly kafkaBrokers: readonly string[] | undefined;
  readonly apiKeysFile: string | undefined;
  readonly edsTrustAnchorsFile: string | undefined;
  readonly biometricJwksFile: string | undefined;
  readonly biometricIssuer: string | undefined;
  readonly identityRegistryUrl: string | undefined;
  readonly identityRegistryFile: string | undefined;
  readonly smsSink: SmsSink;
  readonly otpSecret: string | undefined;
  readonly limits: Limits;
  readonly calendarFile: string | undefined;
  readonly auditSigningKeyFile: string | undefined;
  readonly logLevel: string;
  /** A transaction open longer holds every projection back: readiness says degraded, and a warning is logged. */
  readonly oldestTransactionWarnSeconds: number;
}

/** The limits of R10 and R14. */
export interface Limits {
  readonly otpTtlSeconds: number;
  readonly serviceTermSeconds: number;
  readonly otpMaxAttempts: number;
  readonly otpResendCooldownSeconds: number;
  readonly otpMaxSendsPerRequest: number;
  readonly otpMaxSendsPerPhonePerHour: number;
  readonly maxRequestsPerIinPerDay: number;
}

/** A bad setting: the service does not start, and the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

/** Reads and validates the environment once, at start. */
export function loadConfig(env: Env = process.env): Config {
  const mode = oneOf(env, 'NUMLINK_MODE', ['development', 'production'] as const, 'development');
  const dataDir = path.resolve(text(env, 'NUMLINK_DATA_DIR') ?? './var');
  const eventStore = oneOf(env, 'NUMLINK_EVENT_STORE', ['postgres', 'eventstoredb'] as const, 'postgres');
  const esdbUrl = url(env, 'NUMLINK_ESDB_URL', ['esdb:', 'esdb+discover:', 'kurrentdb:', 'kdb:']);
  if (eventStore === 'eventstoredb' && !esdbUrl) {
    throw new ConfigError('NUMLINK_ESDB_URL', 'is required when NUMLINK_EVENT_STORE=eventstoredb');
  }
  const brokers = text(env, 'NUMLINK_KAFKA_BROKERS')
    ?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers?.some((b) => !/^[\w.-]+:\d+$/.test(b))) {
    throw new ConfigError('NUMLINK_KAFKA_BROKERS', 'must be comma-separated host:port pairs');
  }
  const smsSink = parseSmsSink(text(env, 'NUMLINK_SMS_SINK'), dataDir);
  if (smsSink.kind === 'kafka' && !brokers?.length) {
    throw new ConfigError('NUMLINK_SMS_SINK', 'kafka needs NUMLINK_KAFKA_BROKERS');
  }
  const otpSecret = text(env, 'NUMLINK_OTP_SECRET');
  if (otpSecret !== undefined && otpSecret.length < 32) {
    throw new ConfigError('NUMLINK_OTP_SECRET', 'must be at least 32 characters');
  }
  const serviceTermSeconds = integer(env, 'NUMLINK_SERVICE_TERM_SECONDS', 600, 60, 86_400);
  const otpTtlSeconds = integer(env, 'NUMLINK_OTP_TTL_SECONDS', 300, 30, 86_400);
  if (otpTtlSeconds > serviceTermSeconds) {
    // SPEC R14: an OTP is never valid beyond the request's term.
    throw new ConfigError(
      'NUMLINK_OTP_TTL_SECONDS',
      `must not exceed the service term (${serviceTermSeconds} s)`,
    );
  }
  const config: Config = {
    port: integer(env, 'NUMLINK_PORT', 3000, 0, 65_535),
    mode,
    dataDir,
    databaseUrl: url(env, 'NUMLINK_DATABASE_URL', ['postgres:', 'postgresql:']),
    eventStore,
    esdbUrl,
    kafkaBrokers: brokers?.length ? brokers : undefined,
    apiKeysFile: text(env, 'NUMLINK_API_KEYS_FILE'),
    edsTrustAnchorsFile: text(env, 'NUMLINK_EDS_TRUST_ANCHORS'),
    biometricJwksFile: text(env, 'NUMLINK_BIOMETRIC_JWKS'),
    biometricIssuer: text(env, 'NUMLINK_BIOMETRIC_ISSUER'),
    identityRegistryUrl: url(env, 'NUMLINK_IDENTITY_REGISTRY_URL', ['http:', 'https:']),
    identityRegistryFile: text(env, 'NUMLINK_IDENTITY_REGISTRY_FILE'),
    smsSink,
    otpSecret,
    limits: {
      otpTtlSeconds,
      serviceTermSeconds,
      otpMaxAttempts: integer(env, 'NUMLINK_OTP_MAX_ATTEMPTS', 5, 1, 100),
      otpResendCooldownSeconds: integer(env, 'NUMLINK_OTP_RESEND_COOLDOWN_SECONDS', 60, 0, 3600),
      otpMaxSendsPerRequest: integer(env, 'NUMLINK_OTP_MAX_SENDS_PER_REQUEST', 3, 1, 100),
      otpMaxSendsPerPhonePerHour: integer(env, 'NUMLINK_OTP_MAX_SENDS_PER_PHONE_PER_HOUR', 5, 1, 10_000),
      maxRequestsPerIinPerDay: integer(env, 'NUMLINK_MAX_REQUESTS_PER_IIN_PER_DAY', 10, 1, 100_000),
    },
    calendarFile: text(env, 'NUMLINK_CALENDAR_FILE'),
    auditSigningKeyFile: text(env, 'NUMLINK_AUDIT_SIGNING_KEY'),
    logLevel: oneOf(
      env,
      'NUMLINK_LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    oldestTransactionWarnSeconds: integer(env, 'NUMLINK_DB_OLDEST_TRANSACTION_WARN_SECONDS', 30, 1, 86_400),
  };
  if (mode === 'production') checkProduction(config);
  return config;
}

function parseSmsSink(raw: string | undefined, dataDir: string): SmsSink {
  if (raw === undefined) return { kind: 'file', path: path.join(dataDir, 'sms.jsonl') };
  if (raw === 'kafka') return { kind: 'kafka' };
  if (raw.startsWith('file:') && raw.length > 5) return { kind: 'file', path: path.resolve(raw.slice(5)) };
  throw new ConfigError('NUMLINK_SMS_SINK', 'must be file:<path> or kafka');
}

/** SPEC §6: production refuses development keys, and needs trust anchors, a JWKS and an OTP secret. */
function checkProduction(config: Config): void {
  const required: Array<[string, unknown]> = [
    ['NUMLINK_API_KEYS_FILE', config.apiKeysFile],
    ['NUMLINK_EDS_TRUST_ANCHORS', config.edsTrustAnchorsFile],
    ['NUMLINK_BIOMETRIC_JWKS', config.biometricJwksFile],
    ['NUMLINK_BIOMETRIC_ISSUER', config.biometricIssuer],
    ['NUMLINK_OTP_SECRET', config.otpSecret],
    ['NUMLINK_AUDIT_SIGNING_KEY', config.auditSigningKeyFile],
  ];
  for (const [name, value] of required) {
    if (value === undefined) throw new ConfigError(name, 'is required when NUMLINK_MODE=production');
  }
  if (!config.identityRegistryUrl && !config.identityRegistryFile) {
    throw new ConfigError(
      'NUMLINK_IDENTITY_REGISTRY_URL',
      'or NUMLINK_IDENTITY_REGISTRY_FILE is required in production',
    );
  }
}
