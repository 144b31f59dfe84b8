import type { ConsoleSession } from './console-sessions';
import { CONSOLE_LANGUAGES, consoleWords, type ConsoleLanguage, type ConsoleWord } from './console-words';
import { html, type Html } from './html';

export interface PageFrame {
  readonly language: ConsoleLanguage;
  readonly session?: ConsoleSession;
  /** The path of this page, to come back to after a change of language. */
  readonly here: string;
  /** The token forms of this page carry (the session's, or the sign-in page's own). */
  readonly csrfToken: string;
}

const LANGUAGE_NAMES: Readonly<Record<ConsoleLanguage, string>> = {
  kk: 'Қазақша',
  ru: 'Русский',
  en: 'English',
};

function navigation(frame: PageFrame): Html {
  const words = consoleWords(frame.language);
  const role = frame.session?.principal.role;
  const links: [string, ConsoleWord][] =
    role === 'reviewer'
      ? [
          ['/console/complaints', 'complaints'],
          ['/console/complaints/new', 'newComplaint'],
        ]
      : role === 'auditor'
        ? [
            ['/console/audit', 'audit'],
            ['/console/audit/account', 'account'],
            ['/console/audit/verification', 'verification'],
            ['/console/audit/access-log', 'accessLog'],
          ]
        : [];
  return html`<nav aria-label="${words.title}">
    <ul>
      ${links.map(
        ([href, word]) =>
          html`<li>
            <a href="${href}" ${frame.here === href ? html` aria-current="page"` : ''}>${words[word]}</a>
          </li>`,
      )}
    </ul>
  </nav>`;
}

/** The page around every console view: language switch, navigation by role, sign-out. */
export function page(frame: PageFrame, heading: string, content: Html): Html {
  const words = consoleWords(frame.language);
  return html`<!doctype html>
    <html lang="${frame.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${heading} · ${words.title}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <link rel="icon" href="/console/assets/icon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">${words.skipToContent}</a>
        <header>
          <p class="brand"><a href="/console">${words.title}</a></p>
          ${frame.session ? navigation(frame) : ''}
          <div class="tools">
            <form method="post" action="/console/language" class="inline">
              <input type="hidden" name="csrf" value="${frame.csrfToken}" />
              <input type="hidden" name="return" value="${frame.here}" />
              <label for="language">${words.language}</label>
              <select id="language" name="language">
                ${CONSOLE_LANGUAGES.map(
                  (code) =>
                    html`<option value="${code}" ${code === frame.language ? html` selected` : ''}>
                      ${LANGUAGE_NAMES[code]}
                    </option>`,
                )}
              </select>
              <button type="submit">${words.change}</button>
            </form>
            ${
              frame.session
                ? html`<form method="post" action="/console/sign-out" class="inline">
                    <input type="hidden" name="csrf" value="${frame.csrfToken}" />
                    <span class="who"
                      >${words.signedInAs} ${frame.session.principal.id}
                      (${frame.session.principal.role})</span
                    >
                    <button type="submit">${words.signOut}</button>
                  </form>`
                : ''
            }
          </div>
        </header>
        <main id="main" tabindex="-1">
          <h1>${heading}</h1>
          ${content}
        </main>
      </body>
    </html>`;
}

/** A refusal of the API shown where the person looks: its message, with the code for support. */
export function refusalNotice(
  language: ConsoleLanguage,
  refusal: { code: string; message: string } | undefined,
): Html {
  if (!refusal) return html``;
  return html`<div class="refusal" role="alert">
    <strong>${consoleWords(language).refused}:</strong> ${refusal.message} <code>${refusal.code}</code>
  </div>`;
}
