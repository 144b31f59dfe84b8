import { SmsSender, type Sms } from '../../application/ports/sms-sender';
import type { Metrics } from '../observability/metrics';

/** Counts every SMS handed on (`numlink_sms_total{outcome="sent"|"failed"}`); a failure still throws. */
export class MeteredSmsSender extends SmsSender {
  constructor(
    private readonly inner: SmsSender,
    private readonly metrics: Metrics,
  ) {
    super();
  }

  async send(sms: Sms): Promise<void> {
    try {
      await this.inner.send(sms);
    } catch (error) {
      this.metrics.sms.inc({ outcome: 'failed' });
      throw error;
    }
    this.metrics.sms.inc({ outcome: 'sent' });
  }
}
