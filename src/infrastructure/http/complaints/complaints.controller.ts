import { recordDataAccess } from '../../../application/record-data-access';
import { Clock } from '../../../application/ports/clock';
import { readerContext } from '../reader-context';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../openapi/api-contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { deterministicId } from '../../../application/command-context';
import type { CommandOutcome } from '../../../application/command-outcome';
import { AppealToCourtCommand } from '../../../application/complaints/appeal-to-court';
import type { ComplaintView } from '../../../application/complaints/complaint-view';
import { DecideComplaintCommand } from '../../../application/complaints/decide-complaint';
import { findComplaint } from '../../../application/complaints/find-complaint';
import { ForwardComplaintCommand } from '../../../application/complaints/forward-complaint';
import { RecordComplaintCommand } from '../../../application/complaints/record-complaint';
import { RegisterComplaintCommand } from '../../../application/complaints/register-complaint';
import { EventStore } from '../../../application/ports/event-store';
import { CalendarNotCoveredError } from '../../../domain/calendar/calendar-not-covered-error';
import { parseLocalDate } from '../../../domain/shared/local-date';
import { decodeComplaintCursor } from '../../../projections/complaint-deadlines/complaint-list-cursor';
import { listComplaints } from '../../../projections/complaint-deadlines/complaint-list-query';
import type { SqlDatabase } from '../../sql/sql-database';
import { validationFailed } from '../api-error';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Roles } from '../auth/roles.decorator';
import { runCommandRoute } from '../idempotency/command-route';
import { IdempotencyStore, type StoredAnswer } from '../idempotency/idempotency-store';
import { parseIinParameter } from '../parse-input';
import { SQL_DATABASE } from '../tokens';
import { calendarNotCovered, complaintRefusalToApiError } from './complaint-api-error';
import { complaintIdParameter, optionalInstant } from './complaint-input';
import {
  ComplaintListQueryDto,
  CourtAppealDto,
  DecisionDto,
  ForwardingDto,
  RecordComplaintDto,
  RegistrationDto,
} from './complaint.dto';

const CHANNEL_ROLES = ['channel:portal', 'channel:egov-mobile', 'channel:bank'] as const;
const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

type ComplaintCommand =
  | RecordComplaintCommand
  | ForwardComplaintCommand
  | DecideComplaintCommand
  | RegisterComplaintCommand
  | AppealToCourtCommand;

const readerOf = (principal: Principal) => ({
  principal: principal.id,
  readsAll: principal.role === 'reviewer',
});

/**
 * Rules §10 over HTTP (SPEC §4): reviewers record complaints and move them through their stages;
 * channels file complaints for their citizens and read those they filed. Write answers are read back
 * from the complaint's stream, so they show the new state at once; lists come from the projection.
 */
