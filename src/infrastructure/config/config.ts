import * as path from 'node:path';
import { LANGUAGES, type Language } from '../../domain/shared/language';
import { DEFAULT_PGLITE_MEMORY, type PgliteMemory } from '../sql/pglite-memory';

export type SmsSink = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'kafka' };

/** Every setting of SPEC §6, validated. The embedded default needs none of the variables. */
export interface Config {
  readonly port: number;
  readonly mode: 'development' | 'production';
  readonly dataDir: string;
  /** Unset: the embedded PGlite under the data dir. */
  readonly databaseUrl: string | undefined;
  /** The embedded PGlite's memory (unused with a database URL). */
  readonly pgliteMemory: PgliteMemory;
  readonly eventStore: 'postgres' | 'eventstoredb';
  readonly esdbUrl: string | undefined;
  readonly kafkaBrokers: readonly string[] | undefined;
  readonly apiKeysFile: string | undefined;
  readonly edsTrustAnchorsFile: string | undefined;
  /** SPEC §8: revocation, timestamps and the verifier to use. */
  readonly edsChecks: EdsChecks;
  readonly biometricJwksFile: string | undefined;
  readonly biometricIssuer: string | undefined;
  readonly identityRegistryUrl: string | undefined;
  readonly identityRegistryFile: string | undefined;
  readonly smsSink: SmsSink;
  readonly otpSecret: string | undefined;
  readonly limits: Limits;
  readonly calendarFile: string | undefined;
  readonly auditSigningKeyFile: string | undefined;
  /** The append-only copy of every signed audit checkpoint, outside the database. */
  readonly auditCheckpointFile: string;
  readonly logLevel: string;
  /** SPEC §9: the language of answers without a usable `Accept-Language`, and of SMS by default. */
  readonly defaultLanguage: Language;
  /** How long a SIGTERM may take: drain, finish requests, stop at checkpoints, close (then exit anyway). */
  readonly shutdownGraceSeconds: number;
  /** How long readiness answers 503 before the listener closes, so load balancers stop sending. */
  readonly shutdownDrainSeconds: number;
  /** Minutes a console session may stay idle before it ends. */
  readonly consoleIdleMinutes: number;
  /** A transaction open longer holds every projection back: readiness says degraded, and a warning is logged. */
  readonly oldestTransactionWarnSeconds: number;
  /** Issue 11 item 7: number-link views kept in memory (least recently read go first); 0: none. */
  readonly linkViewCacheSize: number;
  /** Milliseconds a read model waits for more events when it is not behind: fewer, bigger transactions. */
  readonly projectionGatherMs: number;
}

export type RevocationMethod = 'ocsp' | 'crl';

