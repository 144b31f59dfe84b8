import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  auditPublicKeyFromPem,
  DEVELOPMENT_AUDIT_KEY_FILE,
  loadAuditSigningKey,
} from '../../projections/audit-trail/audit-signing-key';
import { verifyAuditTrail } from '../../projections/audit-trail/verify-audit-trail';
import type { CliContext } from './cli-context';
import { EXIT_FAILED, EXIT_OK, type CliIo } from './cli-io';
import { optionValue, type ParsedArguments } from './parse-arguments';
import type { AuditCheckpoint } from '../../projections/audit-trail/audit-checkpoint';
import { parseAuditCheckpointLines } from '../../projections/audit-trail/audit-checkpoint-lines';

export const AUDIT_VERIFY_ARGUMENTS = { options: ['public-key', 'against'] } as const;

const PROGRESS_EVERY = 100_000;

/** `numlink audit verify`: SPEC §5, any changed, removed, inserted or reordered record is found. */
export async function auditVerify(context: CliContext, args: ParsedArguments, io: CliIo): Promise<number> {
  const keys = await publicKeys(context, args.options.get('public-key') ?? []);
  const against = optionValue(args, 'against');
  // Read before the walk: the chain only grows while it runs, so no copy is ahead of it.
  const external = against === undefined ? undefined : await externalCheckpoints(against);
  const began = Date.now();
  let reported = 0;
  const result = await verifyAuditTrail(context.db, keys, {
    ...(external ? { external } : {}),
    onProgress: ({ checked, seq }) => {
      if (checked - reported < PROGRESS_EVERY) return;
      reported = checked;
      const perSecond = checked / Math.max((Date.now() - began) / 1000, 0.001);
      io.stderr(`checked ${checked} records (up to ${seq}), ${perSecond.toFixed(0)} records/s\n`);
    },
  });
  if (args.flags.has('json')) {
    io.stdout(`${JSON.stringify(result)}\n`);
  } else if (result.ok) {
    const head = result.head ? `, head ${result.head.seq} ${result.head.hash}` : ' (the trail is empty)';
    const copies = external ? `; ${external.length} checkpoints of ${against} match it` : '';
    io.stdout(`audit trail intact: ${result.checked} records checked${head}${copies}\n`);
  } else {
    const broken = result.firstBrokenAt!;
    const by = broken.source === 'external' ? `, found by a checkpoint of ${against}` : '';
    io.stdout(
      `audit trail BROKEN at record ${broken.seq}: ${broken.reason}${by} ` +
        `(${result.checked} records intact before it)\n`,
    );
  }
  if (keys.length === 0) io.stderr('no audit public key: signed checkpoints could not be checked\n');
  return result.ok ? EXIT_OK : EXIT_FAILED;
}

/** The copies of the checkpoints kept outside the database: JSON lines, as the service writes them. */
async function externalCheckpoints(file: string): Promise<AuditCheckpoint[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`--against ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return parseAuditCheckpointLines(text);
  } catch (error) {
    throw new Error(`--against ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The keys given, else the service's signing key, else the development key when it exists. */
async function publicKeys(context: CliContext, files: readonly string[]): Promise<KeyObject[]> {
  if (files.length > 0)
    return Promise.all(files.map(async (file) => auditPublicKeyFromPem(await readFile(file, 'utf8'))));
  if (context.config.auditSigningKeyFile)
    return [(await loadAuditSigningKey(context.config.auditSigningKeyFile)).publicKey];
  // Verifying never makes a key: a missing development key only means there is nothing to check with.
  const development = join(context.config.dataDir, DEVELOPMENT_AUDIT_KEY_FILE);
  return existsSync(development) ? [(await loadAuditSigningKey(development)).publicKey] : [];
}
