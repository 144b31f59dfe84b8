import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AppealToCourtHandler } from './application/complaints/appeal-to-court';
import { ComplaintCalendar } from './application/complaints/complaint-calendar';
import { DecideComplaintHandler } from './application/complaints/decide-complaint';
import { ForwardComplaintHandler } from './application/complaints/forward-complaint';
import { RecordComplaintHandler } from './application/complaints/record-complaint';
import { RegisterComplaintHandler } from './application/complaints/register-complaint';
import { CheckBankNumberHandler } from './application/check-bank-number';
import { ConfirmNumberHandler } from './application/confirm-number';
import { DeciderCommandRunner } from './application/decider-command';
import { NumberRequestSettings } from './application/number-request-settings';
import { BiometricVerifier } from './application/ports/biometric-verifier';
import { Clock } from './application/ports/clock';
import { IdentityRegistry } from './application/ports/identity-registry';
import { OtpCodes } from './application/ports/otp-codes';
import { RateLimiter } from './application/ports/rate-limiter';
import { SignatureVerifier } from './application/ports/signature-verifier';
import { RequestOtpHandler } from './application/request-otp';
import { ResendOtpHandler } from './application/resend-otp';
import { EventLog, EventStore, EventStreams } from './application/ports/event-store';
import { UseCaseMetrics } from './application/ports/use-case-metrics';
import { LimitedAppender } from './application/ports/limited-appender';
import { KnownRequests } from './application/known-requests';
import { ApiKeyGuard } from './infrastructure/http/auth/api-key.guard';
import { ApiKeys } from './infrastructure/http/auth/api-keys';
import { ComplaintsController } from './infrastructure/http/complaints/complaints.controller';
import { BankChecksController } from './infrastructure/http/bank-checks/bank-checks.controller';
import { HealthController } from './infrastructure/http/health.controller';
import { IdempotencyStore } from './infrastructure/http/idempotency/idempotency-store';
import { NumberLinksController } from './infrastructure/http/number-links/number-links.controller';
import { NumberRequestsController } from './infrastructure/http/number-requests/number-requests.controller';
import { LinkViewCache } from './application/find-number-link/link-view-cache';
import { AUDIT_PUBLIC_KEYS, CONFIG, LOGGER, SQL_DATABASE } from './infrastructure/http/tokens';
import { AuditController } from './infrastructure/http/audit/audit.controller';
import { Metrics } from './infrastructure/observability/metrics';
import { Lifecycle } from './infrastructure/runtime/lifecycle';
import type { Runtime } from './infrastructure/runtime/runtime';
import { ProjectionRunner } from './projections/runtime/projection-runner';
import { TransactionHorizon } from './infrastructure/sql/transaction-horizon';

/**
 * The Nest module over a built runtime: the adapters are made once in `buildRuntime` and handed in as
 * values of their ports; Nest builds the command handlers over them. `@nestjs/cqrs` is only the
 * in-process dispatcher: nothing that must happen hangs on its event bus.
 */
@Module({})
export class AppModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        HealthController,
        NumberRequestsController,
        BankChecksController,
        NumberLinksController,
        AuditController,
        ComplaintsController,
      ],
      providers: [
        DeciderCommandRunner,
        RequestOtpHandler,
        ResendOtpHandler,
        ConfirmNumberHandler,
        CheckBankNumberHandler,
        RecordComplaintHandler,
        ForwardComplaintHandler,
        DecideComplaintHandler,
        RegisterComplaintHandler,
        AppealToCourtHandler,
        { provide: ComplaintCalendar, useValue: runtime.calendar },
        { provide: NumberRequestSettings, useValue: runtime.settings },
        { provide: RateLimiter, useValue: runtime.rateLimiter },
        { provide: LimitedAppender, useValue: runtime.limitedAppender },
        KnownRequests,
        { provide: OtpCodes, useValue: runtime.ports.otpCodes },
        { provide: IdentityRegistry, useValue: runtime.ports.identityRegistry },
        { provide: SignatureVerifier, useValue: runtime.ports.signatures },
        { provide: BiometricVerifier, useValue: runtime.ports.biometrics },
        { provide: CONFIG, useValue: runtime.config },
        { provide: LOGGER, useValue: runtime.logger },
        { provide: SQL_DATABASE, useValue: runtime.db },
        { provide: Metrics, useValue: runtime.metrics },
        { provide: Lifecycle, useValue: runtime.lifecycle },
        { provide: UseCaseMetrics, useValue: runtime.metrics },
        { provide: Clock, useValue: runtime.clock },
        { provide: EventStore, useValue: runtime.store },
        { provide: EventStreams, useValue: runtime.store },
        { provide: EventLog, useValue: runtime.store },
        { provide: ProjectionRunner, useValue: runtime.projections },
        { provide: LinkViewCache, useValue: runtime.linkViews },
        { provide: TransactionHorizon, useValue: runtime.transactionHorizon },
        { provide: ApiKeys, useValue: runtime.apiKeys },
        { provide: IdempotencyStore, useValue: runtime.idempotency },
        { provide: AUDIT_PUBLIC_KEYS, useValue: runtime.auditPublicKeys },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
    };
  }
}