@ApiTags('complaints')
@ApiBearerAuth()
@Roles('reviewer')
@Controller('v1/complaints')
export class ComplaintsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotency: IdempotencyStore,
    private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('reviewer', ...CHANNEL_ROLES)
  @ApiOperation({ summary: 'Record a complaint (SPEC R18); its filing sets its deadlines' })
  @ApiContract({
    write: true,
    answers: [{ status: 201, description: 'Recorded, with its deadlines', schema: 'Complaint' }],
    errors: {
      400: ['invalid_iin'],
      409: ['complaint_already_recorded'],
      422: [
        'not_an_individual',
        'invalid_chronology',
        'request_not_citable',
        'receipt_date_not_allowed',
        'receipt_date_too_early',
      ],
      503: ['calendar_not_covered'],
    },
  })
  record(
    @Body() body: RecordComplaintDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return runCommandRoute(this.idempotency, request, reply, principal, async ({ context, commandId }) => {
      const iin = parseIinParameter(body.iin.trim());
      const registeredAt = optionalInstant('registeredAt', body.registeredAt);
      const complaintId = commandId.startsWith('idem:') ? deterministicId(commandId) : randomUUID();
      const command = new RecordComplaintCommand(
        {
          complaintId,
          iin,
          filedWith: body.filedWith,
          ...(registeredAt === undefined ? {} : { registeredAt }),
          ...(body.requestId === undefined ? {} : { requestId: body.requestId.toLowerCase() }),
          subject: body.subject,
          text: body.text,
        },
        context,
        commandId,
      );
      return this.answer(command, 201);
    });
  }

  @Post(':id/forwarding')
  @HttpCode(200)
  @ApiOperation({ summary: 'The service provider forwarded the complaint to the body considering it' })
  @ApiContract({
    write: true,
    answers: [{ status: 200, description: 'The complaint as it stands now', schema: 'Complaint' }],
    errors: {
      404: ['complaint_not_found'],
      409: ['complaint_already_forwarded'],
      422: ['not_filed_with_service_provider', 'not_a_considering_body', 'invalid_chronology'],
      503: ['calendar_not_covered'],
    },
  })
  forward(
    @Param('id') id: string,
    @Body() body: ForwardingDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return runCommandRoute(this.idempotency, request, reply, principal, async ({ context, commandId }) => {
      const forwardedAt = optionalInstant('forwardedAt', body.forwardedAt);
      const input = {
        complaintId: complaintIdParameter(id),
        to: body.to,
        ...(forwardedAt === undefined ? {} : { forwardedAt }),
      };
      return this.answer(new ForwardComplaintCommand(input, context, commandId), 200);
    });
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'A body decided on the complaint' })
  @ApiContract({
    write: true,
    answers: [{ status: 200, description: 'The complaint as it stands now', schema: 'Complaint' }],
    errors: {
      404: ['complaint_not_found'],
      409: ['complaint_already_decided'],
      422: ['complaint_not_with_body', 'invalid_chronology'],
      503: ['calendar_not_covered'],
    },
  })
  decide(
    @Param('id') id: string,
    @Body() body: DecisionDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return runCommandRoute(this.idempotency, request, reply, principal, async ({ context, commandId }) => {
      const decidedAt = optionalInstant('decidedAt', body.decidedAt);
      const input = {
        complaintId: complaintIdParameter(id),
        by: body.by,
        outcome: body.outcome,
        reason: body.reason,
        ...(decidedAt === undefined ? {} : { decidedAt }),
      };
      return this.answer(new DecideComplaintCommand(input, context, commandId), 200);
    });
  }

  @Post(':id/registration')
  @HttpCode(200)
  @ApiOperation({ summary: 'Another body registered the complaint (the quality authority: 15 working days)' })
  @ApiContract({
    write: true,
    answers: [{ status: 200, description: 'The complaint as it stands now', schema: 'Complaint' }],
    errors: {
      404: ['complaint_not_found'],
      409: ['complaint_already_registered'],
      422: ['invalid_chronology'],
      503: ['calendar_not_covered'],
    },
  })
  register(
    @Param('id') id: string,
    @Body() body: RegistrationDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return runCommandRoute(this.idempotency, request, reply, principal, async ({ context, commandId }) => {
      const registeredAt = optionalInstant('registeredAt', body.registeredAt);
      const input = {
        complaintId: complaintIdParameter(id),
        body: body.body,
        ...(registeredAt === undefined ? {} : { registeredAt }),
      };
      return this.answer(new RegisterComplaintCommand(input, context, commandId), 200);
    });
  }

  @Post(':id/court-appeal')
  @HttpCode(200)
  @ApiOperation({ summary: 'The citizen appealed to the court (after a pre-trial decision, Rules §10)' })
  @ApiContract({
    write: true,
    answers: [{ status: 200, description: 'The complaint as it stands now', schema: 'Complaint' }],
    errors: {
      404: ['complaint_not_found'],
      409: ['complaint_already_appealed_to_court'],
      422: ['court_appeal_premature', 'invalid_chronology'],
      503: ['calendar_not_covered'],
    },
  })
  appealToCourt(
    @Param('id') id: string,
    @Body() body: CourtAppealDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return runCommandRoute(this.idempotency, request, reply, principal, async ({ context, commandId }) => {
      const appealedAt = optionalInstant('appealedAt', body.appealedAt);
      const input = {
        complaintId: complaintIdParameter(id),
        ...(appealedAt === undefined ? {} : { appealedAt }),
      };
      return this.answer(new AppealToCourtCommand(input, context, commandId), 200);
    });
  }

  @Get(':id')
  @Roles('reviewer', ...CHANNEL_ROLES)
  @ApiOperation({ summary: 'A complaint with its deadlines (channels: those they filed)' })
  @ApiContract({
    answers: [{ status: 200, description: 'The complaint with its deadlines', schema: 'Complaint' }],
    errors: { 404: ['complaint_not_found'] },
  })
  async find(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ) {
    const view = await findComplaint(this.store, complaintIdParameter(id), readerOf(principal));
    if (!view) throw complaintRefusalToApiError({ code: 'complaint_not_found' });
    if (principal.role === 'reviewer') {
      // Personal data read by a reviewer is itself recorded (SPEC §5, issue 5).
      await recordDataAccess(this.store, readerContext(principal, request), this.clock.now(), {
        query: 'GET /v1/complaints/:id',
        filters: { complaintId: view.complaintId },
        complaintId: view.complaintId,
        iin: view.iin,
      });
    }
    return view;
  }

  @Get()
  @Roles('reviewer', ...CHANNEL_ROLES)
  @ApiOperation({ summary: 'Complaints, earliest due date first, a page at a time' })
  @ApiContract({
    answers: [
      {
        status: 200,
        description: 'A page of complaints and the cursor of the next',
        schema: 'ComplaintPage',
      },
    ],
  })
  async list(
    @Query() query: ComplaintListQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ) {
    const limit = query.limit === undefined ? DEFAULT_PAGE : Number(query.limit);
    if (limit < 1 || limit > MAX_PAGE) throw validationFailed(`limit: must be from 1 to ${MAX_PAGE}`);
    const dueBefore = query.dueBefore === undefined ? undefined : parseLocalDate(query.dueBefore);
    if (dueBefore && !dueBefore.ok) throw validationFailed('dueBefore: must be a date YYYY-MM-DD');
    const after = query.cursor === undefined ? undefined : decodeComplaintCursor(query.cursor);
    if (query.cursor !== undefined && !after) throw validationFailed('cursor: is not one this service gave');
    const reader = readerOf(principal);
    if (principal.role === 'reviewer') {
      await recordDataAccess(this.store, readerContext(principal, request), this.clock.now(), {
        query: 'GET /v1/complaints',
        filters: Object.fromEntries(
          Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
        ),
      });
    }
    return listComplaints(this.db, {
      ...(reader.readsAll ? {} : { owner: reader.principal }),
      ...(query.status === undefined ? {} : { stage: query.status }),
      ...(query.body === undefined ? {} : { body: query.body }),
      ...(query.deadline === undefined ? {} : { deadline: query.deadline }),
      ...(dueBefore?.ok ? { dueBefore: dueBefore.value } : {}),
      ...(after ? { after } : {}),
      limit,
    });
  }

  /** Runs the command and answers the complaint, or the refusal; an uncovered calendar year is 503. */
  private async answer(command: ComplaintCommand, status: number): Promise<StoredAnswer> {
    let outcome: CommandOutcome<ComplaintView>;
    try {
      outcome = await this.commands.execute(command);
    } catch (error) {
      if (error instanceof CalendarNotCoveredError) throw calendarNotCovered(error);
      throw error;
    }
    if (!outcome.ok) throw complaintRefusalToApiError(outcome.refusal);
    return { status, body: outcome.value };
  }
}
