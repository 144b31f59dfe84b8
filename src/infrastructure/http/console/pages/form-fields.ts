import { html, type Html } from '../html';

/** A form's failure as the API answered it, placed next to the field it names when it names one. */
export interface FormFailure {
  readonly form: string;
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

/** Refusals that are about one field by their nature. */
const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  invalid_iin: 'iin',
  not_an_individual: 'iin',
  invalid_phone: 'phone',
};

/** The field an API refusal is about: by its code, `details.field`, or the `field:` a message opens with. */
export function fieldOf(error: {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}): string | undefined {
  if (FIELD_OF_CODE[error.code]) return FIELD_OF_CODE[error.code];
  if (typeof error.details?.field === 'string') return error.details.field;
  if (typeof error.details?.reason === 'string') {
    const named = /^([a-zA-Z]+)(?:\.[a-zA-Z]+)?:/.exec(error.details.reason)?.[1];
    if (named) return named;
  }
  return /^([a-zA-Z]+)(?:\.[a-zA-Z]+)?:/.exec(error.message)?.[1];
}

/** A labelled control with its hint and, when the API refused it, the refusal beside it. */
export function field(options: {
  readonly id: string;
  readonly label: string;
  readonly control: (attributes: Html) => Html;
  readonly hint?: string;
  readonly error?: string;
  readonly wide?: boolean;
}): Html {
  const described = [options.hint ? `${options.id}-hint` : '', options.error ? `${options.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const attributes = html`id="${options.id}"${described ? html` aria-describedby="${described}"` : ''}${
    options.error ? html` aria-invalid="true"` : ''
  }`;
  return html`<div class="field${options.wide ? ' wide' : ''}">
    <label for="${options.id}">${options.label}</label>
    ${options.control(attributes)}
    ${options.hint ? html`<p class="hint" id="${options.id}-hint">${options.hint}</p>` : ''}
    ${options.error ? html`<p class="field-error" id="${options.id}-error">${options.error}</p>` : ''}
  </div>`;
}

export function options(
  values: readonly string[],
  label: (value: string) => string,
  selected?: string,
): Html {
  return html`${values.map(
    (value) =>
      html`<option value="${value}" ${value === selected ? html` selected` : ''}>${label(value)}</option>`,
  )}`;
}

/** The hidden fields every console form carries: the CSRF token, and a fresh idempotency key for writes. */
export function formTokens(csrfToken: string, idempotencyKey?: string): Html {
  return html`<input type="hidden" name="csrf" value="${csrfToken}" />${
      idempotencyKey ? html`<input type="hidden" name="idempotencyKey" value="${idempotencyKey}" />` : ''
    }`;
}
