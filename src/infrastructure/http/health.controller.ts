import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EventStore } from '../../application/ports/event-store';
import { Clock } from '../../application/ports/clock';
import { toMillis } from '../../domain/shared/instant';
import { ProjectionRunner } from '../../projections/runtime/projection-runner';
import { Metrics } from '../observability/metrics';
import { TransactionHorizon } from '../sql/transaction-horizon';
import { Public } from './auth/roles.decorator';

/** A projection that has neither progressed nor found itself at the head for this long is stalled. */
const STALLED_AFTER_MS = 30_000;

@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
    private readonly horizon: TransactionHorizon,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /**
   * Ready: the store answers and no active projection is stalled. A long transaction holding the
   * global order back shows as `degraded` (still ready: this instance can do nothing about it).
   */
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const checks: Record<string, string> = {};
    checks.eventStore = (await this.storeAnswers()) ? 'ok' : 'unreachable';
    try {
      checks.transactions = (await this.horizon.check()).degraded ? 'degraded' : 'ok';
    } catch {
      checks.transactions = 'unknown';
    }
    try {
      const now = toMillis(this.clock.now());
      for (const status of await this.projections.status()) {
        const stalled = status.active && !status.caughtUp && now - status.lastProgressAt > STALLED_AFTER_MS;
        checks[`projection:${status.name}`] = stalled ? 'stalled' : status.active ? 'ok' : 'standby';
      }
    } catch {
      checks.projections = 'unknown';
    }
    const ready =
      checks.eventStore === 'ok' &&
      Object.values(checks).every((value) => ['ok', 'standby', 'degraded'].includes(value));
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks };
  }

  /** Answers even while the store is down: monitoring must see the outage, not an error page. */
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metricsText() {
    if (await this.storeAnswers()) {
      // Refreshes the lag and transaction gauges; a failure leaves their last values.
      await this.projections.status().catch(() => undefined);
      await this.horizon.check().catch(() => undefined);
    }
    return this.metrics.registry.metrics();
  }

  private async storeAnswers(): Promise<boolean> {
    try {
      await this.store.headPosition();
      this.metrics.eventStoreUp.set(1);
      return true;
    } catch {
      this.metrics.eventStoreUp.set(0);
      return false;
    }
  }
}
