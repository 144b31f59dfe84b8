import { ConfigError, ConfigErrors } from '../config/config';

/** What start-up was doing when it failed, in an operator's words. */
export type StartupStage = 'configuration' | 'database' | 'http';

/**
 * One clear sentence for a start-up failure (and the fields of its one JSON log line): every bad
 * setting at once, the port in use, the database that cannot be reached.
 */
export function describeStartupFailure(
  stage: StartupStage,
  error: unknown,
  port: number | undefined,
): { readonly message: string; readonly fields: Record<string, unknown> } {
  if (error instanceof ConfigError) {
    const problems = error instanceof ConfigErrors ? error.errors : [error];
    return {
      message: `numlink cannot start: bad configuration: ${problems.map((p) => p.message).join('; ')}`,
      fields: { stage: 'configuration', variables: problems.map((p) => p.variable) },
    };
  }
  const code = (error as { code?: unknown } | null)?.code;
  // A refused connection to a name with several addresses is an AggregateError with no message.
  const reason = (error instanceof Error ? error.message : String(error)) || String(code ?? 'unknown error');
  if (stage === 'http' && code === 'EADDRINUSE') {
    return {
      message: `numlink cannot start: port ${port ?? '?'} is in use (NUMLINK_PORT)`,
      fields: { stage, code },
    };
  }
  if (stage === 'database') {
    return {
      message: `numlink cannot start: cannot open the database or the adapters: ${reason}`,
      fields: { stage, ...(typeof code === 'string' ? { code } : {}) },
    };
  }
  return { message: `numlink cannot start: ${reason}`, fields: { stage, err: error } };
}
