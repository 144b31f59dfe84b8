import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ConsoleLanguage } from './console-words';
import type { ConsoleSession } from './console-sessions';

/** What the API answered a console call. */
export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/** The API's one error shape. */
export interface ApiRefusal {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: Record<string, unknown>;
  };
}

export const isRefusal = (answer: ApiAnswer): answer is ApiAnswer<ApiRefusal> => answer.status >= 400;

/**
 * The console is a client of the HTTP API, in-process: each call goes through the same routes, roles,
 * validation, idempotency and personal-data read records as a call with the person's key over the
 * network, and the refusals come back in the language the person reads.
 */
export class ConsoleApi {
  constructor(private readonly http: FastifyInstance) {}

  async call<T = unknown>(
    session: ConsoleSession,
    language: ConsoleLanguage,
    request: {
      readonly method: 'GET' | 'POST';
      readonly path: string;
      readonly query?: Readonly<Record<string, string | undefined>>;
      readonly body?: unknown;
      readonly idempotencyKey?: string;
    },
  ): Promise<ApiAnswer<T>> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== '') query.set(name, value);
    }
    const url = query.size > 0 ? `${request.path}?${query.toString()}` : request.path;
    const response = await this.http.inject({
      method: request.method,
      url,
      headers: {
        authorization: `Bearer ${session.apiKey}`,
        'accept-language': language,
        'x-correlation-id': `console-${randomUUID()}`,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey } : {}),
      },
      ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body) }),
    });
    let body: unknown;
    try {
      body = response.json();
    } catch {
      body = undefined;
    }
    return { status: response.statusCode, body: body as T };
  }
}
