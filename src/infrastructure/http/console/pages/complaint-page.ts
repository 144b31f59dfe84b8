import type { ComplaintView } from '../../../../application/complaints/complaint-view';
import { page, refusalNotice, type PageFrame } from '../console-layout';
import { almatyTime } from '../console-format';
import { consoleWords, type ConsoleWord } from '../console-words';
import { html, type Html } from '../html';
import { deadlineMark, deadlineTag } from './complaint-list-page';
import { field, formTokens, options, type FormFailure } from './form-fields';

/** One event of the complaint's stream as the timeline shows it. */
export interface TimelineEntry {
  readonly type: string;
  readonly occurredAt: string;
  readonly principal: string;
  readonly role: string;
  readonly data: unknown;
}

const BODIES = ['service_provider', 'higher_body', 'quality_authority'] as const;

/** What the timeline shows of an event: its facts without the free text (shown above once). */
function summary(data: unknown): string {
  if (data === null || typeof data !== 'object') return '';
  const {
    text: _text,
    subject: _subject,
    deadlines: _deadlines,
    complaintId: _id,
    iin: _iin,
    ...rest
  } = data as Record<string, unknown>;
  return Object.entries(rest)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

export function complaintPage(
  frame: PageFrame,
  view: {
    readonly complaint: ComplaintView;
    readonly timeline: readonly TimelineEntry[];
    readonly today: string;
    readonly soonUntil: string;
    /** A fresh idempotency key per form, so a double submit records one stage. */
    readonly formKeys: Readonly<Record<'forwarding' | 'decision' | 'registration' | 'courtAppeal', string>>;
    readonly failure?: FormFailure;
    readonly values?: Readonly<Record<string, string>>;
  },
): Html {
  const words = consoleWords(frame.language);
  const word = (value: string) => words[value as ConsoleWord] ?? value;
  const { complaint, failure } = view;
  const value = (name: string) => view.values?.[name] ?? '';
  const errorOf = (form: string, name: string): string | undefined =>
    failure?.form === form && failure.field === name ? failure.message : undefined;
  const formNotice = (form: string) =>
    failure?.form === form && failure.field === undefined ? refusalNotice(frame.language, failure) : html``;
  const withError = (form: string, name: string) => {
    const error = errorOf(form, name);
    return error ? { error } : {};
  };
  const stageForm = (form: keyof typeof view.formKeys, legend: string, action: string, fields: Html) =>
    html`<form method="post" action="/console/complaints/${complaint.complaintId}/${action}">
      ${formTokens(frame.csrfToken, view.formKeys[form])}
      <fieldset>
        <legend>${legend}</legend>
        ${formNotice(form)}
        <div class="fields">${fields}<button type="submit">${words.save}</button></div>
      </fieldset>
    </form>`;
  const when = (form: string, name: string, label: string) =>
    field({
      id: `${form}-${name}`,
      label,
      hint: words.optionalNow,
      control: (a) =>
        html`<input
          ${a}
          type="datetime-local"
          name="${name}"
          value="${failure?.form === form ? value(name) : ''}"
        />`,
      ...withError(form, name),
    });

  return page(
    frame,
    complaint.subject,
    html`<dl>
        <dt>${words.complaintId}</dt>
        <dd><code>${complaint.complaintId}</code></dd>
        <dt>${words.iin}</dt>
        <dd>${complaint.iin}</dd>
        <dt>${words.filedWith}</dt>
        <dd>${word(complaint.filedWith)}</dd>
        <dt>${words.registeredAt}</dt>
        <dd>${almatyTime(complaint.registeredAt)}</dd>
        <dt>${words.stage}</dt>
        <dd>${word(complaint.stage)}</dd>
        <dt>${words.body}</dt>
        <dd>${word(complaint.body)}</dd>
        ${
          complaint.requestId
            ? html`<dt>${words.requestId}</dt>
                <dd><code>${complaint.requestId}</code></dd>`
            : ''
        }
        <dt>${words.text}</dt>
        <dd>${complaint.text}</dd>
      </dl>
      <h2>${words.deadlines}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">${words.deadlines}</th>
            <th scope="col">${words.body}</th>
            <th scope="col">${words.dueDate}</th>
            <th scope="col">${words.status}</th>
            <th scope="col">${words.details}</th>
          </tr>
        </thead>
        <tbody>
          ${complaint.deadlines.map(
            (d) =>
              html`<tr>
                <td>${word(d.kind)}</td>
                <td>${word(d.body)}</td>
                <td class="num">${d.dueDate}</td>
                <td>${deadlineTag(frame.language, deadlineMark(d, view.today, view.soonUntil))}</td>
                <td>
                  ${d.metAt ? `${almatyTime(d.metAt)} (${d.metBy ?? ''})` : d.missedAt ? almatyTime(d.missedAt) : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>${words.timeline}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">${words.when}</th>
            <th scope="col">${words.event}</th>
            <th scope="col">${words.who}</th>
            <th scope="col">${words.details}</th>
          </tr>
        </thead>
        <tbody>
          ${view.timeline.map(
            (entry) =>
              html`<tr>
                <td class="num">${almatyTime(entry.occurredAt)}</td>
                <td>${entry.type}</td>
                <td>${entry.principal} (${entry.role})</td>
                <td>${summary(entry.data)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>${words.actions}</h2>
      <div class="grid2">
        ${stageForm(
          'forwarding',
          words.forward,
          'forwarding',
          html`${field({
            id: 'forwarding-to',
            label: words.forwardTo,
            control: (a) =>
              html`<select ${a} name="to">
                ${options(['quality_authority', 'higher_body'], word, value('to'))}
              </select>`,
            ...withError('forwarding', 'to'),
          })}
          ${when('forwarding', 'forwardedAt', words.forwardedAt)}`,
        )}
        ${stageForm(
          'decision',
          words.decide,
          'decision',
          html`${field({
            id: 'decision-by',
            label: words.decidedBy,
            control: (a) =>
              html`<select ${a} name="by">
                ${options(BODIES, word, value('by'))}
              </select>`,
            ...withError('decision', 'by'),
          })}
          ${field({
            id: 'decision-outcome',
            label: words.outcome,
            control: (a) =>
              html`<select ${a} name="outcome">
                ${options(['satisfied', 'partially_satisfied', 'rejected'], word, value('outcome'))}
              </select>`,
            ...withError('decision', 'outcome'),
          })}
          ${when('decision', 'decidedAt', words.decidedAt)}
          ${field({ id: 'decision-reason', label: words.reason, wide: true, control: (a) => html`<textarea ${a} name="reason" required maxlength="4000">${failure?.form === 'decision' ? value('reason') : ''}</textarea>`, ...withError('decision', 'reason') })}`,
        )}
        ${stageForm(
          'registration',
          words.register,
          'registration',
          html`${field({
            id: 'registration-body',
            label: words.registeredBody,
            control: (a) =>
              html`<select ${a} name="body">
                ${options(['quality_authority', 'higher_body'], word, value('body'))}
              </select>`,
            ...withError('registration', 'body'),
          })}
          ${when('registration', 'registeredAt', words.registeredAtBody)}`,
        )}
        ${stageForm('courtAppeal', words.courtAppeal, 'court-appeal', when('courtAppeal', 'appealedAt', words.appealedAt))}
      </div>`,
  );
}
