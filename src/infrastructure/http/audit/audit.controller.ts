import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../openapi/api-contract';
import type { FastifyRequest } from 'fastify';
import type { KeyObject } from 'node:crypto';
import { recordDataAccess } from '../../../application/record-data-access';
import { Clock } from '../../../application/ports/clock';
import { EventStore } from '../../../application/ports/event-store';
import { parseIin } from '../../../domain/shared/iin';
import { parseMsisdn } from '../../../domain/shared/msisdn';
import { findAuditRecords } from '../../../projections/audit-trail/audit-queries';
import { verifyAuditTrail } from '../../../projections/audit-trail/verify-audit-trail';
import type { SqlDatabase } from '../../sql/sql-database';
import { validationFailed } from '../api-error';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Roles } from '../auth/roles.decorator';
import { instantInput } from '../parse-input';
import { readerContext } from '../reader-context';
import { AUDIT_PUBLIC_KEYS, CONFIG, SQL_DATABASE } from '../tokens';
import type { Config } from '../../config/config';
import { readCheckpointCopies } from '../../audit-checkpoints/read-checkpoint-copies';
import { refusalToApiError } from '../refusal-status';

/** SPEC §4-5: the audit trail, for auditors alone; every read of it is recorded. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('v1/audit')
export class AuditController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(AUDIT_PUBLIC_KEYS) private readonly publicKeys: readonly KeyObject[],
    @Inject(CONFIG) private readonly config: Config,
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  @Get('events')
  @ApiOperation({ summary: 'Audit records by IIN, number, complaint and time, in order, with a cursor' })
  @ApiQuery({ name: 'iin', required: false, description: "Records of this citizen's streams and requests" })
  @ApiQuery({
    name: 'phone',
    required: false,
    description: 'Records naming this number (any usual spelling)',
  })
  @ApiQuery({ name: 'complaintId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'ISO-8601 instant: recorded at or after' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO-8601 instant: recorded before' })
  @ApiQuery({ name: 'cursor', required: false, description: '`nextCursor` of the page before' })
  @ApiQuery({ name: 'limit', required: false, description: 'Records per page, 1 to 1000 (default 100)' })
  @ApiContract({
    answers: [{ status: 200, description: 'The records in chain order', schema: 'AuditRecordPage' }],
    errors: { 400: ['invalid_iin', 'invalid_phone'], 422: ['not_an_individual'] },
  })
  async events(
    @Query() query: Record<string, string | undefined>,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ) {
    const { iin, phone, complaintId, type, from, to, cursor, limit } = query;
    const filters: {
      iin?: string;
      phone?: string;
      complaintId?: string;
      type?: string;
      from?: string;
      to?: string;
    } = {};
    if (iin !== undefined) {
      const parsed = parseIin(iin);
      if (!parsed.ok) throw refusalToApiError({ code: parsed.error });
      filters.iin = parsed.value;
    }
    if (phone !== undefined) {
      const parsed = parseMsisdn(phone);
      if (!parsed.ok) throw refusalToApiError({ code: 'invalid_phone' });
      filters.phone = parsed.value;
    }
    if (complaintId !== undefined) filters.complaintId = complaintId;
    if (type !== undefined) {
      if (!/^[A-Z][A-Za-z]{1,63}$/.test(type)) throw validationFailed('type must be an event type');
      filters.type = type;
    }
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value === undefined) continue;
      filters[name] = instantInput(name, value);
    }
    const size = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(size) || size < 1 || size > 1000) throw validationFailed('limit must be 1 to 1000');
    const page = await findAuditRecords(this.db, { ...filters, ...(cursor ? { cursor } : {}), limit: size });
    if (!page.ok) throw validationFailed('cursor is not one this API gave');
    await recordDataAccess(this.store, readerContext(principal, request), this.clock.now(), {
      query: 'GET /v1/audit/events',
      filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >,
      ...(filters.iin ? { iin: filters.iin } : {}),
      ...(filters.phone ? { phone: filters.phone } : {}),
      ...(filters.complaintId ? { complaintId: filters.complaintId } : {}),
    });
    return page.value;
  }

  @Get('verification')
  @ApiOperation({
    summary:
      'Recompute the hash chain and the signed checkpoints, also against their copy in NUMLINK_AUDIT_CHECKPOINT_FILE; name the first broken record',
  })
  @ApiContract({
    answers: [{ status: 200, description: 'The verification result', schema: 'AuditVerification' }],
  })
  async verification() {
    // Read before the walk (the chain only grows meanwhile); a copy that cannot be read is a finding.
    const copies = await readCheckpointCopies(this.config.auditCheckpointFile);
    if (!copies.ok) return { ok: false, checked: 0, head: null, checkpointCopies: { error: copies.error } };
    const result = await verifyAuditTrail(this.db, this.publicKeys, { external: copies.value });
    return {
      ok: result.ok,
      checked: result.checked,
      head: result.head,
      checkpointCopies: { checked: copies.value.length },
      ...(result.firstBrokenAt ? { firstBrokenAt: result.firstBrokenAt } : {}),
    };
  }
}
