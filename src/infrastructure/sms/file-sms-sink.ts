import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SmsSender, type Sms } from '../../application/ports/sms-sender';

interface PendingLine {
  readonly line: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * `NUMLINK_SMS_SINK=file:<path>`: the development SMS gateway, one JSON line `{to, text, requestId, sentAt}`
 * per message. Appends are serialised in-process and batched, so lines never interleave and a burst
 * costs few writes: the first write waits for the end of the turn, so the SMS the dispatcher hands on
 * together go in one (each append is three trips through the thread pool, a turn of the event loop
 * each: under load, writing a batch's first line alone kept the rest of it waiting that long again),
 * and whatever queues during a write goes in the next. The file is opened per write, so it may be
 * removed or rotated at any time.
 */
export class FileSmsSink extends SmsSender {
  private queue: PendingLine[] = [];
  private flushing = false;
  private directoryReady: Promise<unknown> | undefined;

  constructor(readonly path: string) {
    super();
  }

  override send(sms: Sms): Promise<void> {
    const { to, text, requestId, sentAt } = sms;
    const line = `${JSON.stringify({ to, text, requestId, sentAt })}\n`;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      if (this.flushing) return;
      this.flushing = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.append(batch.map((pending) => pending.line).join(''));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.flushing = false;
  }

  private async append(data: string): Promise<void> {
    this.directoryReady ??= mkdir(dirname(this.path), { recursive: true }).catch((error: unknown) => {
      this.directoryReady = undefined;
      throw error;
    });
    await this.directoryReady;
    try {
      await appendFile(this.path, data, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // The directory was removed since: make it again, once.
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, data, 'utf8');
    }
  }
}
