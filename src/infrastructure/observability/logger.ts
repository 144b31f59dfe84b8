import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger, type LoggerOptions } from 'pino';
import { requestScope } from './request-scope';

export type { Logger };

const PERSONAL_KEYS = [
  'iin',
  'phone',
  'to',
  'otp',
  'token',
  'biometricToken',
  'signature',
  'dataToSign',
  'authorization',
  'text',
];

/** Redaction paths for personal data wherever it sits, up to three levels deep. */
export const REDACTED_PATHS = PERSONAL_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

const IIN_LIKE = /\b\d{12}\b/g;
const PHONE_LIKE = /(\+?7|8)[\s(-]*7\d{2}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b/g;
const SIX_DIGITS = /\b\d{6}\b/g;

/** Masks IIN-, phone- and OTP-shaped runs in free text (messages, error texts). */
export function scrubPersonalData(text: string): string {
  return text.replace(PHONE_LIKE, '[phone]').replace(IIN_LIKE, '[iin]').replace(SIX_DIGITS, '[digits]');
}

/**
 * The one logger: JSON lines (pino), personal data redacted by key and scrubbed from free text.
 * IIN, phone numbers and OTP codes never reach the log (SPEC R15).
 */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? process.env.NUMLINK_LOG_LEVEL ?? 'info',
    base: { service: 'numlink' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Every line written while serving a request names it; within a trace, the trace too.
    mixin() {
      const scope = requestScope.getStore();
      const span = trace.getActiveSpan()?.spanContext();
      return {
        ...(scope ? { requestId: scope.requestId } : {}),
        ...(span && isSpanContextValid(span) ? { traceId: span.traceId } : {}),
      };
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubPersonalData(arg) : arg));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (error: unknown) => {
        const serialized = pino.stdSerializers.err(error as Error);
        return {
          ...serialized,
          message: scrubPersonalData(serialized.message),
          stack: scrubPersonalData(serialized.stack),
        };
      },
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
