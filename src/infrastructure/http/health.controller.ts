import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract } from './openapi/api-contract';
import type { FastifyReply } from 'fastify';
import { EventStore } from '../../application/ports/event-store';
import { Clock } from '../../application/ports/clock';
import { toMillis } from '../../domain/shared/instant';
import { ProjectionRunner } from '../../projections/runtime/projection-runner';
import { Metrics } from '../observability/metrics';
import { Lifecycle } from '../runtime/lifecycle';
import { TransactionHorizon } from '../sql/transaction-horizon';
import { Public } from './auth/roles.decorator';

/** A projection that has neither progressed nor found itself at the head for this long is stalled. */
const STALLED_AFTER_MS = 30_000;

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
    private readonly lifecycle: Lifecycle,
    private readonly horizon: TransactionHorizon,
  ) {}

  @Get('health/live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiContract({ public: true, answers: [{ status: 200, description: 'Alive', schema: 'Liveness' }] })
  live() {
    return { status: 'ok' };
  }

  /**
   * Ready: not shutting down, the store answers and no active projection is stalled. A long transaction
   * holding the global order back shows as `degraded` (still ready: this instance can do nothing about it).
   */
  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: the store answers and no projection is stalled' })
  @ApiContract({
    public: true,
    answers: [
      { status: 200, description: 'Ready', schema: 'Readiness' },
      { status: 503, description: 'Not ready: see `checks`', schema: 'Readiness' },
    ],
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const checks: Record<string, string> = {};
    if (this.lifecycle.draining) checks.lifecycle = 'shutting_down';
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
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiContract({
    public: true,
    answers: [{ status: 200, description: 'Metrics', schema: { type: 'string' }, mediaType: 'text/plain' }],
  })
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
