import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../openapi/api-contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { CheckBankNumberCommand } from '../../../application/check-bank-number';
import { deterministicId } from '../../../application/command-context';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Roles } from '../auth/roles.decorator';
import { runCommandRoute } from '../idempotency/command-route';
import { IdempotencyStore } from '../idempotency/idempotency-store';
import { answer } from '../number-requests/number-requests.controller';
import { BankCheckDto } from '../number-requests/number-request.dto';
import { parseCitizen } from '../parse-input';

/** Rules §7: a second-tier bank checks the number it holds (200 match, 202 verification required). */
@ApiTags('bank checks')
@ApiBearerAuth()
@Roles('channel:bank')
@Controller('v1/bank-checks')
export class BankChecksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotency: IdempotencyStore,
  ) {}

  @Post()
  @ApiOperation({ summary: "Check the bank's number against the account's; open a request when they differ" })
  @ApiContract({
    write: true,
    answers: [
      {
        status: 200,
        description: "The bank's number is the account's: nothing changes",
        schema: 'BankNumberMatches',
      },
      {
        status: 202,
        description: "No number or another one: a code went to the bank's number; confirm with biometrics",
        schema: 'BankNumberVerificationRequired',
      },
    ],
    errors: {
      400: ['invalid_iin', 'invalid_phone'],
      409: ['request_already_exists'],
      422: ['not_an_individual', 'consent_missing', 'identity_not_verified'],
      429: ['rate_limited'],
      503: ['identity_registry_unavailable'],
    },
  })
  check(
    @Body() body: BankCheckDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return runCommandRoute(this.idempotency, request, reply, principal, async ({ context, commandId }) => {
      const { iin, phone } = parseCitizen(body);
      const checkId = commandId.startsWith('idem:') ? deterministicId(commandId) : randomUUID();
      const outcome = await this.commands.execute(
        new CheckBankNumberCommand(
          {
            checkId,
            iin,
            phone,
            bankId: principal.bankId ?? principal.id,
            principal: principal.id,
            consent: body.consent,
            ...(body.language === undefined ? {} : { language: body.language }),
          },
          context,
          commandId,
        ),
      );
      return answer(outcome, outcome.ok && outcome.value.result === 'match' ? 200 : 202);
    });
  }
}
