/**
 * `npm run bench:eds` (issue 10: EDS verification per algorithm; target GOST 34.10-2015 (512) p99 under
 * 5 ms). For RSA-2048, ECDSA P-256, GOST 34.310-2004, GOST 34.10-2015 256 and 512, with a root CA and an
 * individual's signing certificate of that algorithm (the development PKI's code):
 * 1. "signature": the signer's signature over the signed attributes alone (one public-key operation),
 *    the same key each time (as a CA's key verifies every chain: GOST keeps a table for such keys, RSA
 *    and ECDSA a key object);
 *    "fresh key": the same with a new key each time, as a citizen's key is;
 * 2. "CMS": the whole check of an attached CMS (parse, digest, signature, the chain's certificate
 *    signature, the signer's kind and IIN), one at a time on this thread; "fresh CMS": the same with a
 *    new signer (key and certificate) each time, as citizens sign: no cache of the verifier helps;
 * 3. "pool": the same CMS through the worker pool (`PooledSignatureVerifier`), 8 in flight.
 * 4. a CRL of NUMLINK_BENCH_EDS_CRL_ENTRIES (default 100,000) entries signed by an ECDSA and a GOST CA:
 *    lookup time and the longest event-loop stall (the CRL client on this thread), first and again.
 * NUMLINK_BENCH_EDS_ITERATIONS (default 200) verifications per figure after 20 to warm up. Prints
 * verifications/s, p50 and p99 in ms, the load average, and GOST-2015-512's ratio to RSA and ECDSA in the
 * same run; fails only when a verification does not pass.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { parseIin } from '../src/domain/shared/iin';
import { instantFromMillis } from '../src/domain/shared/instant';
import type { Credential } from '../src/infrastructure/dev-pki/credential';
import { issueCertificate } from '../src/infrastructure/dev-pki/issue-certificate';
import { signCms } from '../src/infrastructure/dev-pki/sign-cms';
import { DEFAULT_SCHEME, signBytes } from '../src/infrastructure/dev-pki/sign-bytes';
import {
  generateSigningKey,
  isGostKey,
  type KeyKind,
  type SigningKey,
} from '../src/infrastructure/dev-pki/signing-key';
import { CmsSignatureVerifier } from '../src/infrastructure/eds/cms-signature-verifier';
import { DEFAULT_ALGORITHMS } from '../src/infrastructure/eds/default-algorithms';
import { OID } from '../src/infrastructure/eds/oids';
import { parseSignedData } from '../src/infrastructure/eds/parse-signed-data';
import type { SignatureAlgorithm, SignedBytes } from '../src/infrastructure/eds/signature-algorithm';
import { parseCertificate } from '../src/infrastructure/eds/trust-anchors';
import { PooledSignatureVerifier } from '../src/infrastructure/eds/verification-pool';
import { crlStall } from './eds-crl-stall';
import { formatTable, type Cell } from './support/format-table';
import { percentile } from './support/percentile';

const ITERATIONS = Number(process.env.NUMLINK_BENCH_EDS_ITERATIONS ?? 200);
const WARM_UP = 20;
const IN_FLIGHT = 8;
const FRESH_KEYS = Math.min(ITERATIONS, 100);
const FRESH_WARM_UP = 5;
const CRL_ENTRIES = Number(process.env.NUMLINK_BENCH_EDS_CRL_ENTRIES ?? 100_000);
const IIN = '900101300017';
const ALGORITHMS: readonly [string, KeyKind][] = [
  ['RSA-2048', 'rsa'],
  ['ECDSA P-256', 'ecdsa'],
  ['GOST-2004', 'gost2004'],
  ['GOST-2015-256', 'gost2015-256'],
  ['GOST-2015-512', 'gost2015-512'],
];

interface Figures {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

async function measure(
  run: (index: number) => Promise<boolean>,
  { inFlight = 1, iterations = ITERATIONS, warmUp = WARM_UP } = {},
): Promise<Figures> {
  for (let i = 0; i < warmUp; i++) if (!(await run(i))) throw new Error('a verification did not pass');
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < iterations) {
        const index = warmUp + next++;
        const begin = performance.now();
        if (!(await run(index))) throw new Error('a verification did not pass');
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: iterations / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const spkiOf = (key: SigningKey): Uint8Array =>
  isGostKey(key) ? key.publicKeyInfo : key.publicKey.export({ format: 'der', type: 'spki' });

/**
 * The signer's signature by keys each seen once, as a citizen's key is: no cached table helps. The
 * same signed attributes, FRESH_KEYS keys of the algorithm (the first FRESH_WARM_UP to warm up).
 */
