import { threadId } from 'node:worker_threads';
import { toMillis } from '../../../../src/domain/shared/instant';
import { DEFAULT_ALGORITHMS } from '../../../../src/infrastructure/eds/default-algorithms';
import { CrlClient } from '../../../../src/infrastructure/eds/revocation/crl-client';
import { readCrlOffThread } from '../../../../src/infrastructure/eds/revocation/crl-off-thread';
import {
  VERIFIED_AT,
  daysFrom,
  generateSigningKey,
  makeCertificateAuthority,
  type Credential,
} from '../../../support/pki';
import {
  entrySerialHex,
  issueWithExtensions,
  largeCrlDer,
  pkijsCertificate,
  startTestServer,
  type TestServer,
} from '../../../support/revocation-responders';

const now = new Date(toMillis(VERIFIED_AT) + 60_000);
const window = { thisUpdate: new Date(now.getTime() - 3_600_000), nextUpdate: daysFrom(VERIFIED_AT, 1) };
const ENTRIES = 5_000;

let server: TestServer;
let ca: Credential;
let gostCa: Credential;
let citizen: Credential;
let citizenSerial: string;

beforeAll(async () => {
  server = await startTestServer();
  const [caKey, gostKey, citizenKey] = await Promise.all([
    generateSigningKey('ecdsa'),
    generateSigningKey('gost2015-512'),
    generateSigningKey('ecdsa'),
  ]);
  ca = await makeCertificateAuthority({ name: 'Test NCA', key: caKey });
  gostCa = await makeCertificateAuthority({ name: 'Test NCA GOST', key: gostKey });
  citizen = await issueWithExtensions({
    name: 'citizen',
    key: citizenKey,
    issuer: ca,
    extensions: [],
    notBefore: daysFrom(VERIFIED_AT, -30),
    notAfter: daysFrom(VERIFIED_AT, 30),
  });
  citizenSerial = citizen.certificate.serialNumber.toLowerCase();
});

afterAll(() => server.close());

describe('a large CRL is read off the event loop (SPEC §7)', () => {
  it.each([
    ['ECDSA', () => ca],
    ['GOST 34.10-2015 (512)', () => gostCa],
  ])('parses a CRL signed with %s and checks its signature on a worker thread', async (_name, issuerOf) => {
    const issuer = issuerOf();
    const der = largeCrlDer(issuer, ENTRIES, window, citizenSerial);

    const reading = await readCrlOffThread(der, pkijsCertificate(issuer));

    expect(reading.threadId).not.toBe(threadId);
    expect(reading).toMatchObject({ issuerMatches: true, signed: true, number: 99n });
    expect(reading.entries.get(citizenSerial)).toMatchObject({ revokedAt: expect.any(Date) as unknown });
    expect(reading.entries.get(entrySerialHex(0))).toBeDefined();
    expect(reading.entries.get(entrySerialHex(ENTRIES - 1))).toBeDefined();
    expect(reading.entries.get('ff')).toBeUndefined();
  });

  it('finds a tampered large CRL unsigned', async () => {
    const der = largeCrlDer(gostCa, ENTRIES, window);
    der.writeUInt8((der[der.length - 5_000] ?? 0) ^ 0x01, der.length - 5_000); // a byte of an entry's date: still DER, no longer what the CA signed

    expect(await readCrlOffThread(der, pkijsCertificate(gostCa))).toMatchObject({ signed: false });
  });

  it('answers the same CRL fetched again as before, and a changed one anew', async () => {
    const client = new CrlClient({
      limits: { timeoutMs: 15_000, maxBytes: 10_000_000 },
      algorithms: DEFAULT_ALGORITHMS,
      cacheLifetimeMs: 0,
    });
    const lookup = () =>
      client.status(
        pkijsCertificate(citizen),
        pkijsCertificate(ca),
        { base: [server.url('/big.crl')], delta: [] },
        now,
      );
    const unchanged = largeCrlDer(ca, ENTRIES, window);
    server.routes.set('/big.crl', { kind: 'bytes', body: () => unchanged });

    expect(await lookup()).toMatchObject({ status: 'good' });
    expect(await lookup()).toMatchObject({ status: 'good' });

    server.routes.set('/big.crl', {
      kind: 'bytes',
      body: () => largeCrlDer(ca, ENTRIES, window, citizenSerial),
    });
    expect(await lookup()).toMatchObject({ status: 'revoked' });
    expect(server.hits.get('/big.crl')).toBe(3);
  });
});
