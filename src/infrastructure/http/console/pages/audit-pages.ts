import type { AuditRecord } from '../../../../projections/audit-trail/audit-record';
import type { NumberLinkView } from '../../../../projections/number-links/number-link-view';
import { page, refusalNotice, type PageFrame } from '../console-layout';
import { almatyTime } from '../console-format';
import { consoleWords } from '../console-words';
import { html, type Html } from '../html';
import { field, formTokens } from './form-fields';

export interface AuditCriteria {
  readonly iin?: string;
  readonly phone?: string;
  readonly complaintId?: string;
  readonly from?: string;
  readonly to?: string;
}

type Refusal = { code: string; message: string } | undefined;

function recordsTable(frame: PageFrame, records: readonly AuditRecord[]): Html {
  const words = consoleWords(frame.language);
  if (records.length === 0) return html`<p>${words.noRecords}</p>`;
  return html`<table>
    <thead>
      <tr>
        <th scope="col">${words.position}</th>
        <th scope="col">${words.when}</th>
        <th scope="col">${words.type}</th>
        <th scope="col">${words.actor}</th>
        <th scope="col">${words.stream}</th>
        <th scope="col">${words.details}</th>
      </tr>
    </thead>
    <tbody>
      ${records.map(
        (r) =>
          html`<tr>
            <td class="num">${r.position}</td>
            <td class="num">${almatyTime(r.recordedAt)}</td>
            <td>${r.type}</td>
            <td>${r.actor.principal} (${r.actor.role})</td>
            <td><code>${r.streamId}</code></td>
            <td><pre>${JSON.stringify(r.data, null, 1)}</pre></td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** Criteria carried in hidden fields: personal data travels in POST bodies, never in URLs (issue 14). */
function criteriaFields(criteria: AuditCriteria): Html {
  return html`${Object.entries(criteria).map(([name, value]) =>
    value ? html`<input type="hidden" name="${name}" value="${value}" />` : '',
  )}`;
}

export function auditSearchPage(
  frame: PageFrame,
  view: {
    readonly criteria: AuditCriteria;
    readonly records?: readonly AuditRecord[];
    readonly nextCursor?: string | null;
    readonly refusal?: Refusal;
  },
): Html {
  const words = consoleWords(frame.language);
  const c = view.criteria;
  return page(
    frame,
    words.audit,
    html`<p class="hint">${words.searchHint}</p>
      ${refusalNotice(frame.language, view.refusal)}
      <form method="post" action="/console/audit/search">
        ${formTokens(frame.csrfToken)}
        <fieldset>
          <legend>${words.search}</legend>
          <div class="fields">
            ${field({ id: 'iin', label: words.iin, control: (a) => html`<input ${a} name="iin" inputmode="numeric" autocomplete="off" maxlength="32" value="${c.iin ?? ''}" />` })}
            ${field({ id: 'phone', label: words.phone, control: (a) => html`<input ${a} name="phone" type="tel" autocomplete="off" maxlength="32" value="${c.phone ?? ''}" />` })}
            ${field({ id: 'complaintId', label: words.complaintId, control: (a) => html`<input ${a} name="complaintId" autocomplete="off" maxlength="64" value="${c.complaintId ?? ''}" />` })}
            ${field({ id: 'from', label: words.from, control: (a) => html`<input ${a} type="datetime-local" name="from" value="${c.from ?? ''}" />` })}
            ${field({ id: 'to', label: words.to, control: (a) => html`<input ${a} type="datetime-local" name="to" value="${c.to ?? ''}" />` })}
            <button type="submit">${words.search}</button>
          </div>
        </fieldset>
      </form>
      ${
        view.records
          ? html`<h2>${words.audit}</h2>
              <form method="post" action="/console/audit/export" class="inline">
                ${formTokens(frame.csrfToken)}${criteriaFields(c)}
                <button type="submit" class="secondary">${words.exportJsonLines}</button>
              </form>
              ${recordsTable(frame, view.records)}
              ${
                view.nextCursor
                  ? html`<form method="post" action="/console/audit/search">
                      ${formTokens(frame.csrfToken)}${criteriaFields(c)}
                      <input type="hidden" name="cursor" value="${view.nextCursor}" />
                      <button type="submit" class="secondary">${words.nextPage}</button>
                    </form>`
                  : ''
              }`
          : ''
      }`,
  );
}

export function accountPage(
  frame: PageFrame,
  view: {
    readonly iin?: string;
    readonly asOf?: string;
    readonly link?: NumberLinkView | null;
    readonly records?: readonly AuditRecord[];
    readonly refusal?: Refusal;
  },
): Html {
  const words = consoleWords(frame.language);
  const link = view.link;
  return page(
    frame,
    words.account,
    html`<p class="hint">${words.searchHint}</p>
      ${refusalNotice(frame.language, view.refusal)}
      <form method="post" action="/console/audit/account">
        ${formTokens(frame.csrfToken)}
        <div class="fields">
          ${field({ id: 'iin', label: words.iin, control: (a) => html`<input ${a} name="iin" inputmode="numeric" autocomplete="off" required maxlength="32" value="${view.iin ?? ''}" />` })}
          ${field({ id: 'asOf', label: words.asOf, hint: words.asOfHint, control: (a) => html`<input ${a} type="datetime-local" name="asOf" value="${view.asOf ?? ''}" />` })}
          <button type="submit">${words.show}</button>
        </div>
      </form>
      ${
        link === null
          ? html`<p>${words.notFound}</p>`
          : link
            ? html`<h2>${words.stateAsOf} ${(view.asOf ?? '').replace('T', ' ')}</h2>
                <dl>
                  <dt>${words.currentNumber}</dt>
                  <dd>${link.phone ?? words.none}</dd>
                  <dt>${words.connectedAt}</dt>
                  <dd>${almatyTime(link.connectedAt)}</dd>
                  <dt>${words.channel}</dt>
                  <dd>${link.channel ?? ''}</dd>
                </dl>
                <h3>${words.history}</h3>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">${words.phone}</th>
                      <th scope="col">${words.connectedAt}</th>
                      <th scope="col">${words.releasedAt}</th>
                      <th scope="col">${words.reason}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${link.history.map(
                      (h) =>
                        html`<tr>
                          <td>${h.phone}</td>
                          <td class="num">${almatyTime(h.connectedAt)}</td>
                          <td class="num">${almatyTime(h.releasedAt)}</td>
                          <td>${h.reason ?? ''}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
            : ''
      }
      ${
        view.records
          ? html`<h2>${words.timeline}</h2>
              ${recordsTable(frame, view.records)}`
          : ''
      }`,
  );
}

export interface VerificationView {
  readonly ok: boolean;
  readonly checked: number;
  readonly checkpoints?: number;
  readonly head: { seq: number; hash: string } | null;
  readonly firstBrokenAt?: { seq: number; reason: string };
}

export function verificationPage(frame: PageFrame, result?: VerificationView, refusal?: Refusal): Html {
  const words = consoleWords(frame.language);
  return page(
    frame,
    words.verification,
    html`<p class="hint">${words.verificationHint}</p>
      ${refusalNotice(frame.language, refusal)}
      <form method="post" action="/console/audit/verification">
        ${formTokens(frame.csrfToken)}<button type="submit">${words.runVerification}</button>
      </form>
      ${
        result
          ? html`<div class="result ${result.ok ? 'ok' : 'broken'}" role="status">
              <p><strong>${result.ok ? words.trailIntact : words.trailBroken}</strong></p>
              <dl>
                <dt>${words.checked}</dt>
                <dd class="num">${result.checked}</dd>
                ${
                  result.checkpoints === undefined
                    ? ''
                    : html`<dt>${words.checkpoints}</dt>
                        <dd class="num">${result.checkpoints}</dd>`
                }
                <dt>${words.head}</dt>
                <dd>
                  ${result.head ? html`${result.head.seq} · <code>${result.head.hash}</code>` : words.none}
                </dd>
                ${
                  result.firstBrokenAt
                    ? html`<dt>${words.firstBroken}</dt>
                        <dd>${result.firstBrokenAt.seq} · <code>${result.firstBrokenAt.reason}</code></dd>`
                    : ''
                }
              </dl>
            </div>`
          : ''
      }`,
  );
}

export function accessLogPage(
  frame: PageFrame,
  view: {
    readonly records: readonly AuditRecord[];
    readonly nextCursor: string | null;
    readonly cursor?: string;
    readonly refusal?: Refusal;
  },
): Html {
  const words = consoleWords(frame.language);
  return page(
    frame,
    words.accessLog,
    html`${refusalNotice(frame.language, view.refusal)}
      <table>
        <thead>
          <tr>
            <th scope="col">${words.when}</th>
            <th scope="col">${words.reader}</th>
            <th scope="col">${words.role}</th>
            <th scope="col">${words.query}</th>
            <th scope="col">${words.target}</th>
          </tr>
        </thead>
        <tbody>
          ${view.records.map((r) => {
            const data = r.data as {
              readBy?: string;
              role?: string;
              query?: string;
              iin?: string;
              phone?: string;
              complaintId?: string;
            };
            return html`<tr>
              <td class="num">${almatyTime(r.recordedAt)}</td>
              <td>${data.readBy ?? ''}</td>
              <td>${data.role ?? ''}</td>
              <td><code>${data.query ?? ''}</code></td>
              <td>${[data.iin, data.phone, data.complaintId].filter(Boolean).join(' · ')}</td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${view.records.length === 0 ? html`<p>${words.noRecords}</p>` : ''}
      <p>
        ${view.cursor ? html`<a href="/console/audit/access-log">${words.firstPage}</a> ` : ''}${view.nextCursor ? html`<a href="/console/audit/access-log?cursor=${view.nextCursor}">${words.nextPage}</a>` : ''}
      </p>`,
  );
}