async function freshKeySignatures(
  kind: KeyKind,
  algorithm: SignatureAlgorithm,
  signed: SignedBytes,
  keys: readonly SigningKey[],
): Promise<Figures> {
  const inputs = keys.map((key) => ({
    ...signed,
    signature: signBytes(DEFAULT_SCHEME[kind], key, signed.data),
    publicKeyInfo: spkiOf(key),
  }));
  return measure((index) => algorithm.verify(inputs[index] as SignedBytes), {
    iterations: FRESH_KEYS,
    warmUp: FRESH_WARM_UP,
  });
}

const validity = () => {
  const now = Date.now();
  return { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 86_400_000) };
};

/** An individual's signing certificate for the key, issued by `root`. */
async function signerOf(root: Credential, key: SigningKey): Promise<Credential> {
  const certificate = await issueCertificate({
    subject: [{ CN: ['ТЕСТОВ ТЕСТ'] }, { [OID.subjectSerialNumber]: [`IIN${IIN}`] }],
    key,
    issuer: root,
    isCertificateAuthority: false,
    extendedKeyUsages: [OID.emailProtection, OID.individualRole],
    ...validity(),
  });
  return { certificate, key };
}

async function credentials(kind: KeyKind): Promise<{ root: Credential; signer: Credential }> {
  const [rootKey, signerKey] = await Promise.all([generateSigningKey(kind), generateSigningKey(kind)]);
  const rootCertificate = await issueCertificate({
    subject: [{ CN: [`bench root ${kind}`] }],
    key: rootKey,
    isCertificateAuthority: true,
    ...validity(),
  });
  const root = { certificate: rootCertificate, key: rootKey };
  return { root, signer: await signerOf(root, signerKey) };
}

