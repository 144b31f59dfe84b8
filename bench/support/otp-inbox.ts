import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { otpInSmsText } from '../../src/application/sms-text';
import { SmsSinkTail } from '../../src/infrastructure/sms/sms-sink-reader';

/** How long a waiting flow goes without a look at the sink when no change is signalled (a missed event). */
const FALLBACK_POLL_MS = 25;
/** Without a watch (the sink's folder cannot be watched), the sink is read this often while a flow waits. */
const POLL_MS = 2;

/**
 * Hands each flow its OTP as soon as the service's SMS dispatcher has written it: one loop over the
 * sink file for all waiting flows, woken by a watch on the sink's folder (inotify), so it reads the
 * file once per write of the service rather than on a timer. Polling every 2 ms cost this generator a
 * third of its CPU on the cores it shares with the service and PostgreSQL (open, stat, read and close
 * 500 times a second, most of them finding nothing).
 */
export class OtpInbox {
  private readonly tail: SmsSinkTail;
  private readonly waiting = new Map<
    string,
    { resolve: (otp: string) => void; reject: (e: Error) => void }
  >();
  private pumping = false;
  private watcher: FSWatcher | undefined;
  /** The sink changed since the loop last read it (or may have: nothing read yet). */
  private changed = true;
  private wake: (() => void) | undefined;

  constructor(private readonly sinkPath: string) {
    this.tail = new SmsSinkTail(sinkPath);
  }

  waitFor(requestId: string, timeoutMs = 60_000): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new Error(`no SMS within ${timeoutMs} ms for a request`));
      }, timeoutMs);
      this.waiting.set(requestId, {
        resolve: (otp) => {
          clearTimeout(timer);
          resolve(otp);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      void this.pump();
    });
  }

  /** Stops watching the sink's folder (the watch never keeps the process alive either way). */
  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.size > 0) {
        this.watchSink();
        // Cleared before the read: a write signalled while reading makes the next round read at once.
        this.changed = false;
        await this.tail.poll();
        for (const [requestId, waiter] of this.waiting) {
          const sms = this.tail.latestFor(requestId);
          if (!sms) continue;
          this.waiting.delete(requestId);
          const otp = otpInSmsText(sms.text);
          if (otp === undefined) waiter.reject(new Error('an SMS carries no code'));
          else waiter.resolve(otp);
        }
        if (this.waiting.size > 0) await this.nextChange();
      }
    } catch (error) {
      for (const waiter of this.waiting.values()) waiter.reject(error as Error);
      this.waiting.clear();
    } finally {
      this.pumping = false;
    }
  }

  /** Watches the sink's folder, not the file: the file may not exist yet, or be replaced. */
  private watchSink(): void {
    if (this.watcher) return;
    const file = basename(this.sinkPath);
    try {
      this.watcher = watch(dirname(this.sinkPath), { persistent: false }, (_event, name) => {
        if (name === null || name === file) this.signal();
      });
    } catch {
      return; // no folder yet: the loop polls until there is one
    }
    this.watcher.on('error', () => this.close());
  }

  private signal(): void {
    this.changed = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Resolves when the sink changes, or after a while in case a change went unsignalled. */
  private nextChange(): Promise<void> {
    if (this.changed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          this.wake = undefined;
          resolve();
        },
        this.watcher ? FALLBACK_POLL_MS : POLL_MS,
      );
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
