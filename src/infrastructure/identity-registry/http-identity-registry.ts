import { setTimeout as sleep } from 'node:timers/promises';
import {
  IdentityRegistry,
  IdentityRegistryUnavailableError,
  type IdentityCheck,
} from '../../application/ports/identity-registry';
import type { Iin } from '../../domain/shared/iin';
import { boundedBody } from '../outbound-http/bounded-body';
import { identityCheckOf, parseRegistryPerson } from './registry-person';

export interface HttpIdentityRegistryOptions {
  /** `NUMLINK_IDENTITY_REGISTRY_URL`: persons are at `{baseUrl}/persons/{iin}`. */
  readonly baseUrl: string;
  /** How long one attempt may take, body included. */
  readonly timeoutMs?: number;
  /** Attempts in all, when the registry is unreachable or answers 5xx. */
  readonly attempts?: number;
  /** The wait before the second attempt; it doubles before each next one. */
  readonly backoffMs?: number;
  /** Extra request headers (the gateway's credentials, for example). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The largest answer read; a person's record is about a hundred bytes. */
  readonly maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 64 * 1024;

type Attempt =
  | { readonly kind: 'answer'; readonly check: IdentityCheck }
  | { readonly kind: 'failure'; readonly why: string; readonly retry: boolean };

/**
 * The identity registry behind the e-government gateway (Annex 9.1): `GET {base}/persons/{iin}` answers
 * `{iin, status, documentsValid}`, or 404 for an unknown IIN. Network errors and 5xx are retried with
 * a short backoff; 4xx are not, nor is a timeout (a registry that hangs once is likely to hang again,
 * and the citizen is waiting). Node's global fetch keeps connections alive between checks. Nothing here
 * logs, and no error message holds the IIN.
 */
export class HttpIdentityRegistry extends IdentityRegistry {
  private readonly baseUrl: string;
  private readonly origin: string;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxBytes: number;
  private readonly headers: Readonly<Record<string, string>>;

  constructor(options: HttpIdentityRegistryOptions) {
    super();
    this.origin = new URL(options.baseUrl).origin; // throws on a malformed URL
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.backoffMs = options.backoffMs ?? 50;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.headers = { accept: 'application/json', ...options.headers };
  }

  override async check(iin: Iin): Promise<IdentityCheck> {
    const url = `${this.baseUrl}/persons/${encodeURIComponent(iin)}`;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(url, iin);
      if (outcome.kind === 'answer') return outcome.check;
      if (!outcome.retry || attempt >= this.attempts) {
        const tries = attempt === 1 ? '' : ` after ${attempt} attempts`;
        throw new IdentityRegistryUnavailableError(
          `identity registry at ${this.origin} ${outcome.why}${tries}`,
        );
      }
      await sleep(this.backoffMs * 2 ** (attempt - 1));
    }
  }

  private async attempt(url: string, iin: Iin): Promise<Attempt> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      // No redirects: the path holds the IIN, and it must not follow a redirect to another host.
      const response = await fetch(url, {
        headers: this.headers,
        signal: controller.signal,
        redirect: 'manual',
      });
      if (response.status === 404) {
        await discardBody(response, this.maxBytes);
        return { kind: 'answer', check: identityCheckOf(undefined) };
      }
      if (!response.ok) {
        await discardBody(response, this.maxBytes);
        return { kind: 'failure', why: `answered HTTP ${response.status}`, retry: response.status >= 500 };
      }
      const body = await boundedBody(response, this.maxBytes);
      if (body === undefined)
        return { kind: 'failure', why: `answered more than ${this.maxBytes} bytes`, retry: false };
      const person = parseRegistryPerson(parseJson(body.toString('utf8')));
      if (!person || person.iin !== iin) {
        return { kind: 'failure', why: 'answered something other than the person asked for', retry: false };
      }
      return { kind: 'answer', check: identityCheckOf(person) };
    } catch (error) {
      if (controller.signal.aborted) {
        return { kind: 'failure', why: `did not answer within ${this.timeoutMs} ms`, retry: false };
      }
      return { kind: 'failure', why: `is unreachable (${networkErrorCode(error)})`, retry: true };
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A body that is not used, read up to the cap (the connection is then reused for the next check); past
 * it the stream is cancelled, so an endless body cannot fill the heap.
 */
async function discardBody(response: Response, maxBytes: number): Promise<void> {
  await boundedBody(response, maxBytes).catch(() => undefined);
}

/**
 * undici reports `TypeError: fetch failed` with the socket error (ECONNREFUSED, ...) as its cause. Read
 * by shape, not `instanceof`: the error may come from another realm (a VM context).
 */
function networkErrorCode(error: unknown): string {
  const field = (value: unknown, name: string): unknown =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
  const code = field(field(error, 'cause'), 'code');
  if (typeof code === 'string') return code;
  const name = field(error, 'name');
  return typeof name === 'string' ? name : 'unknown error';
}
