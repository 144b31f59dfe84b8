import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Clock } from './application/ports/clock';
import { EventStore } from './application/ports/event-store';
import { ApiKeyGuard } from './infrastructure/http/auth/api-key.guard';
import { ApiKeys } from './infrastructure/http/auth/api-keys';
import { HealthController } from './infrastructure/http/health.controller';
import { Metrics } from './infrastructure/observability/metrics';
import type { Runtime } from './infrastructure/runtime/runtime';
import { ProjectionRunner } from './projections/runtime/projection-runner';

export const LOGGER = Symbol('Logger');
export const CONFIG = Symbol('Config');
export const SQL_DATABASE = Symbol('SqlDatabase');

/**
 * The Nest module over a built runtime: the adapters are made once in `buildRuntime` and handed in as
 * values. `@nestjs/cqrs` serves only as the in-process command and query dispatcher.
 */
@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [HealthController],
      providers: [
        { provide: CONFIG, useValue: runtime.config },
        { provide: LOGGER, useValue: runtime.logger },
        { provide: SQL_DATABASE, useValue: runtime.db },
        { provide: Metrics, useValue: runtime.metrics },
        { provide: Clock, useValue: runtime.clock },
        { provide: EventStore, useValue: runtime.store },
        { provide: ProjectionRunner, useValue: runtime.projections },
        { provide: ApiKeys, useValue: runtime.apiKeys },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
    };
  }
}
