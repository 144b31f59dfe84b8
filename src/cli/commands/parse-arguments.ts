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

/** Plain `--name value`, `--name=value` and `--flag` parsing; anything unknown is a usage error. */
export function parseArguments(argv: readonly string[], spec: ArgumentSpec): ParsedArguments {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    if (spec.flags?.includes(name)) {
      if (equals !== -1) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
      continue;
    }
    if (!spec.options?.includes(name)) throw new UsageError(`unknown option --${name}`);
    let value: string | undefined;
    if (equals !== -1) value = arg.slice(equals + 1);
    else {
      value = argv[i + 1];
      i += 1;
    }
    if (value === undefined || value === '' || value.startsWith('--'))
      throw new UsageError(`--${name} needs a value`);
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { positionals, options, flags };
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
