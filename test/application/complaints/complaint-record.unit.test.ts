import {
  complaintRecordOf,
  type ComplaintEventRecord,
} from '../../../src/application/complaints/complaint-record';
import { toComplaintView } from '../../../src/application/complaints/complaint-view';
import { decide } from '../../../src/domain/complaint/decide';
import type { ComplaintCommand } from '../../../src/domain/complaint/commands';
import { evolve, initialComplaintState, type ComplaintState } from '../../../src/domain/complaint/state';
import type { Iin } from '../../../src/domain/shared/iin';
import type { Instant } from '../../../src/domain/shared/instant';
import { calendar } from '../../domain/complaint/test-working-calendar';

const id = 'c-1';
const t = (text: string) => new Date(text).toISOString() as Instant;

/** Runs the commands through the decider, each event stored with the principal that sent its command. */
function stored(commands: ReadonlyArray<[string, ComplaintCommand]>): {
  events: ComplaintEventRecord[];
  state: ComplaintState;
} {
  let state = initialComplaintState;
  const events: ComplaintEventRecord[] = [];
  for (const [principal, command] of commands) {
    const decision = decide(command, state, calendar);
    for (const event of decision.events) {
      state = evolve(state, event);
      events.push({
        type: event.type,
        data: event.data,
        metadata: {
          occurredAt: command.at,
          actor: { principal, role: principal === 'portal' ? 'channel:portal' : 'reviewer' },
          correlationId: 'x',
          causationId: 'x',
        },
      });
    }
  }
  return { events, state };
}

const recorded: ComplaintCommand = {
  type: 'RecordComplaint',
  complaintId: id,
  iin: '900101300017' as Iin,
  filedWith: 'service_provider',
  recordedBy: { role: 'channel', principal: 'portal' },
  subject: 'No SMS',
  text: 'No SMS came.',
  at: t('2026-03-18T10:00:00+05:00'),
};

describe('the complaint as reviewers read it', () => {
  it('belongs to the principal that filed it, whoever moves it later (SPEC §4)', () => {
    const { events } = stored([
      ['portal', recorded],
      [
        'reviewer',
        {
          type: 'ForwardComplaint',
          complaintId: id,
          to: 'higher_body',
          forwardedAt: t('2026-03-19T10:00:00+05:00'),
          at: t('2026-03-19T10:00:00+05:00'),
        },
      ],
    ]);
    expect(complaintRecordOf(events)?.owner).toBe('portal');
  });

  it('follows the complaint to the body it was forwarded to, then registered at', () => {
    const forward: ComplaintCommand = {
      type: 'ForwardComplaint',
      complaintId: id,
      to: 'higher_body',
      forwardedAt: t('2026-03-19T10:00:00+05:00'),
      at: t('2026-03-19T10:00:00+05:00'),
    };
    const register: ComplaintCommand = {
      type: 'RegisterComplaint',
      complaintId: id,
      body: 'quality_authority',
      registeredAt: t('2026-03-20T10:00:00+05:00'),
      at: t('2026-03-20T10:00:00+05:00'),
    };
    expect(complaintRecordOf(stored([['reviewer', recorded]]).events)?.body).toBe('service_provider');
    expect(
      complaintRecordOf(
        stored([
          ['reviewer', recorded],
          ['reviewer', forward],
        ]).events,
      )?.body,
    ).toBe('higher_body');
    const all = stored([
      ['reviewer', recorded],
      ['reviewer', forward],
      ['reviewer', register],
    ]);
    expect(complaintRecordOf(all.events)?.body).toBe('quality_authority');
  });

  it('keeps the decider’s own state, with the subject, text and the reasons of decisions', () => {
    const decided: ComplaintCommand = {
      type: 'DecideComplaint',
      complaintId: id,
      by: 'service_provider',
      outcome: 'satisfied',
      decidedAt: t('2026-03-19T09:00:00+05:00'),
      reason: 'Connected by hand.',
      at: t('2026-03-19T09:00:00+05:00'),
    };
    const { events, state } = stored([
      ['reviewer', recorded],
      ['reviewer', decided],
    ]);
    const record = complaintRecordOf(events);
    expect(record?.complaint).toEqual(state);
    const view = toComplaintView(record!);
    expect(view).toMatchObject({ subject: 'No SMS', text: 'No SMS came.', stage: 'decided' });
    expect(view.decisions).toEqual([
      {
        by: 'service_provider',
        outcome: 'satisfied',
        decidedAt: t('2026-03-19T09:00:00+05:00'),
        reason: 'Connected by hand.',
      },
    ]);
    expect(view.deadlines.map((d) => [d.kind, d.status, d.metBy])).toEqual([
      ['forward_or_satisfy', 'met', 'ComplaintDecided'],
      ['provider_consideration', 'met', 'ComplaintDecided'],
    ]);
  });

  it('is nothing until the complaint is recorded', () => {
    expect(complaintRecordOf([])).toBeUndefined();
  });
});
