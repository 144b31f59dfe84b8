import * as path from 'node:path';
import { ConfigError, ConfigErrors, loadConfig } from '../../../src/infrastructure/config/config';

const production = {
  NUMLINK_MODE: 'production',
  NUMLINK_API_KEYS_FILE: '/etc/numlink/keys.json',
  NUMLINK_EDS_TRUST_ANCHORS: '/etc/numlink/ca.pem',
  NUMLINK_BIOMETRIC_JWKS: '/etc/numlink/jwks.json',
  NUMLINK_BIOMETRIC_ISSUER: 'https://biometrics.example',
  NUMLINK_OTP_SECRET: 'x'.repeat(40),
  NUMLINK_AUDIT_SIGNING_KEY: '/etc/numlink/audit.pem',
  NUMLINK_IDENTITY_REGISTRY_URL: 'https://registry.example',
};

describe('configuration (SPEC §6)', () => {
  it('needs no variable for the embedded default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      mode: 'development',
      dataDir: path.resolve('./var'),
      databaseUrl: undefined,
      eventStore: 'postgres',
      smsSink: { kind: 'file', path: path.resolve('./var/sms.jsonl') },
      limits: {
        otpTtlSeconds: 300,
        serviceTermSeconds: 600,
        otpMaxAttempts: 5,
        otpResendCooldownSeconds: 60,
        otpMaxSendsPerRequest: 3,
        otpMaxSendsPerPhonePerHour: 5,
        maxRequestsPerIinPerDay: 10,
      },
    });
  });

  it.each([
    ['NUMLINK_PORT', 'eighty'],
    ['NUMLINK_PORT', '70000'],
    ['NUMLINK_MODE', 'staging'],
    ['NUMLINK_DATABASE_URL', 'mysql://db'],
    ['NUMLINK_EVENT_STORE', 'kafka'],
    ['NUMLINK_KAFKA_BROKERS', 'localhost'],
    ['NUMLINK_SMS_SINK', 'carrier-pigeon'],
    ['NUMLINK_OTP_SECRET', 'short'],
    ['NUMLINK_OTP_MAX_ATTEMPTS', '0'],
    ['NUMLINK_IDENTITY_REGISTRY_URL', 'ftp://registry'],
  ])('stops on a bad %s, naming it', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}:`));
  });

  it('never lets the OTP outlive the service term (R14)', () => {
    expect(() => loadConfig({ NUMLINK_OTP_TTL_SECONDS: '700' })).toThrow(/NUMLINK_OTP_TTL_SECONDS/);
  });

  it('needs EventStoreDB connection details when the store is eventstoredb', () => {
    expect(() => loadConfig({ NUMLINK_EVENT_STORE: 'eventstoredb' })).toThrow(/NUMLINK_ESDB_URL/);
  });

  it('needs brokers for the kafka SMS sink', () => {
    expect(() => loadConfig({ NUMLINK_SMS_SINK: 'kafka' })).toThrow(/NUMLINK_SMS_SINK/);
    expect(loadConfig({ NUMLINK_SMS_SINK: 'kafka', NUMLINK_KAFKA_BROKERS: 'a:9092,b:9092' })).toMatchObject({
      smsSink: { kind: 'kafka' },
      kafkaBrokers: ['a:9092', 'b:9092'],
    });
  });

  it('starts in production only with keys, trust anchors, a JWKS, an OTP secret and an audit key', () => {
    expect(loadConfig(production).mode).toBe('production');
    for (const variable of Object.keys(production).filter((v) => v !== 'NUMLINK_MODE')) {
      const env: Record<string, string> = { ...production };
      delete env[variable];
      expect(() => loadConfig(env)).toThrow(ConfigError);
    }
  });

  it('reports every bad setting at once, each naming its variable', () => {
    const load = () =>
      loadConfig({
        NUMLINK_PORT: 'eighty',
        NUMLINK_LOG_LEVEL: 'loud',
        NUMLINK_SMS_SINK: 'kafka',
        NUMLINK_SHUTDOWN_GRACE_SECONDS: '0',
      });
    expect(load).toThrow(ConfigErrors);
    try {
      load();
    } catch (error) {
      expect((error as ConfigErrors).errors.map((e) => e.variable)).toEqual([
        'NUMLINK_SMS_SINK',
        'NUMLINK_PORT',
        'NUMLINK_LOG_LEVEL',
        'NUMLINK_SHUTDOWN_GRACE_SECONDS',
      ]);
    }
  });

  it('gives a SIGTERM 10 s by default, with no drain time', () => {
    expect(loadConfig({})).toMatchObject({ shutdownGraceSeconds: 10, shutdownDrainSeconds: 0 });
  });
});
