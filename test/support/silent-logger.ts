import { createLogger, type Logger } from '../../src/infrastructure/observability/logger';

/** A real logger whose lines tests can read (`lines`), written nowhere else. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { logger, lines };
}
