import type { LoggerService } from '@nestjs/common';
import type { Logger } from '../observability/logger';

/** Nest's own messages go through the one logger. */
export class NestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown) {
    this.logger.debug({ source: 'nest' }, String(message));
  }
  error(message: unknown) {
    this.logger.error({ source: 'nest' }, String(message));
  }
  warn(message: unknown) {
    this.logger.warn({ source: 'nest' }, String(message));
  }
}
