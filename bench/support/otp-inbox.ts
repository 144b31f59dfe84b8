import { setTimeout as sleep } from 'node:timers/promises';
import { otpInSmsText } from '../../src/application/sms-text';
import { SmsSinkTail } from '../../src/infrastructure/sms/sms-sink-reader';

/**
 * Hands each flow its OTP as soon as the service's SMS dispatcher has written it: one poll loop over the
 * sink file for all waiting flows (every 2 ms while any waits), rather than one per flow.
 */
export class OtpInbox {
  private readonly tail: SmsSinkTail;
  private readonly waiting = new Map<
    string,
    { resolve: (otp: string) => void; reject: (e: Error) => void }
  >();
  private pumping = false;

  constructor(sinkPath: string) {
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

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.size > 0) {
        await this.tail.poll();
        for (const [requestId, waiter] of this.waiting) {
          const sms = this.tail.latestFor(requestId);
          if (!sms) continue;
          this.waiting.delete(requestId);
          const otp = otpInSmsText(sms.text);
          if (otp === undefined) waiter.reject(new Error('an SMS carries no code'));
          else waiter.resolve(otp);
        }
        if (this.waiting.size > 0) await sleep(2);
      }
    } catch (error) {
      for (const waiter of this.waiting.values()) waiter.reject(error as Error);
      this.waiting.clear();
    } finally {
      this.pumping = false;
    }
  }
}