/** SPEC §8: how a signer certificate's status and the signing time are established. */
export interface EdsChecks {
  readonly verifier: 'builtin' | 'ncanode';
  readonly ncanodeUrl: string | undefined;
  /** In the order tried; empty: no revocation check (development only). */
  readonly revocation: readonly RevocationMethod[];
  /** Override the certificates' AIA and CRL distribution points. */
  readonly ocspUrl: string | undefined;
  readonly crlUrls: readonly string[] | undefined;
  readonly revocationTimeoutMs: number;
  readonly revocationCacheSeconds: number;
  readonly revocationMaxBytes: number;
  /** PEM bundle of TSA CA certificates; unset: timestamps are not read, the time of receipt counts. */
  readonly tsaAnchorsFile: string | undefined;
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
  /** Issue 9 item 8: a channel's lookups of a number's holder per principal per minute. */
  readonly lookupsByNumberPerMinute: number;
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

/** Several bad settings, reported at once so an operator fixes them in one go. */
export class ConfigErrors extends ConfigError {
  constructor(readonly errors: readonly ConfigError[]) {
    super(errors.map((e) => e.variable).join(', '), 'several settings are invalid');
    this.message = errors.map((e) => e.message).join('; ');
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

/** Reads and validates the environment once, at start; every bad setting is reported, not the first only. */
export function loadConfig(env: Env = process.env): Config {
  const problems: ConfigError[] = [];
  const config = collectingProblems(problems, () => readConfig(env, problems));
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new ConfigErrors(problems);
  return config!;
}

/** Runs `read`; a ConfigError it throws is noted and `undefined` answered instead. */
function collectingProblems<T>(problems: ConfigError[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(error);
    return undefined;
  }
}

function readConfig(env: Env, problems: ConfigError[]): Config {
  const check = <T>(read: () => T, fallback: T): T => collectingProblems(problems, read) ?? fallback;
  const mode = check(
    () => oneOf(env, 'NUMLINK_MODE', ['development', 'production'] as const, 'development'),
    'development' as const,
  );
  const dataDir = path.resolve(text(env, 'NUMLINK_DATA_DIR') ?? './var');
  const eventStore = check(
    () => oneOf(env, 'NUMLINK_EVENT_STORE', ['postgres', 'eventstoredb'] as const, 'postgres'),
    'postgres' as const,
  );
  const esdbUrl = check(
    () => url(env, 'NUMLINK_ESDB_URL', ['esdb:', 'esdb+discover:', 'kurrentdb:', 'kdb:']),
    undefined,
  );
  if (eventStore === 'eventstoredb' && !esdbUrl) {
    problems.push(new ConfigError('NUMLINK_ESDB_URL', 'is required when NUMLINK_EVENT_STORE=eventstoredb'));
  }
  const brokers = text(env, 'NUMLINK_KAFKA_BROKERS')
    ?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers?.some((b) => !/^[\w.-]+:\d+$/.test(b))) {
    problems.push(new ConfigError('NUMLINK_KAFKA_BROKERS', 'must be comma-separated host:port pairs'));
  }
  const smsSink = check(() => parseSmsSink(text(env, 'NUMLINK_SMS_SINK'), dataDir), {
    kind: 'file',
    path: path.join(dataDir, 'sms.jsonl'),
  } as SmsSink);
  if (smsSink.kind === 'kafka' && !brokers?.length) {
    problems.push(new ConfigError('NUMLINK_SMS_SINK', 'kafka needs NUMLINK_KAFKA_BROKERS'));
  }
  const otpSecret = text(env, 'NUMLINK_OTP_SECRET');
  if (otpSecret !== undefined && otpSecret.length < 32) {
    problems.push(new ConfigError('NUMLINK_OTP_SECRET', 'must be at least 32 characters'));
  }
  const int = (name: string, fallback: number, min: number, max: number) =>
    check(() => integer(env, name, fallback, min, max), fallback);
  const serviceTermSeconds = int('NUMLINK_SERVICE_TERM_SECONDS', 600, 60, 86_400);
  const otpTtlSeconds = int('NUMLINK_OTP_TTL_SECONDS', 300, 30, 86_400);
  if (otpTtlSeconds > serviceTermSeconds) {
    // SPEC R14: an OTP is never valid beyond the request's term.
    problems.push(
      new ConfigError(
        'NUMLINK_OTP_TTL_SECONDS',
        `must not exceed the service term (${serviceTermSeconds} s)`,
      ),
    );
  }
  const config: Config = {
    port: int('NUMLINK_PORT', 3000, 0, 65_535),
    mode,
    dataDir,
    databaseUrl: check(() => url(env, 'NUMLINK_DATABASE_URL', ['postgres:', 'postgresql:']), undefined),
    pgliteMemory: {
      sharedBuffersMb: int(
        'NUMLINK_PGLITE_SHARED_BUFFERS_MB',
        DEFAULT_PGLITE_MEMORY.sharedBuffersMb,
        1,
        1024,
      ),
      optimisingCompiler:
        check(
          () => oneOf(env, 'NUMLINK_PGLITE_OPTIMISING_COMPILER', ['on', 'off'] as const, 'off'),
          'off',
        ) === 'on',
    },
    eventStore,
    esdbUrl,
    kafkaBrokers: brokers?.length ? brokers : undefined,
    apiKeysFile: text(env, 'NUMLINK_API_KEYS_FILE'),
    edsTrustAnchorsFile: text(env, 'NUMLINK_EDS_TRUST_ANCHORS'),
    edsChecks: parseEdsChecks(env, mode),
    biometricJwksFile: text(env, 'NUMLINK_BIOMETRIC_JWKS'),
    biometricIssuer: text(env, 'NUMLINK_BIOMETRIC_ISSUER'),
    identityRegistryUrl: check(
      () => url(env, 'NUMLINK_IDENTITY_REGISTRY_URL', ['http:', 'https:']),
      undefined,
    ),
    identityRegistryFile: text(env, 'NUMLINK_IDENTITY_REGISTRY_FILE'),
    smsSink,
    otpSecret,
    limits: {
      otpTtlSeconds,
      serviceTermSeconds,
      otpMaxAttempts: int('NUMLINK_OTP_MAX_ATTEMPTS', 5, 1, 100),
      otpResendCooldownSeconds: int('NUMLINK_OTP_RESEND_COOLDOWN_SECONDS', 60, 0, 3600),
      otpMaxSendsPerRequest: int('NUMLINK_OTP_MAX_SENDS_PER_REQUEST', 3, 1, 100),
      otpMaxSendsPerPhonePerHour: int('NUMLINK_OTP_MAX_SENDS_PER_PHONE_PER_HOUR', 5, 1, 10_000),
      maxRequestsPerIinPerDay: int('NUMLINK_MAX_REQUESTS_PER_IIN_PER_DAY', 10, 1, 100_000),
      lookupsByNumberPerMinute: int('NUMLINK_LOOKUPS_BY_NUMBER_PER_MINUTE', 30, 1, 100_000),
    },
    calendarFile: text(env, 'NUMLINK_CALENDAR_FILE'),
    auditSigningKeyFile: text(env, 'NUMLINK_AUDIT_SIGNING_KEY'),
    auditCheckpointFile: path.resolve(
      text(env, 'NUMLINK_AUDIT_CHECKPOINT_FILE') ?? path.join(dataDir, 'audit-checkpoints.jsonl'),
    ),
    consoleIdleMinutes: int('NUMLINK_CONSOLE_IDLE_MINUTES', 15, 1, 1440),
    logLevel: check(
      () =>
        oneOf(
          env,
          'NUMLINK_LOG_LEVEL',
          ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
          'info',
        ),
      'info',
    ),
    shutdownGraceSeconds: int('NUMLINK_SHUTDOWN_GRACE_SECONDS', 10, 1, 3600),
    shutdownDrainSeconds: int('NUMLINK_SHUTDOWN_DRAIN_SECONDS', 0, 0, 600),
    defaultLanguage: check(() => oneOf(env, 'NUMLINK_DEFAULT_LANGUAGE', LANGUAGES, 'ru'), 'ru'),
    oldestTransactionWarnSeconds: int('NUMLINK_DB_OLDEST_TRANSACTION_WARN_SECONDS', 30, 1, 86_400),
    linkViewCacheSize: int('NUMLINK_LINK_VIEW_CACHE_SIZE', 50_000, 0, 1_000_000),
    projectionGatherMs: int('NUMLINK_PROJECTION_GATHER_MS', 100, 0, 1_000),
  };
  if (mode === 'production') checkProduction(config, problems);
  return config;
}

function parseEdsChecks(env: Env, mode: Config['mode']): EdsChecks {
  const verifier = oneOf(env, 'NUMLINK_EDS_VERIFIER', ['builtin', 'ncanode'] as const, 'builtin');
  const ncanodeUrl = url(env, 'NUMLINK_NCANODE_URL', ['http:', 'https:']);
  if (verifier === 'ncanode' && ncanodeUrl === undefined) {
    throw new ConfigError('NUMLINK_NCANODE_URL', 'is required when NUMLINK_EDS_VERIFIER=ncanode');
  }
  // SPEC §8: production checks revocation unless told otherwise; development does not.
  const raw = text(env, 'NUMLINK_EDS_REVOCATION') ?? (mode === 'production' ? 'ocsp,crl' : 'off');
  const methods = raw === 'off' ? [] : raw.split(',').map((method) => method.trim());
  if (
    methods.some((method) => method !== 'ocsp' && method !== 'crl') ||
    new Set(methods).size !== methods.length
  ) {
    throw new ConfigError(
      'NUMLINK_EDS_REVOCATION',
      `must be ocsp, crl, ocsp,crl, crl,ocsp or off, got "${raw}"`,
    );
  }
  const crlUrls = text(env, 'NUMLINK_EDS_CRL_URLS')
    ?.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (crlUrls?.some((entry) => !/^https?:\/\/\S+$/.test(entry))) {
    throw new ConfigError('NUMLINK_EDS_CRL_URLS', 'must be comma-separated http(s) URLs');
  }
  return {
    verifier,
    ncanodeUrl,
    revocation: methods as RevocationMethod[],
    ocspUrl: url(env, 'NUMLINK_EDS_OCSP_URL', ['http:', 'https:']),
    crlUrls: crlUrls?.length ? crlUrls : undefined,
    revocationTimeoutMs: integer(env, 'NUMLINK_EDS_REVOCATION_TIMEOUT_MS', 5_000, 100, 60_000),
    revocationCacheSeconds: integer(env, 'NUMLINK_EDS_REVOCATION_CACHE_SECONDS', 300, 0, 86_400),
    revocationMaxBytes: integer(env, 'NUMLINK_EDS_REVOCATION_MAX_BYTES', 16_777_216, 1_024, 268_435_456),
    tsaAnchorsFile: text(env, 'NUMLINK_EDS_TSA_ANCHORS'),
  };
}

function parseSmsSink(raw: string | undefined, dataDir: string): SmsSink {
  if (raw === undefined) return { kind: 'file', path: path.join(dataDir, 'sms.jsonl') };
  if (raw === 'kafka') return { kind: 'kafka' };
  if (raw.startsWith('file:') && raw.length > 5) return { kind: 'file', path: path.resolve(raw.slice(5)) };
  throw new ConfigError('NUMLINK_SMS_SINK', 'must be file:<path> or kafka');
}

/** SPEC §6: production refuses development keys, and needs trust anchors, a JWKS and an OTP secret. */
function checkProduction(config: Config, problems: ConfigError[]): void {
  const required: Array<[string, unknown]> = [
    ['NUMLINK_API_KEYS_FILE', config.apiKeysFile],
    ['NUMLINK_EDS_TRUST_ANCHORS', config.edsTrustAnchorsFile],
    ['NUMLINK_BIOMETRIC_JWKS', config.biometricJwksFile],
    ['NUMLINK_BIOMETRIC_ISSUER', config.biometricIssuer],
    ['NUMLINK_OTP_SECRET', config.otpSecret],
    ['NUMLINK_AUDIT_SIGNING_KEY', config.auditSigningKeyFile],
  ];
  for (const [name, value] of required) {
    if (value === undefined) problems.push(new ConfigError(name, 'is required when NUMLINK_MODE=production'));
  }
  if (!config.identityRegistryUrl && !config.identityRegistryFile) {
    problems.push(
      new ConfigError(
        'NUMLINK_IDENTITY_REGISTRY_URL',
        'or NUMLINK_IDENTITY_REGISTRY_FILE is required in production',
      ),
    );
  }
}
