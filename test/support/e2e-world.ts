import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { START, type RecordedEvent } from '../../src/application/ports/event-store';
import { otpInSmsText } from '../../src/application/sms-text';
import { iinCheckDigit, parseIin, type Iin } from '../../src/domain/shared/iin';
import { instantFromMillis, toMillis, type Instant } from '../../src/domain/shared/instant';
import { SmsSinkTail } from '../../src/infrastructure/sms/sms-sink-reader';
import type { SqlDatabase } from '../../src/infrastructure/sql/sql-database';
import { FixedClock } from './fixed-clock';
import {
  biometricToken,
  generateSigningKey,
  jwksOf,
  makeCertificateAuthority,
  makeSignerCertificate,
  signOver,
  trustAnchorsPem,
  VERIFIED_AT,
  type Credential,
  type SignatureOptions,
  type NodeSigningKey,
  type SigningKey,
} from './pki';
import { startTestApp, type TestApp, type TestResponse } from './test-app';
import { pgliteKind, type TestDatabaseKind } from './test-databases';
import { scratchDirectory } from './scratch';

/** The development API keys (src/infrastructure/http/auth/api-keys.ts), by the principal they stand for. */
export const KEYS = {
  portal: 'dev-portal-key',
  mobile: 'dev-mobile-key',
  bank: 'dev-bank-key',
  reviewer: 'dev-reviewer-key',
  auditor: 'dev-auditor-key',
} as const;

/** Annex 9.2: the consent every accepted request carries. */
export const CONSENT = { given: true, textVersion: 'consent-2024-03' } as const;

export const BIOMETRIC_ISSUER = 'https://biometrics.test.numlink';

/** A person of the identity registry stub: `GET /persons/{iin}` answers it, or 404 when absent. */
export interface RegistryEntry {
  readonly status: string;
  readonly documentsValid: boolean;
}

export interface WorldOptions {
  readonly kind?: TestDatabaseKind;
  /** More `NUMLINK_*` settings (small limits, say). */
  readonly env?: Readonly<Record<string, string>>;
  /** How often the expiry sweeper runs (R10); default the runtime's own. */
  readonly sweepIntervalMs?: number;
  /** How often missed complaint deadlines are looked for; default the runtime's own. */
  readonly deadlineWatchIntervalMs?: number;
  /** Where the world's clock starts; certificates are valid a year either side of `VERIFIED_AT`. */
  readonly startAt?: string;
}

export interface FlowOptions {
  /** Who sends it; the factor follows the channel (portal: EDS, mobile: biometrics). */
  readonly key?: string;
  readonly iin: string;
  readonly phone: string;
  readonly purpose?: 'connect' | 'change';
}

export interface Flow {
  readonly requestId: string;
  readonly created: TestResponse;
  readonly confirmation: TestResponse;
}

/**
 * What an e2e test file needs around the real service: a test PKI (its CA in a PEM file the service
 * trusts), a biometric provider's key and JWKS, an identity registry on 127.0.0.1, an OTP secret, a
 * settable clock, and the app over a database the world owns (so it can restart the app over it).
 * Citizens and numbers are fresh per call, so tests in one file never share limits or links.
 */
export class E2eWorld {
  readonly clock: FixedClock;
  private appHandle: TestApp | undefined;
  private sms: SmsSinkTail | undefined;
  private readonly signers = new Map<string, Promise<Credential>>();
  private nextSerial = randomInt(0, 5000);
  private nextPhone = randomInt(0, 9_000_000);

  private constructor(
    readonly options: WorldOptions,
    /** The identity registry's persons by IIN; tests may add and change them. */
    readonly persons: Map<string, RegistryEntry>,
    readonly ca: Credential,
    /** The key every test signer certificate carries (key generation is the slow part). */
    readonly signerKey: SigningKey,
    readonly biometricKey: NodeSigningKey,
    private readonly registry: Server,
    private readonly database: { db: SqlDatabase; dispose: () => Promise<void> },
    private readonly env: Record<string, string>,
    private readonly dataDir: string,
  ) {
    this.clock = new FixedClock(options.startAt ?? VERIFIED_AT);
  }

