#!/usr/bin/env node
import 'reflect-metadata';
import { AUDIT_EXPORT_ARGUMENTS, auditExport, parseExportFilters } from './commands/audit-export';
import { AUDIT_VERIFY_ARGUMENTS, auditVerify } from './commands/audit-verify';
import { openCliContext, type CliContext } from './commands/cli-context';
import { EXIT_FAILED, EXIT_IN_USE, EXIT_OK, EXIT_USAGE, type CliIo } from './commands/cli-io';
import { EMBEDDED_STORE_IN_USE_ADVICE } from './commands/embedded-store-in-use';
import { packageVersion } from './commands/package-version';
import { DataDirInUseError } from '../infrastructure/sql/data-dir-lock';
import { parseArguments, type ArgumentSpec, type ParsedArguments } from './commands/parse-arguments';
import { PROJECTIONS_LIST_ARGUMENTS, projectionsList } from './commands/projections-list';
import {
  PROJECTIONS_REBUILD_ARGUMENTS,
  projectionsRebuild,
  rebuildTargets,
} from './commands/projections-rebuild';
import { parseReplay, REPLAY_ARGUMENTS, replay } from './commands/replay';
import { commandUsage, USAGE } from './commands/usage';
import { UsageError } from './commands/usage-error';

export type { CliIo } from './commands/cli-io';

interface Command {
  readonly spec: ArgumentSpec;
  /** Positional arguments after the command's words. */
  readonly positionals: number;
  /** Checks the arguments before the database is opened (usage errors come first). */
  readonly check?: (args: ParsedArguments) => unknown;
  readonly run: (context: CliContext, args: ParsedArguments, io: CliIo) => Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  'audit verify': { spec: AUDIT_VERIFY_ARGUMENTS, positionals: 0, run: auditVerify },
  'audit export': {
    spec: AUDIT_EXPORT_ARGUMENTS,
    positionals: 0,
    check: parseExportFilters,
    run: auditExport,
  },
  'projections list': { spec: PROJECTIONS_LIST_ARGUMENTS, positionals: 0, run: projectionsList },
  'projections rebuild': {
    spec: PROJECTIONS_REBUILD_ARGUMENTS,
    positionals: 1,
    check: rebuildTargets,
    run: projectionsRebuild,
  },
  replay: { spec: REPLAY_ARGUMENTS, positionals: 0, check: parseReplay, run: replay },
};

/**
 * Runs one `numlink` command and answers its exit code: 0 done, 1 a finding or a failure, 2 bad
 * arguments, 3 the embedded store is in use. Writes only through `io`; never starts the HTTP server or
 * the service's background jobs.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [first] = argv;
  if (argv.length === 1 && (first === '--help' || first === '-h' || first === 'help')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (argv.length === 1 && (first === '--version' || first === '-V')) {
    io.stdout(`numlink ${packageVersion()}\n`);
    return EXIT_OK;
  }
  let name: string | undefined;
  let command: Command;
  let args: ParsedArguments;
  try {
    const words = argv.slice(0, 2).join(' ');
    name = COMMANDS[words] ? words : first !== undefined && COMMANDS[first] ? first : undefined;
    if (name === undefined)
      throw new UsageError(argv.length === 0 ? 'no command given' : `unknown command: ${words}`);
    command = COMMANDS[name]!;
    args = parseArguments(argv.slice(name.split(' ').length), command.spec);
    if (args.flags.has('help')) {
      io.stdout(commandUsage(name));
      return EXIT_OK;
    }
    if (args.positionals.length > command.positionals)
      throw new UsageError(`unexpected argument: ${args.positionals[command.positionals]}`);
    command.check?.(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // Short: the message and where the usage is, not the whole usage.
    io.stderr(`numlink: ${error.message}\nTry 'numlink ${name ? `${name} ` : ''}--help'.\n`);
    return EXIT_USAGE;
  }
  let context: CliContext | undefined;
  try {
    context = await openCliContext(io);
    return await command.run(context, args, io);
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      io.stderr(`numlink: ${error.message}\n${EMBEDDED_STORE_IN_USE_ADVICE}`);
      return EXIT_IN_USE;
    }
    io.stderr(`numlink: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  } finally {
    await context?.close();
  }
}

if (require.main === module) {
  run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = EXIT_FAILED;
    },
  );
}
