import { page, refusalNotice, type PageFrame } from '../console-layout';
import { consoleWords, type ConsoleWord } from '../console-words';
import { html, type Html } from '../html';
import { field, formTokens, options, type FormFailure } from './form-fields';

/** A paper complaint a reviewer records for a citizen, with the date it was received (SPEC R18). */
export function newComplaintPage(
  frame: PageFrame,
  view: {
    readonly idempotencyKey: string;
    readonly failure?: FormFailure;
    readonly values?: Readonly<Record<string, string>>;
  },
): Html {
  const words = consoleWords(frame.language);
  const word = (value: string) => words[value as ConsoleWord] ?? value;
  const value = (name: string) => view.values?.[name] ?? '';
  const error = (name: string) => (view.failure?.field === name ? { error: view.failure.message } : {});
  return page(
    frame,
    words.newComplaint,
    html`${view.failure && view.failure.field === undefined ? refusalNotice(frame.language, view.failure) : ''}
      <form method="post" action="/console/complaints">
        ${formTokens(frame.csrfToken, view.idempotencyKey)}
        <div class="fields">
          ${field({ id: 'iin', label: words.iin, control: (a) => html`<input ${a} name="iin" inputmode="numeric" autocomplete="off" required maxlength="32" value="${value('iin')}" />`, ...error('iin') })}
          ${field({
            id: 'filedWith',
            label: words.filedWith,
            control: (a) =>
              html`<select ${a} name="filedWith">
                ${options(['service_provider', 'quality_authority'], word, value('filedWith'))}
              </select>`,
            ...error('filedWith'),
          })}
          ${field({ id: 'registeredAt', label: words.receiptDate, hint: words.optionalNow, control: (a) => html`<input ${a} type="datetime-local" name="registeredAt" value="${value('registeredAt')}" />`, ...error('registeredAt') })}
          ${field({ id: 'requestId', label: words.requestId, control: (a) => html`<input ${a} name="requestId" autocomplete="off" maxlength="64" value="${value('requestId')}" />`, ...error('requestId') })}
          ${field({ id: 'subject', label: words.subject, wide: true, control: (a) => html`<input ${a} name="subject" required maxlength="200" value="${value('subject')}" />`, ...error('subject') })}
          ${field({ id: 'text', label: words.text, wide: true, control: (a) => html`<textarea ${a} name="text" required maxlength="10000">${value('text')}</textarea>`, ...error('text') })}
          <button type="submit">${words.createComplaint}</button>
        </div>
      </form>`,
  );
}