  static async start(options: WorldOptions = {}): Promise<E2eWorld> {
    const [caKey, signerKey, biometricKey] = await Promise.all([
      generateSigningKey('ecdsa'),
      generateSigningKey('ecdsa'),
      generateSigningKey('ecdsa'),
    ]);
    const ca = await makeCertificateAuthority({ name: 'numlink e2e CA', key: caKey });
    const dir = scratchDirectory('numlink-e2e-');
    const trustAnchors = path.join(dir, 'trust-anchors.pem');
    writeFileSync(trustAnchors, trustAnchorsPem(ca));
    const jwks = path.join(dir, 'biometric-jwks.json');
    writeFileSync(jwks, JSON.stringify(await jwksOf([biometricKey])));

    const persons = new Map<string, RegistryEntry>();
    const registry = createServer((request, response) => {
      const iin = /^\/persons\/(\d+)$/.exec(request.url ?? '')?.[1];
      const person = iin === undefined ? undefined : persons.get(iin);
      if (request.method !== 'GET' || iin === undefined || person === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ iin, ...person }));
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    const { port } = registry.address() as AddressInfo;

    const env = {
      NUMLINK_EDS_TRUST_ANCHORS: trustAnchors,
      NUMLINK_BIOMETRIC_JWKS: jwks,
      NUMLINK_BIOMETRIC_ISSUER: BIOMETRIC_ISSUER,
      NUMLINK_IDENTITY_REGISTRY_URL: `http://127.0.0.1:${port}`,
      NUMLINK_OTP_SECRET: randomBytes(32).toString('hex'),
      NUMLINK_LOG_LEVEL: 'debug',
      ...options.env,
    };
    const database = await (options.kind ?? pgliteKind).open();
    const world = new E2eWorld(
      options,
      persons,
      ca,
      signerKey,
      biometricKey,
      registry,
      database,
      env,
      path.join(dir, 'data'),
    );
    await world.startApp();
    return world;
  }

  get app(): TestApp {
    if (!this.appHandle) throw new Error('the app is not running');
    return this.appHandle;
  }

  get db(): SqlDatabase {
    return this.database.db;
  }

  /** Closes the app (not the database) and starts a new one over the same database and data dir. */
  async restartApp(): Promise<void> {
    await this.appHandle?.close();
    this.appHandle = undefined;
    await this.startApp();
  }

  async close(): Promise<void> {
    await this.appHandle?.close();
    this.appHandle = undefined;
    await this.database.dispose();
    await new Promise<void>((resolve) => this.registry.close(() => resolve()));
  }

  private async startApp(): Promise<void> {
    this.appHandle = await startTestApp({
      env: this.env,
      database: this.database.db,
      dataDir: this.dataDir,
      overrides: {
        clock: this.clock,
        ...(this.options.sweepIntervalMs === undefined
          ? {}
          : { sweepIntervalMs: this.options.sweepIntervalMs }),
        ...(this.options.deadlineWatchIntervalMs === undefined
          ? {}
          : { deadlineWatchIntervalMs: this.options.deadlineWatchIntervalMs }),
      },
    });
    this.sms = new SmsSinkTail(this.smsPath);
  }

  get smsPath(): string {
    const sink = this.app.config.smsSink;
    if (sink.kind !== 'file') throw new Error('the e2e world reads SMS from the file sink');
    return sink.path;
  }

  // ---- citizens and numbers ----

  /** A fresh valid IIN of an individual (R1) that the registry does not know yet. */
  freshIin(): Iin {
    for (;;) {
      const serial = String(this.nextSerial++ % 10_000).padStart(4, '0');
      const first11 = `9001013${serial}`;
      const check = iinCheckDigit(first11);
      if (check === undefined) continue;
      const parsed = parseIin(`${first11}${check}`);
      if (parsed.ok && !this.persons.has(parsed.value)) return parsed.value;
    }
  }

  /** A citizen the identity registry knows: active, documents valid, unless told otherwise (R3). */
  citizen(entry: Partial<RegistryEntry> = {}): Iin {
    const iin = this.freshIin();
    this.persons.set(iin, { status: 'active', documentsValid: true, ...entry });
    return iin;
  }