async function main(): Promise<void> {
  const parsedIin = parseIin(IIN);
  if (!parsedIin.ok) throw new Error('bench IIN');
  const expectedIin = parsedIin.value;
  const content = Buffer.from(JSON.stringify({ service: 'numlink', requestId: 'bench', iin: IIN }));
  const rows: Cell[][] = [];
  const figures = new Map<string, { signature: Figures; fresh: Figures }>();
  const loadBefore = loadavg();

  for (const [name, kind] of ALGORITHMS) {
    const { root, signer } = await credentials(kind);
    const cms = signCms({ content, signer, signingTime: new Date() });
    const anchors = [parseCertificate(new Uint8Array(root.certificate.rawData))];
    const input = { dataToSign: content, signature: cms, expectedIin, at: instantFromMillis(Date.now()) };

    // 1. The signer's signature alone, as the verifier hands it to the algorithm.
    const parsed = parseSignedData(cms);
    if (!parsed.ok) throw new Error(parsed.error);
    const signerInfo = parsed.value.signerInfos[0] as pkijs.SignerInfo;
    const algorithm = DEFAULT_ALGORITHMS.signatures.get(signerInfo.signatureAlgorithm.algorithmId);
    if (algorithm === undefined || signerInfo.signedAttrs === undefined) throw new Error('no algorithm');
    const params: unknown = signerInfo.signatureAlgorithm.algorithmParams;
    const signed = {
      data: new Uint8Array(signerInfo.signedAttrs.encodedValue),
      signature: signerInfo.signature.valueBlock.valueHexView,
      publicKeyInfo: new Uint8Array(
        parseCertificate(new Uint8Array(signer.certificate.rawData))
          .subjectPublicKeyInfo.toSchema()
          .toBER(false),
      ),
      parameters: params instanceof asn1js.BaseBlock ? new Uint8Array(params.toBER(false)) : undefined,
      digestAlgorithm: signerInfo.digestAlgorithm.algorithmId,
    };
    const signature = await measure(() => algorithm.verify(signed));
    const freshKeys = await Promise.all(
      Array.from({ length: FRESH_KEYS + FRESH_WARM_UP }, () => generateSigningKey(kind)),
    );
    const fresh = await freshKeySignatures(kind, algorithm, signed, freshKeys);
    figures.set(name, { signature, fresh });

    // 2. The whole CMS on this thread: the same signer's each time, then each by a new signer.
    const direct = new CmsSignatureVerifier(anchors);
    const single = await measure(async () => (await direct.verify(input)).status === 'valid');
    const freshInputs = await Promise.all(
      freshKeys.map(async (key) => ({
        ...input,
        signature: signCms({ content, signer: await signerOf(root, key), signingTime: new Date() }),
      })),
    );
    const freshCms = await measure(
      async (index) => (await direct.verify(freshInputs[index] as typeof input)).status === 'valid',
      { iterations: FRESH_KEYS, warmUp: FRESH_WARM_UP },
    );

    // 3. Through the worker pool.
    const pool = new PooledSignatureVerifier(anchors);
    const pooled = await measure(async () => (await pool.verify(input)).status === 'valid', {
      inFlight: IN_FLIGHT,
    });
    await pool.close();

    rows.push([
      name,
      signature.perSecond,
      signature.p50,
      signature.p99,
      fresh.p50,
      fresh.p99,
      single.perSecond,
      single.p50,
      single.p99,
      freshCms.p50,
      freshCms.p99,
      pooled.perSecond,
      pooled.p50,
      pooled.p99,
      pooled.perSecond / single.perSecond,
    ]);
  }

  console.log(
    `bench:eds: ${ITERATIONS} verifications per figure, Node ${process.version}, ` +
      `${cpus().length} cores (${availableParallelism()} available), pool of ${Math.max(1, Math.min(4, availableParallelism() - 1))}, ${IN_FLIGHT} in flight`,
  );
  console.log(
    formatTable(
      [
        'algorithm',
        'signature/s',
        'p50 ms',
        'p99 ms',
        'fresh key p50',
        'p99 ms',
        'CMS/s',
        'p50 ms',
        'p99 ms',
        'fresh CMS p50',
        'p99 ms',
        'pool CMS/s',
        'p50 ms',
        'p99 ms',
        'pool/single',
      ],
      rows,
      { digits: [0, 0, 2, 2, 2, 2, 0, 2, 2, 2, 2, 0, 2, 2, 2] },
    ),
  );
  const crlRows: Cell[][] = [];
  for (const kind of ['ecdsa', 'gost2015-512'] as const) {
    const stall = await crlStall(kind, CRL_ENTRIES);
    crlRows.push([
      kind,
      stall.bytes / 1e6,
      stall.firstMs,
      stall.firstStallMs,
      stall.againMs,
      stall.againStallMs,
      stall.idleStallMs,
    ]);
  }
  console.log(`\nCRL of ${CRL_ENTRIES} entries: lookup time and the longest event-loop stall meanwhile`);
  console.log(
    formatTable(
      ['CRL signed by', 'MB', 'first ms', 'max stall ms', 'again ms', 'max stall ms', 'idle max gap ms'],
      crlRows,
      { digits: [0, 1, 0, 1, 0, 1, 1] },
    ),
  );
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  console.log(`load average (1, 5, 15 min): before ${load(loadBefore)}, after ${load(loadavg())}`);
  const gost = figures.get('GOST-2015-512');
  if (gost === undefined) return;
  for (const baseline of ['RSA-2048', 'ECDSA P-256']) {
    const other = figures.get(baseline);
    if (other === undefined) continue;
    console.log(
      `GOST-2015-512 / ${baseline} in this run: signature p50 ${(gost.signature.p50 / other.signature.p50).toFixed(2)}x, ` +
        `fresh-key p50 ${(gost.fresh.p50 / other.fresh.p50).toFixed(2)}x`,
    );
  }
  const met = (p99: number) => (p99 < 5 ? 'met' : 'NOT met');
  console.log(
    `target: GOST-2015-512 signature verification p99 < 5 ms: repeated key ${gost.signature.p99.toFixed(2)} ms ` +
      `(${met(gost.signature.p99)}), fresh key ${gost.fresh.p99.toFixed(2)} ms (${met(gost.fresh.p99)})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
