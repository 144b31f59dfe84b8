import { boundedBody } from '../../outbound-http/bounded-body';

/** Limits for talking to an outside responder that may be slow or hostile. */
export interface FetchLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/** Why a responder gave no usable answer; never the citizen's fault (SPEC §8). */
export class ResponderUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ResponderUnavailable';
  }
}

/**
 * One HTTP exchange with a deadline for the whole answer and a cap on its size: a responder that
 * trickles bytes or sends gigabytes is cut off, not waited for.
 */
export async function boundedFetch(
  url: string,
  limits: FetchLimits,
  init: { method?: 'GET' | 'POST'; body?: Uint8Array; contentType?: string; accept?: string } = {},
): Promise<{ status: number; contentType: string; body: Buffer }> {
  const protocol = new URL(url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') throw new ResponderUnavailable('unsupported_url');
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      signal,
      redirect: 'error',
      headers: {
        ...(init.contentType === undefined ? {} : { 'content-type': init.contentType }),
        ...(init.accept === undefined ? {} : { accept: init.accept }),
      },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const body = await boundedBody(response, limits.maxBytes);
    if (body === undefined) throw new ResponderUnavailable('answer_too_large');
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body };
  } catch (error) {
    if (error instanceof ResponderUnavailable) throw error;
    throw new ResponderUnavailable(signal.aborted ? 'timeout' : 'unreachable');
  }
}