  /** A valid business identification number (digit 5 is 4: a legal entity, Rules §3). */
  bin(): string {
    for (let serial = randomInt(0, 900); ; serial++) {
      const first11 = `090440${String(serial % 1000).padStart(3, '0')}00`;
      const check = iinCheckDigit(first11);
      if (check !== undefined) return `${first11}${check}`;
    }
  }

  /** A fresh Kazakhstan mobile number in E.164 (R2). */
  phone(): string {
    return `+7701${String(this.nextPhone++ % 10_000_000).padStart(7, '0')}`;
  }

  // ---- the API ----

  requestOtp(
    key: string,
    body: Readonly<Record<string, unknown>>,
    headers?: Record<string, string>,
  ): Promise<TestResponse> {
    return this.app.call('POST', '/v1/number-requests', { key, body, ...(headers ? { headers } : {}) });
  }

  confirm(
    key: string,
    requestId: string,
    body: Readonly<Record<string, unknown>>,
    headers?: Record<string, string>,
  ): Promise<TestResponse> {
    return this.app.call('POST', `/v1/number-requests/${requestId}/confirmation`, {
      key,
      body,
      ...(headers ? { headers } : {}),
    });
  }

  resend(key: string, requestId: string): Promise<TestResponse> {
    return this.app.call('POST', `/v1/number-requests/${requestId}/otp`, { key, body: {} });
  }

  bankCheck(body: Readonly<Record<string, unknown>>, key: string = KEYS.bank): Promise<TestResponse> {
    return this.app.call('POST', '/v1/bank-checks', { key, body });
  }

  /** The code of the request's `count`th SMS (default the first), read from the SMS sink. */
  async otpFor(requestId: string, count = 1): Promise<string> {
    if (!this.sms) throw new Error('the app is not running');
    const sms = await this.sms.waitFor(requestId, { count, timeoutMs: 10_000 });
    const code = otpInSmsText(sms.text);
    if (code === undefined) throw new Error(`the SMS for ${requestId} carries no code`);
    return code;
  }

  /** Every SMS sent for the request so far (after the reactions have caught up). */
  async smsFor(requestId: string): Promise<number> {
    await this.settled();
    if (!this.sms) throw new Error('the app is not running');
    await this.sms.poll();
    return this.sms.messagesFor(requestId).length;
  }

  /** A code other than the right one. */
  static wrongCode(code: string): string {
    return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  }

  /** The EDS certificate the world's CA issued to this IIN (`SERIALNUMBER=IIN<iin>`). */
  signerFor(iin: string): Promise<Credential> {
    let signer = this.signers.get(iin);
    if (!signer) {
      signer = makeSignerCertificate({ issuer: this.ca, key: this.signerKey, serialNumber: `IIN${iin}` });
      this.signers.set(iin, signer);
    }
    return signer;
  }

  /** R16: a CMS signature by the IIN's certificate over the decoded `dataToSign` bytes. */
  async signFor(
    iin: string,
    dataToSign: string,
    options: SignatureOptions & { signer?: Credential } = {},
  ): Promise<string> {
    const { signer, ...signatureOptions } = options;
    return signOver(
      Buffer.from(dataToSign, 'base64'),
      signer ?? (await this.signerFor(iin)),
      signatureOptions,
    );
  }

  /** R17: the biometric provider's "match" for this IIN and request, issued a minute ago by the world's clock. */
  biometricFor(
    iin: string,
    requestId: string,
    claims?: Readonly<Record<string, unknown>>,
    options: { key?: NodeSigningKey; issuedAt?: Instant; validForSeconds?: number } = {},
  ): Promise<string> {
    const issuedAt = options.issuedAt ?? instantFromMillis(toMillis(this.clock.now()) - 60_000);
    return biometricToken(options.key ?? this.biometricKey, {
      issuer: BIOMETRIC_ISSUER,
      iin,
      requestId,
      issuedAt,
      ...(options.validForSeconds === undefined ? {} : { validForSeconds: options.validForSeconds }),
      ...(claims ? { claims } : {}),
    });
  }

  /** The channel's second factor for a created request (R5-R8). */
  async factorFor(
    key: string,
    iin: string,
    created: { requestId: string; dataToSign?: string },
  ): Promise<{ signature: string } | { biometricToken: string }> {
    if (created.dataToSign !== undefined) return { signature: await this.signFor(iin, created.dataToSign) };
    if (key === KEYS.portal) throw new Error('a portal request always has dataToSign');
    return { biometricToken: await this.biometricFor(iin, created.requestId) };
  }

