import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error';

export interface ParsedArguments {
  readonly positionals: readonly string[];
  /** Each option's values, in the order given (`--public-key` may repeat). */
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
}

/** What a command accepts: options that take a value, and flags that do not. */
export interface ArgumentSpec {
  readonly options?: readonly string[];
  readonly flags?: readonly string[];
}

/** Flags every command takes: `--json` (output as JSON) and `--help`/`-h`. */
export const COMMON_FLAGS = ['json', 'help'] as const;

/**
 * `node:util` parseArgs in strict mode (`--name value`, `--name=value`, `--flag`, `--` ends the
 * options); its errors become short usage errors (exit 2).
 */
export function parseArguments(argv: readonly string[], spec: ArgumentSpec): ParsedArguments {
  const options: NonNullable<ParseArgsConfig['options']> = {
    help: { type: 'boolean', short: 'h' },
    json: { type: 'boolean' },
  };
  for (const name of spec.flags ?? []) options[name] = { type: 'boolean' };
  for (const name of spec.options ?? []) options[name] = { type: 'string', multiple: true };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(parseErrorMessage(error));
  }
  const values = new Map<string, readonly string[]>();
  const flags = new Set<string>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === true) flags.add(name);
    else if (Array.isArray(value)) {
      if (value.some((v) => v === '')) throw new UsageError(`--${name} needs a value`);
      values.set(
        name,
        value.filter((v): v is string => typeof v === 'string'),
      );
    }
  }
  return { positionals: parsed.positionals, options: values, flags };
}

/** parseArgs explains at length; the CLI says it in one line. */
function parseErrorMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' <]+)/.exec(message)?.[1] ?? 'an option';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return message.includes('does not take an argument')
      ? `${option} takes no value`
      : `${option} needs a value`;
  if (error instanceof TypeError) return message.split('\n')[0] ?? message;
  throw error;
}

/** The one value of an option (the last one when repeated), or undefined. */
export function optionValue(args: ParsedArguments, name: string): string | undefined {
  return args.options.get(name)?.at(-1);
}

export function requiredOption(args: ParsedArguments, name: string): string {
  const value = optionValue(args, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}
