import { performance } from 'node:perf_hooks';
import type { Credential } from '../src/infrastructure/dev-pki/credential';
import { issueCertificate } from '../src/infrastructure/dev-pki/issue-certificate';
import { generateSigningKey, type KeyKind } from '../src/infrastructure/dev-pki/signing-key';
import { DEFAULT_ALGORITHMS } from '../src/infrastructure/eds/default-algorithms';
import { CrlClient } from '../src/infrastructure/eds/revocation/crl-client';
import { parseCertificate } from '../src/infrastructure/eds/trust-anchors';
import { largeCrlDer, startTestServer } from '../test/support/revocation-responders';

export interface CrlStall {
  readonly bytes: number;
  /** The first lookup: fetch, signature check, parse. */
  readonly firstMs: number;
  readonly firstStallMs: number;
  /** The same CRL fetched again after the cache's lifetime. */
  readonly againMs: number;
  readonly againStallMs: number;
  /** The longest gap of the same timer over a second of idling, just before: the machine's own noise. */
  readonly idleStallMs: number;
}

/**
 * How long a lookup in a CRL of `entries` entries signed by a `kind` CA takes, and the longest the
 * event loop was blocked meanwhile. The CRL is
 * served from 127.0.0.1; the cache lifetime is 0, so the second lookup fetches the same CRL again.
 */
export async function crlStall(kind: KeyKind, entries: number): Promise<CrlStall> {
  const now = new Date();
  const validity = {
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + 86_400_000),
  };
  const caKey = await generateSigningKey(kind);
  const caCertificate = await issueCertificate({
    subject: [{ CN: [`bench CRL issuer ${kind}`] }],
    key: caKey,
    isCertificateAuthority: true,
    ...validity,
  });
  const ca: Credential = { certificate: caCertificate, key: caKey };
  const leaf = await issueCertificate({
    subject: [{ CN: ['bench leaf'] }],
    key: await generateSigningKey(kind),
    issuer: ca,
    isCertificateAuthority: false,
    ...validity,
  });
  const der = largeCrlDer(ca, entries, {
    thisUpdate: new Date(now.getTime() - 60_000),
    nextUpdate: validity.notAfter,
  });
  const server = await startTestServer();
  server.routes.set('/big.crl', { kind: 'bytes', body: () => der });
  const client = new CrlClient({
    limits: { timeoutMs: 60_000, maxBytes: 64 * 1024 * 1024 },
    algorithms: DEFAULT_ALGORITHMS,
    cacheLifetimeMs: 0,
  });
  const certificate = parseCertificate(new Uint8Array(leaf.rawData));
  const issuer = parseCertificate(new Uint8Array(caCertificate.rawData));
  const longestGap = async (work: () => Promise<void>): Promise<number> => {
    let last = performance.now();
    let longest = 0;
    const ticks = setInterval(() => {
      const tick = performance.now();
      longest = Math.max(longest, tick - last);
      last = tick;
    }, 1);
    await work();
    clearInterval(ticks);
    return Math.max(longest, performance.now() - last);
  };
  // Node's fetch compiles on its first use (a second of one-off work): done before measuring.
  await (await fetch(server.url('/warm-up'))).arrayBuffer();
  const idleStallMs = await longestGap(() => new Promise((resolve) => setTimeout(resolve, 1_000)));
  const lookup = async (): Promise<[number, number]> => {
    // The longest gap between two ticks of a 1 ms timer (monitorEventLoopDelay's max missed blocks
    // of hundreds of milliseconds here).
    let last = performance.now();
    let longest = 0;
    const ticks = setInterval(() => {
      const tick = performance.now();
      longest = Math.max(longest, tick - last);
      last = tick;
    }, 1);
    const started = performance.now();
    const status = await client.status(
      certificate,
      issuer,
      { base: [server.url('/big.crl')], delta: [] },
      new Date(),
    );
    const elapsed = performance.now() - started;
    clearInterval(ticks);
    longest = Math.max(longest, performance.now() - last);
    if (status.status !== 'good') throw new Error(`the bench certificate is ${status.status}`);
    return [elapsed, longest];
  };
  try {
    const [firstMs, firstStallMs] = await lookup();
    const [againMs, againStallMs] = await lookup();
    return { bytes: der.length, firstMs, firstStallMs, againMs, againStallMs, idleStallMs };
  } finally {
    await server.close();
  }
}