  /** A portal connect request (code sent) for a fresh citizen: its IIN, id and `dataToSign`. */
  async openPortalRequest(): Promise<{ iin: Iin; requestId: string; dataToSign: string }> {
    const iin = this.citizen();
    const created = await this.requestOtp(KEYS.portal, {
      iin,
      phone: this.phone(),
      purpose: 'connect',
      consent: CONSENT,
    });
    if (created.status !== 201) throw new Error(`request refused: ${created.status} ${created.text}`);
    return {
      iin,
      requestId: created.body.requestId as string,
      dataToSign: created.body.dataToSign as string,
    };
  }

  /** A whole flow: request a code, read it from the SMS, confirm with the channel's second factor. */
  async connect(flow: FlowOptions): Promise<Flow> {
    const key = flow.key ?? KEYS.portal;
    const created = await this.requestOtp(key, {
      iin: flow.iin,
      phone: flow.phone,
      purpose: flow.purpose ?? 'connect',
      consent: CONSENT,
    });
    if (created.status !== 201) throw new Error(`request refused: ${created.status} ${created.text}`);
    const requestId = created.body.requestId as string;
    const otp = await this.otpFor(requestId);
    const factor = await this.factorFor(key, flow.iin, created.body);
    const confirmation = await this.confirm(key, requestId, { otp, ...factor });
    return { requestId, created, confirmation };
  }

  // ---- what the service holds ----

  /** Waits until the projections and reactions have applied every event stored so far. */
  settled(): Promise<void> {
    return this.app.runtime.projections.caughtUp();
  }

  /** `GET /v1/number-links/{iin}` once the view has caught up. */
  async link(iin: string, key: string = KEYS.portal): Promise<TestResponse> {
    await this.settled();
    return this.app.call('GET', `/v1/number-links/${iin}`, { key });
  }

  /** `GET /v1/number-links?phone=` once the view has caught up. */
  async linkByPhone(phone: string, key: string = KEYS.portal): Promise<TestResponse> {
    await this.settled();
    return this.app.call('GET', `/v1/number-links?phone=${encodeURIComponent(phone)}`, { key });
  }

  /** Every event in the store's global order (optionally only one stream's). */
  async events(streamId?: string): Promise<RecordedEvent[]> {
    if (streamId !== undefined) return this.app.runtime.store.readStream(streamId);
    const all: RecordedEvent[] = [];
    for (let from = START; ;) {
      const page = await this.app.runtime.store.readAll({ from, limit: 1000 });
      all.push(...page);
      const last = page[page.length - 1];
      if (!last || page.length < 1000) return all;
      from = last.position;
    }
  }

  /**
   * The events a call sent with this `x-correlation-id` caused, once the reactions have caught up: what
   * a case owns, unlike a count of the whole store, which reactions of other cases change meanwhile.
   */
  async eventsCorrelatedWith(correlationId: string): Promise<RecordedEvent[]> {
    await this.settled();
    return (await this.events()).filter((event) => event.metadata.correlationId === correlationId);
  }

  /** The types of the request's own events, in order. */
  async requestEventTypes(requestId: string): Promise<string[]> {
    return (await this.events(`number-request-${requestId}`)).map((event) => event.type);
  }
}

/** Starts a world before the file's tests and closes it after them. */
export function useWorld(options: WorldOptions = {}): () => E2eWorld {
  let world: E2eWorld | undefined;
  beforeAll(async () => {
    world = await E2eWorld.start(options);
  });
  afterAll(async () => {
    await world?.close();
  });
  return () => {
    if (!world) throw new Error('the world is not started yet');
    return world;
  };
}

/** The one error shape of the API (SPEC §4), with the given status and code. */
export function expectRefusal(response: TestResponse, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(response.body).toEqual({
    error: {
      code,
      message: expect.any(String),
      ...(response.body.error.details === undefined ? {} : { details: expect.any(Object) }),
    },
  });
  expect(Object.keys(response.body.error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(
    true,
  );
}
