import type { ComplaintView, DeadlineView } from '../../../../application/complaints/complaint-view';
import { page, refusalNotice, type PageFrame } from '../console-layout';
import { almatyTime } from '../console-format';
import { consoleWords, type ConsoleLanguage, type ConsoleWord } from '../console-words';
import { html, type Html } from '../html';
import { field, options } from './form-fields';

export interface ComplaintFilters {
  readonly status?: string;
  readonly deadline?: string;
  readonly dueBefore?: string;
  readonly body?: string;
  readonly cursor?: string;
}

/** Where a deadline stands for a reviewer today (SPEC R21; issue 14: missed, due today, due within 2 working days). */
export type DeadlineMark = 'missed' | 'dueToday' | 'dueSoon' | 'pending' | 'met';

export function deadlineMark(deadline: DeadlineView, today: string, soonUntil: string): DeadlineMark {
  if (deadline.status === 'missed') return 'missed';
  if (deadline.status === 'met') return 'met';
  if (deadline.dueDate <= today) return 'dueToday';
  return deadline.dueDate <= soonUntil ? 'dueSoon' : 'pending';
}

const MARK_CLASS: Readonly<Record<DeadlineMark, string>> = {
  missed: 'missed',
  dueToday: 'today',
  dueSoon: 'soon',
  pending: 'pending',
  met: 'met',
};

export function deadlineTag(language: ConsoleLanguage, mark: DeadlineMark): Html {
  return html`<span class="tag ${MARK_CLASS[mark]}">${consoleWords(language)[mark]}</span>`;
}

const STAGES = ['recorded', 'forwarded', 'registered', 'decided', 'appealed_to_court'] as const;
const BODIES = ['service_provider', 'higher_body', 'quality_authority'] as const;

export function complaintListPage(
  frame: PageFrame,
  view: {
    readonly filters: ComplaintFilters;
    readonly complaints: readonly ComplaintView[];
    readonly nextCursor: string | null;
    readonly today: string;
    readonly soonUntil: string;
    readonly refusal?: { code: string; message: string };
  },
): Html {
  const words = consoleWords(frame.language);
  const word = (value: string) => words[value as ConsoleWord] ?? value;
  const { filters } = view;
  const withAny = (control: Html) =>
    html`<option value="">${words.any}</option>
      ${control}`;
  const next = new URLSearchParams(
    Object.entries({ ...filters, cursor: view.nextCursor ?? '' }).filter(([, v]) => v) as [string, string][],
  );
  return page(
    frame,
    words.complaints,
    html`${refusalNotice(frame.language, view.refusal)}
      <form method="get" action="/console/complaints">
        <fieldset>
          <legend>${words.filters}</legend>
          <div class="fields">
            ${field({
              id: 'status',
              label: words.stage,
              control: (a) =>
                html`<select ${a} name="status">
                  ${withAny(options(STAGES, word, filters.status))}
                </select>`,
            })}
            ${field({
              id: 'deadline',
              label: words.deadlineState,
              control: (a) =>
                html`<select ${a} name="deadline">
                  ${withAny(options(['pending', 'missed', 'met'], word, filters.deadline))}
                </select>`,
            })}
            ${field({ id: 'dueBefore', label: words.dueBefore, control: (a) => html`<input ${a} type="date" name="dueBefore" value="${filters.dueBefore ?? ''}" />` })}
            ${field({
              id: 'body',
              label: words.body,
              control: (a) =>
                html`<select ${a} name="body">
                  ${withAny(options(BODIES, word, filters.body))}
                </select>`,
            })}
            <button type="submit">${words.apply}</button>
            <a href="/console/complaints">${words.reset}</a>
          </div>
        </fieldset>
      </form>
      <p class="hint">${words.earliestFirst}</p>
      ${
        view.complaints.length === 0
          ? html`<p>${words.noComplaints}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${words.dueDate}</th>
                  <th scope="col">${words.deadlines}</th>
                  <th scope="col">${words.subject}</th>
                  <th scope="col">${words.stage}</th>
                  <th scope="col">${words.body}</th>
                  <th scope="col">${words.registeredAt}</th>
                </tr>
              </thead>
              <tbody>
                ${view.complaints.map((complaint) => {
                  const open = complaint.deadlines.filter((d) => d.status !== 'met');
                  const first = open[0] ?? complaint.deadlines[0];
                  return html`<tr>
                    <td class="num">${first?.dueDate ?? ''}</td>
                    <td>
                      ${open.map((d) => html`${deadlineTag(frame.language, deadlineMark(d, view.today, view.soonUntil))} `)}
                    </td>
                    <td><a href="/console/complaints/${complaint.complaintId}">${complaint.subject}</a></td>
                    <td>${word(complaint.stage)}</td>
                    <td>${word(complaint.body)}</td>
                    <td class="num">${almatyTime(complaint.registeredAt)}</td>
                  </tr>`;
                })}
              </tbody>
            </table>`
      }
      <p>
        ${filters.cursor ? html`<a href="/console/complaints?${new URLSearchParams(Object.entries({ ...filters, cursor: '' }).filter(([, v]) => v) as [string, string][]).toString()}">${words.firstPage}</a> ` : ''}
        ${view.nextCursor ? html`<a href="/console/complaints?${next.toString()}">${words.nextPage}</a>` : ''}
      </p>`,
  );
}
