import { CommandBus } from '@nestjs/cqrs';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../openapi/api-contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { deterministicId } from '../../../application/command-context';
import { message } from '../../../application/messages/messages';
import type { CommandOutcome } from '../../../application/command-outcome';
import { ConfirmNumberCommand } from '../../../application/confirm-number';
import { findNumberRequest } from '../../../application/find-number-request';
import { EventStore } from '../../../application/ports/event-store';
import { RequestOtpCommand } from '../../../application/request-otp';
import { ResendOtpCommand } from '../../../application/resend-otp';
import type { Config } from '../../config/config';
import { notFound } from '../api-error';
import { channelOf, type Principal } from '../auth/principal';
import { CurrentPrincipal, Roles } from '../auth/roles.decorator';
import { IdempotencyStore, type StoredAnswer } from '../idempotency/idempotency-store';
import { runCommandRoute } from '../idempotency/command-route';
import { requestLanguage } from '../content-language';
import { CONFIG } from '../tokens';
import { parseCitizen, requestIdParameter } from '../parse-input';
import { refusalToApiError } from '../refusal-status';
import { ConfirmationDto, CreateNumberRequestDto, ResendDto } from './number-request.dto';

const CHANNEL_ROLES = ['channel:portal', 'channel:egov-mobile', 'channel:bank'] as const;

/** An outcome as the API answers it: the value with `status`, or the motivated refusal. */
export function answer<T>(outcome: CommandOutcome<T>, status: number): StoredAnswer {
  if (!outcome.ok) throw refusalToApiError(outcome.refusal);
  return { status, body: outcome.value };
}

/** Rules §5-9 over HTTP: request a code, resend it, confirm, and read a request (SPEC §4). */
@ApiTags('number requests')
@ApiBearerAuth()
@Roles(...CHANNEL_ROLES)
@Controller('v1/number-requests')
export class NumberRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotency: IdempotencyStore,
    private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Request a one-time password to connect or change a number' })
  @ApiContract({
    write: true,
    examplesInEachLanguage: ['consent_missing'],
    answers: [{ status: 201, description: 'The code went out by SMS', schema: 'NumberRequestOpened' }],
    errors: {
      400: ['invalid_iin', 'invalid_phone'],
      409: ['number_already_connected', 'request_already_exists'],
      422: [
        'not_an_individual',
        'consent_missing',
        'identity_not_verified',
        'same_number',
        'no_number_connected',
      ],
      429: ['rate_limited'],
      503: ['identity_registry_unavailable'],
    },
  })
  create(
    @Body() body: CreateNumberRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return runCommandRoute(this.idempotency, request, reply, principal, async ({ context, commandId }) => {
      const { iin, phone } = parseCitizen(body);
      const channel = channelOf(principal)!;
      const requestId = commandId.startsWith('idem:') ? deterministicId(commandId) : randomUUID();
      const outcome = await this.commands.execute(
        new RequestOtpCommand(
          {
            requestId,
            iin,
            phone,
            purpose: body.purpose,
            channel,
            principal: principal.id,
            consent: body.consent,
            ...(body.language === undefined ? {} : { language: body.language }),
          },
          context,
          commandId,
        ),
      );
      return answer(outcome, 201);
    });
  }

  @Post(':id/otp')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a new one-time password (only the latest is valid)' })
  @ApiContract({
    write: true,
    answers: [
      { status: 202, description: 'A new code went out; the previous one is void', schema: 'OtpResent' },
    ],
    errors: {
      404: ['not_found'],
      409: ['request_completed'],
      410: ['request_expired'],
      422: ['attempts_exceeded'],
      429: ['resend_too_soon', 'rate_limited'],
    },
  })
  resend(
    @Param('id') id: string,
    @Body() _body: ResendDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return runCommandRoute(this.idempotency, request, reply, principal, async ({ context, commandId }) => {
      const requestId = requestIdParameter(id);
      const outcome = await this.commands.execute(
        new ResendOtpCommand({ requestId, principal: principal.id }, context, commandId),
      );
      return answer(outcome, 202);
    });
  }

  @Post(':id/confirmation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the number with the code and the EDS signature or biometric result' })
  @ApiContract({
    write: true,
    examplesInEachLanguage: [{ code: 'otp_invalid', details: { attemptsLeft: 4 } }],
    answers: [{ status: 200, description: 'The number is connected (Annex 5)', schema: 'NumberConnected' }],
    errors: {
      404: ['not_found'],
      409: ['request_completed', 'number_already_connected'],
      410: ['request_expired'],
      422: [
        'otp_invalid',
        'otp_expired',
        'attempts_exceeded',
        'signature_required',
        'signature_invalid',
        'certificate_untrusted',
        'signer_mismatch',
        'certificate_not_for_signing',
        'not_an_individual',
        'signer_is_ca',
        'biometric_required',
        'biometric_failed',
      ],
      503: ['revocation_unavailable'],
    },
  })
  confirm(
    @Param('id') id: string,
    @Body() body: ConfirmationDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return runCommandRoute(this.idempotency, request, reply, principal, async ({ context, commandId }) => {
      const requestId = requestIdParameter(id);
      const outcome = await this.commands.execute(
        new ConfirmNumberCommand(
          {
            requestId,
            principal: principal.id,
            otp: body.otp,
            ...(body.signature !== undefined ? { signature: body.signature } : {}),
            ...(body.biometricToken !== undefined ? { biometricToken: body.biometricToken } : {}),
          },
          context,
          commandId,
        ),
      );
      return answer(outcome, 200);
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'The state of a request (its owner only)' })
  @ApiContract({
    answers: [{ status: 200, description: 'The request as it stands', schema: 'NumberRequestView' }],
    errors: { 404: ['not_found'] },
  })
  async find(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ) {
    const view = await findNumberRequest(this.store, requestIdParameter(id), principal.id);
    if (!view) throw notFound('request');
    if (!view.refusal) return view;
    // Annex 5: the refusal's message in the negotiated language (SPEC §9), beside its recorded reason.
    const language = requestLanguage(request, this.config.defaultLanguage);
    return { ...view, refusal: { ...view.refusal, message: message(view.refusal.code, language) } };
  }
}
