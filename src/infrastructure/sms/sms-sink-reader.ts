import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** One line of the file SMS sink, as written by `FileSmsSink`. */
export interface SentSms {
  readonly to: string;
  readonly text: string;
  readonly requestId: string;
  readonly sentAt: string;
}

export interface WaitForSmsOptions {
  /** Wait until at least this many messages for the request are in the sink (a resend makes a second). */
  readonly count?: number;
  readonly timeoutMs?: number;
  readonly pollMs?: number;
}

const NEWLINE = 0x0a;

/**
 * Follows a file SMS sink from where it last read, indexing messages by request id, so that a test or the
 * benchmark can read each OTP back without re-reading the whole file. A line still being written (no
 * newline yet) waits for the next poll.
 */
export class SmsSinkTail {
  private offset = 0;
  private partial: Buffer = Buffer.alloc(0);
  private readonly all: SentSms[] = [];
  private readonly byRequest = new Map<string, SentSms[]>();
  private polling: Promise<void> | undefined;

  constructor(readonly path: string) {}

  /** Reads what was appended since the last poll. A missing file reads as empty. */
  poll(): Promise<void> {
    this.polling ??= this.readNew().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  messages(): readonly SentSms[] {
    return this.all;
  }

  messagesFor(requestId: string): readonly SentSms[] {
    return this.byRequest.get(requestId) ?? [];
  }

  latestFor(requestId: string): SentSms | undefined {
    return this.messagesFor(requestId).at(-1);
  }

  /** The latest message for the request once at least `count` (default 1) are there; rejects on timeout. */
  async waitFor(requestId: string, options: WaitForSmsOptions = {}): Promise<SentSms> {
    const { count = 1, timeoutMs = 5_000, pollMs = 20 } = options;
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      await this.poll();
      const found = this.messagesFor(requestId);
      if (found.length >= count) return found[found.length - 1]!;
      if (performance.now() >= deadline) {
        throw new Error(`no SMS #${count} for request ${requestId} in ${this.path} within ${timeoutMs} ms`);
      }
      await sleep(pollMs);
    }
  }

  private async readNew(): Promise<void> {
    let file;
    try {
      file = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const { size } = await file.stat();
      if (size < this.offset) this.restart(); // truncated or replaced: read it again from the top
      if (size === this.offset) return;
      const chunk = Buffer.alloc(size - this.offset);
      const { bytesRead } = await file.read(chunk, 0, chunk.length, this.offset);
      this.offset += bytesRead;
      this.take(Buffer.concat([this.partial, chunk.subarray(0, bytesRead)]));
    } finally {
      await file.close();
    }
  }

  private take(bytes: Buffer): void {
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
      const line = bytes.subarray(start, end).toString('utf8');
      start = end + 1;
      if (line.trim() === '') continue;
      this.record(parseLine(line, this.path));
    }
    this.partial = Buffer.from(bytes.subarray(start));
  }

  private record(sms: SentSms): void {
    this.all.push(sms);
    const forRequest = this.byRequest.get(sms.requestId);
    if (forRequest) forRequest.push(sms);
    else this.byRequest.set(sms.requestId, [sms]);
  }

  private restart(): void {
    this.offset = 0;
    this.partial = Buffer.alloc(0);
    this.all.length = 0;
    this.byRequest.clear();
  }
}

function parseLine(line: string, path: string): SentSms {
  const value: unknown = JSON.parse(line);
  if (
    typeof value === 'object' &&
    value !== null &&
    'to' in value &&
    typeof value.to === 'string' &&
    'text' in value &&
    typeof value.text === 'string' &&
    'requestId' in value &&
    typeof value.requestId === 'string' &&
    'sentAt' in value &&
    typeof value.sentAt === 'string'
  ) {
    return { to: value.to, text: value.text, requestId: value.requestId, sentAt: value.sentAt };
  }
  throw new Error(`a line of the SMS sink ${path} is not {to, text, requestId, sentAt}`);
}

/** Every message in the sink, in the order written. */
export async function readSmsSink(path: string): Promise<SentSms[]> {
  const tail = new SmsSinkTail(path);
  await tail.poll();
  return [...tail.messages()];
}

/** The last message sent for a request (after a resend: the one with the valid code), or undefined. */
export async function findLatestSms(path: string, requestId: string): Promise<SentSms | undefined> {
  const tail = new SmsSinkTail(path);
  await tail.poll();
  return tail.latestFor(requestId);
}

/** Polls the sink until the request's message (the `count`th, default the first) is there. */
export function waitForSms(path: string, requestId: string, options?: WaitForSmsOptions): Promise<SentSms> {
  return new SmsSinkTail(path).waitFor(requestId, options);
}
