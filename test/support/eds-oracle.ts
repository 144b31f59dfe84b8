import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scratchDirectory } from './scratch';

/** What BouncyCastle made for one algorithm (base64 DER): see scripts/eds-oracle/KazakhEdsOracle.java. */
export interface OracleSet {
  readonly root: string;
  readonly intermediate: string;
  readonly signing: string;
  readonly attached: string;
  readonly detached: string;
  readonly byAuthentication: string;
  readonly byLegalEntity: string;
  readonly byIntermediateCa: string;
  readonly onAnotherCurve?: string;
  readonly mismatchedDigest?: string;
}

export const ORACLE_ALGORITHMS = ['rsa', 'ecdsa', 'gost2004', 'gost2015_256', 'gost2015_512'] as const;
export type OracleAlgorithm = (typeof ORACLE_ALGORITHMS)[number];
export type Oracle = Readonly<Record<OracleAlgorithm, OracleSet>>;

/** The oracle's signer: the IIN its individual certificates name. */
export const ORACLE_IIN = '900101300017';
/** Resolving jars and compiling the first time takes a while on a busy machine. */
export const ORACLE_TIMEOUT_MS = 240_000;

const run = promisify(execFile);
let made: Promise<Oracle> | undefined;

/** Runs the BouncyCastle oracle once per test process over `content`. */
export function bouncyCastleOracle(content: Uint8Array): Promise<Oracle> {
  made ??= (async () => {
    const dir = scratchDirectory('numlink-eds-oracle-');
    const contentPath = join(dir, 'content.bin');
    const outputPath = join(dir, 'oracle.json');
    await writeFile(contentPath, content);
    await run('bash', [join(__dirname, '../../scripts/eds-oracle.sh'), contentPath, outputPath], {
      timeout: ORACLE_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(await readFile(outputPath, 'utf8')) as Oracle;
  })();
  return made;
}
