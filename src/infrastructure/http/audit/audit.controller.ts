import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { KeyObject } from 'node:crypto';
import { recordDataAccess } from '../../../application/record-data-access/record-data-access';
import { Clock } from '../../../application/ports/clock';
import { EventStore } from '../../../application/ports/event-store';
import { parseIin } from '../../../domain/shared/iin';
import { parseInstant } from '../../../domain/shared/instant';
import { parseMsisdn } from '../../../domain/shared/msisdn';
import { findAuditRecords } from '../../../projections/audit-trail/audit-queries';
import { verifyAuditTrail } from '../../../projections/audit-trail/verify-audit-trail';
import type { SqlDatabase } from '../../sql/sql-database';
import { validationFailed } from '../api-error';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Roles } from '../auth/roles.decorator';
import { readerContext } from '../reader-context';
import { AUDIT_PUBLIC_KEYS, SQL_DATABASE } from '../tokens';
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
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  @Get('events')
  @ApiOperation({ summary: 'Audit records by IIN, number, complaint and time, in order, with a cursor' })
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
      const instant = parseInstant(value);
      if (!instant.ok) throw validationFailed(`${name} must be an ISO-8601 instant with an offset`);
      filters[name] = instant.value;
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
    summary: 'Recompute the hash chain and the signed checkpoints; name the first broken record',
  })
  async verification() {
    const result = await verifyAuditTrail(this.db, this.publicKeys);
    return {
      ok: result.ok,
      checked: result.checked,
      head: result.head,
      ...(result.firstBrokenAt ? { firstBrokenAt: result.firstBrokenAt } : {}),
    };
  }
}
