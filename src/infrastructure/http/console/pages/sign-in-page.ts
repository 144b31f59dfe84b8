import { page, type PageFrame } from '../console-layout';
import { consoleWords } from '../console-words';
import { html, type Html } from '../html';
import { field, formTokens } from './form-fields';

export function signInPage(frame: PageFrame, problem?: string): Html {
  const words = consoleWords(frame.language);
  return page(
    frame,
    words.signIn,
    html`${problem ? html`<div class="refusal" role="alert">${problem}</div>` : ''}
      <p class="hint">${words.signInHint}</p>
      <form method="post" action="/console/sign-in">
        ${formTokens(frame.csrfToken)}
        <div class="fields">
          ${field({
            id: 'key',
            label: words.apiKey,
            control: (a) =>
              html`<input ${a} name="key" type="password" autocomplete="off" required maxlength="512" />`,
            ...(problem ? { error: problem } : {}),
          })}
          <button type="submit">${words.signIn}</button>
        </div>
      </form>`,
  );
}
