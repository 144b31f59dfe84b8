import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line written while serving one HTTP request carries. */
export interface RequestScope {
  readonly requestId: string;
}

/** The request being served, for the logger (set by the HTTP layer around each request). */
export const requestScope = new AsyncLocalStorage<RequestScope>();

/** Ids a caller may send: short, with no characters that could forge a log line or a header. */
const SAFE_ID = /^[\w.:-]{1,128}$/;

/** The request's id: the caller's `X-Request-Id` or `X-Correlation-Id` when usable, else a new UUID. */
export function requestIdFrom(headers: Readonly<Record<string, string | string[] | undefined>>): string {
  for (const name of ['x-request-id', 'x-correlation-id']) {
    const value = headers[name];
    if (typeof value === 'string' && SAFE_ID.test(value)) return value;
  }
  return randomUUID();
}
