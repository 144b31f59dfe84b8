import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../application/ports/clock';
import { toMillis } from '../../../domain/shared/instant';
import type { Principal } from '../auth/principal';

/** A person signed in to the console: their API key stays here, on the server, never in the browser. */
export interface ConsoleSession {
  readonly id: string;
  readonly apiKey: string;
  readonly principal: Principal;
  /** The synchronizer token every form of this session carries (CSRF). */
  readonly csrfToken: string;
  lastSeenMs: number;
}

const token = (): string => randomBytes(32).toString('base64url');

/** Equal tokens, compared in constant time; anything but two strings is not a token. */
export function sameToken(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Server-side console sessions, in this process's memory: a restart signs everyone out, and several
 * instances behind one address need sticky sessions. A session idle longer than `idleMs` is gone.
 */
export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(
    private readonly clock: Clock,
    readonly idleMs: number,
    private readonly maxSessions = 10_000,
  ) {}

  open(apiKey: string, principal: Principal): ConsoleSession {
    this.sweep();
    if (this.sessions.size >= this.maxSessions) {
      const oldest = [...this.sessions.values()].sort((a, b) => a.lastSeenMs - b.lastSeenMs)[0];
      if (oldest) this.sessions.delete(oldest.id);
    }
    const session: ConsoleSession = {
      id: token(),
      apiKey,
      principal,
      csrfToken: token(),
      lastSeenMs: this.now(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, its idle clock restarted; undefined when unknown or idle too long. */
  find(id: string | undefined): ConsoleSession | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.now();
    if (now - session.lastSeenMs > this.idleMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenMs = now;
    return session;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) {
      if (now - session.lastSeenMs > this.idleMs) this.sessions.delete(id);
    }
  }

  private now(): number {
    return toMillis(this.clock.now());
  }
}

export const newFormToken = token;
