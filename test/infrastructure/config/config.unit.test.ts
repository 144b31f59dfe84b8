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
      pgliteMemory: { sharedBuffersMb: 16, optimisingCompiler: false },
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
    ['NUMLINK_DEFAULT_LANGUAGE', 'de'],
    ['NUMLINK_PGLITE_SHARED_BUFFERS_MB', '0'],
    ['NUMLINK_PGLITE_SHARED_BUFFERS_MB', '16MB'],
    ['NUMLINK_PGLITE_OPTIMISING_COMPILER', 'yes'],
  ])('stops on a bad %s, naming it', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}:`));
  });

  it('answers in Russian unless another default language is set (SPEC §9)', () => {
    expect(loadConfig({}).defaultLanguage).toBe('ru');
    expect(loadConfig({ NUMLINK_DEFAULT_LANGUAGE: 'kk' }).defaultLanguage).toBe('kk');
  });

  it('keeps the copy of the audit checkpoints under the data dir unless told where', () => {
    expect(loadConfig({}).auditCheckpointFile).toBe(path.resolve('./var/audit-checkpoints.jsonl'));
    expect(
      loadConfig({ NUMLINK_AUDIT_CHECKPOINT_FILE: '/worm/numlink/checkpoints.jsonl' }).auditCheckpointFile,
    ).toBe('/worm/numlink/checkpoints.jsonl');
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

  describe('revocation, timestamps and the verifier (SPEC §8)', () => {
    it('checks revocation by OCSP then CRL in production and not at all in development', () => {
      expect(loadConfig(production).edsChecks.revocation).toEqual(['ocsp', 'crl']);
      expect(loadConfig({}).edsChecks).toMatchObject({ verifier: 'builtin', revocation: [] });
      expect(loadConfig({ ...production, NUMLINK_EDS_REVOCATION: 'crl' }).edsChecks.revocation).toEqual([
        'crl',
      ]);
      expect(loadConfig({ NUMLINK_EDS_REVOCATION: 'ocsp' }).edsChecks.revocation).toEqual(['ocsp']);
    });

    it('takes configured responders, TSA anchors and NCANode', () => {
      const config = loadConfig({
        NUMLINK_EDS_OCSP_URL: 'http://ocsp.pki.gov.kz/',
        NUMLINK_EDS_CRL_URLS: 'http://crl.pki.gov.kz/nca_gost.crl, http://crl.pki.gov.kz/nca_d_gost.crl',
        NUMLINK_EDS_TSA_ANCHORS: '/etc/numlink/tsa.pem',
        NUMLINK_EDS_VERIFIER: 'ncanode',
        NUMLINK_NCANODE_URL: 'http://ncanode:14579',
      });
      expect(config.edsChecks).toMatchObject({
        verifier: 'ncanode',
        ncanodeUrl: 'http://ncanode:14579',
        ocspUrl: 'http://ocsp.pki.gov.kz/',
        crlUrls: ['http://crl.pki.gov.kz/nca_gost.crl', 'http://crl.pki.gov.kz/nca_d_gost.crl'],
        tsaAnchorsFile: '/etc/numlink/tsa.pem',
      });
    });

    it.each([
      ['NUMLINK_EDS_REVOCATION', { NUMLINK_EDS_REVOCATION: 'ocsp,ocsp' }],
      ['NUMLINK_EDS_REVOCATION', { NUMLINK_EDS_REVOCATION: 'scvp' }],
      ['NUMLINK_EDS_VERIFIER', { NUMLINK_EDS_VERIFIER: 'kalkan' }],
      ['NUMLINK_NCANODE_URL', { NUMLINK_EDS_VERIFIER: 'ncanode' }],
      ['NUMLINK_EDS_CRL_URLS', { NUMLINK_EDS_CRL_URLS: 'ldap://crl' }],
      ['NUMLINK_EDS_REVOCATION_TIMEOUT_MS', { NUMLINK_EDS_REVOCATION_TIMEOUT_MS: '0' }],
    ])('stops on a bad %s, naming it', (variable, env) => {
      expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}:`));
    });
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
