import type { Language } from '../../domain/shared/language';

/**
 * A small subset of ICU MessageFormat, enough for numlink's messages:
 * - `{name}` the value as it is;
 * - `{name, plural, =0 {…} one {…} few {…} many {…} other {…}}` the branch `Intl.PluralRules` picks for
 *   the language (`#` is the number);
 * - `{name, date}` an instant as a calendar date in Asia/Almaty (SPEC R22), or `{name, date, {… # …}}`
 *   a clause around that date.
 * A placeholder whose value is absent renders as nothing, so an optional clause sits in its own braces.
 */
export type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly name: string }
  | { readonly kind: 'number' }
  | {
      readonly kind: 'plural';
      readonly name: string;
      readonly branches: Readonly<Record<string, readonly Part[]>>;
    }
  | { readonly kind: 'date'; readonly name: string; readonly clause?: readonly Part[] };

export class TemplateError extends Error {
  constructor(template: string, problem: string) {
    super(`${problem} in "${template}"`);
    this.name = 'TemplateError';
  }
}

/** Parses a template; a malformed one throws (the catalogue test parses every text). */
export function parseTemplate(template: string): readonly Part[] {
  const parser = new Parser(template);
  const parts = parser.parts(false);
  if (!parser.atEnd()) parser.fail('an unmatched "}"');
  return parts;
}

class Parser {
  private at = 0;

  constructor(private readonly source: string) {}

  atEnd(): boolean {
    return this.at >= this.source.length;
  }

  fail(problem: string): never {
    throw new TemplateError(this.source, `${problem} at ${this.at}`);
  }

  /** Parts up to the end, or up to the `}` closing a branch (left unread). */
  parts(inBranch: boolean): Part[] {
    const parts: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ kind: 'text', text });
      text = '';
    };
    while (!this.atEnd()) {
      const char = this.source[this.at]!;
      if (char === '}') break;
      if (char === '{') {
        flush();
        parts.push(this.placeholder());
      } else if (char === '#' && inBranch) {
        flush();
        parts.push({ kind: 'number' });
        this.at++;
      } else {
        text += char;
        this.at++;
      }
    }
    flush();
    return parts;
  }

  private placeholder(): Part {
    this.at++; // {
    const name = this.word();
    if (!name) this.fail('a placeholder without a name');
    this.spaces();
    if (this.peek() === '}') {
      this.at++;
      return { kind: 'value', name };
    }
    this.expect(',');
    this.spaces();
    const type = this.word();
    this.spaces();
    if (type === 'date') {
      if (this.peek() === '}') {
        this.at++;
        return { kind: 'date', name };
      }
      this.expect(',');
      this.spaces();
      const clause = this.branch();
      this.spaces();
      this.expect('}');
      return { kind: 'date', name, clause };
    }
    if (type !== 'plural') this.fail(`an unknown placeholder type "${type}"`);
    this.expect(',');
    const branches: Record<string, readonly Part[]> = {};
    for (;;) {
      this.spaces();
      if (this.peek() === '}') {
        this.at++;
        break;
      }
      const selector = this.word();
      if (!selector) this.fail('a plural branch without a selector');
      if (branches[selector]) this.fail(`a repeated plural branch "${selector}"`);
      this.spaces();
      branches[selector] = this.branch();
    }
    if (!branches.other) this.fail('a plural without "other"');
    return { kind: 'plural', name, branches };
  }

  private branch(): Part[] {
    this.expect('{');
    const parts = this.parts(true);
    this.expect('}');
    return parts;
  }

  private word(): string {
    const match = /^=?[A-Za-z0-9_]+/.exec(this.source.slice(this.at));
    this.at += match?.[0].length ?? 0;
    return match?.[0] ?? '';
  }

  private spaces(): void {
    while (/\s/.test(this.peek() ?? '')) this.at++;
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }

  private expect(char: string): void {
    if (this.peek() !== char) this.fail(`"${char}" expected`);
    this.at++;
  }
}

/** Every placeholder name a template uses, the names inside branches included. */
export function placeholderNames(parts: readonly Part[]): ReadonlySet<string> {
  const names = new Set<string>();
  const walk = (list: readonly Part[]) => {
    for (const part of list) {
      if (part.kind === 'value' || part.kind === 'plural' || part.kind === 'date') names.add(part.name);
      if (part.kind === 'plural') Object.values(part.branches).forEach(walk);
      if (part.kind === 'date' && part.clause) walk(part.clause);
    }
  };
  walk(parts);
  return names;
}

/** The plural branches of a template, with the placeholder each belongs to. */
export function pluralBranches(parts: readonly Part[]): { name: string; selectors: string[] }[] {
  const found: { name: string; selectors: string[] }[] = [];
  const walk = (list: readonly Part[]) => {
    for (const part of list) {
      if (part.kind !== 'plural') continue;
      found.push({ name: part.name, selectors: Object.keys(part.branches) });
      Object.values(part.branches).forEach(walk);
    }
  };
  walk(parts);
  return found;
}

export type MessageParams = Readonly<Record<string, unknown>>;

const pluralRules = new Map<Language, Intl.PluralRules>();
const dateFormats = new Map<Language, Intl.DateTimeFormat>();

function pluralRulesFor(language: Language): Intl.PluralRules {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return rules;
}

function dateFormatFor(language: Language): Intl.DateTimeFormat {
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'Asia/Almaty' });
    dateFormats.set(language, format);
  }
  return format;
}

const plainNumber = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

/** Renders parsed parts in a language; absent or unusable values render as nothing. */
export function renderParts(parts: readonly Part[], language: Language, params: MessageParams): string {
  const render = (list: readonly Part[], hash?: string): string =>
    list
      .map((part) => {
        switch (part.kind) {
          case 'text':
            return part.text;
          case 'number':
            return hash ?? '';
          case 'value': {
            const value = params[part.name];
            if (typeof value === 'number') return plainNumber(value);
            return typeof value === 'string' ? value : '';
          }
          case 'plural': {
            const value = params[part.name];
            if (typeof value !== 'number' || !Number.isFinite(value)) return '';
            const branch =
              part.branches[`=${value}`] ??
              part.branches[pluralRulesFor(language).select(value)] ??
              part.branches.other!;
            return render(branch, plainNumber(value));
          }
          case 'date': {
            const value = params[part.name];
            const millis = typeof value === 'string' ? Date.parse(value) : Number.NaN;
            if (Number.isNaN(millis)) return '';
            const date = dateFormatFor(language).format(millis);
            return part.clause ? render(part.clause, date) : date;
          }
        }
      })
      .join('');
  return render(parts);
}
