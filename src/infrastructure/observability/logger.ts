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

const PHONE_LIKE = /(?<!\d)(\+?7|8)[\s(-]*7\d{2}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)/g;
const IIN_LIKE = /(?<!\d)\d{12}(?!\d)/g;
/** OTP codes are six digits; any other long run of digits may be a number written without separators. */
const DIGIT_RUN = /(?<!\d)\d{6,}(?!\d)/g;

/** Masks IIN-, phone- and OTP-shaped runs in free text (messages, error texts), glued to letters or not. */
export function scrubPersonalData(text: string): string {
  return text.replace(PHONE_LIKE, '[phone]').replace(IIN_LIKE, '[iin]').replace(DIGIT_RUN, '[digits]');
}

/** An error as the log shows it: these fields only, whatever else the error carries. */
export interface LoggedError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string | number;
  readonly cause?: LoggedError;
}

/** Causes beyond this depth are cut: a chain (or a loop) of causes never makes an unbounded line. */
const MAX_CAUSES = 4;
const MAX_MESSAGE = 1_000;
const MAX_STACK = 4_000;

const bounded = (text: string, max: number) =>
  scrubPersonalData(text.length > max ? `${text.slice(0, max)}…` : text);

/** A property read that cannot throw (getters of hostile or broken errors). */
function read(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function isErrorLike(value: unknown): value is object {
  return (
    value instanceof Error ||
    (typeof value === 'object' && value !== null && typeof read(value, 'message') === 'string')
  );
}

/**
 * The error serializer: an allow-list (type, message, stack, code, a bounded chain of causes), free
 * text scrubbed. Driver errors carry the query's parameters and rows' values (`params`, `detail`,
 * `where`); no unknown field is ever copied, so none of them reaches the log (SPEC R15).
 */
export function serializeError(error: unknown, depth = 0): LoggedError {
  if (!isErrorLike(error)) {
    switch (typeof error) {
      case 'string':
        return { type: 'thrown string', message: bounded(error, MAX_MESSAGE) };
      case 'number':
      case 'boolean':
      case 'bigint':
        return { type: `thrown ${typeof error}`, message: bounded(String(error), MAX_MESSAGE) };
      case 'undefined':
        return { type: 'thrown undefined', message: 'undefined' };
      default:
        // An object's fields are unknown fields: none is copied.
        return {
          type: `thrown ${error === null ? 'null' : Array.isArray(error) ? 'array' : typeof error}`,
          message: '',
        };
    }
  }
  const name = read(error, 'name');
  const message = read(error, 'message');
  const stack = read(error, 'stack');
  const code = read(error, 'code');
  const cause = read(error, 'cause');
  return {
    type: bounded(typeof name === 'string' ? name : 'Error', 100),
    message: typeof message === 'string' ? bounded(message, MAX_MESSAGE) : '',
    ...(typeof stack === 'string' ? { stack: bounded(stack, MAX_STACK) } : {}),
    ...(typeof code === 'string' ? { code: bounded(code, 100) } : typeof code === 'number' ? { code } : {}),
    ...(cause !== undefined && depth < MAX_CAUSES ? { cause: serializeError(cause, depth + 1) } : {}),
  };
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
        // `logger.error(error)` would make the error's own message the line's `msg`: log it as `err`.
        const [first, ...rest] = args as unknown[];
        const normalized = isErrorLike(first)
          ? [
              { err: first },
              typeof rest[0] === 'string' ? rest[0] : serializeError(first).message,
              ...rest.slice(1),
            ]
          : args;
        const scrubbed = normalized.map((arg) =>
          typeof arg === 'string'
            ? scrubPersonalData(arg)
            : typeof arg === 'number' || typeof arg === 'bigint'
              ? scrubPersonalData(String(arg))
              : arg,
        );
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
    serializers: { err: (error: unknown) => serializeError(error) },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
