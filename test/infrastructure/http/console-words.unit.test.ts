import { ALL_CONSOLE_WORDS, CONSOLE_LANGUAGES } from '../../../src/infrastructure/http/console/console-words';
import { escapeHtml, html } from '../../../src/infrastructure/http/console/html';

describe("the console's own words (SPEC §9)", () => {
  it('has every word in Kazakh, Russian and English, none empty or left in English', () => {
    const english = ALL_CONSOLE_WORDS.en;
    for (const language of CONSOLE_LANGUAGES) {
      const words = ALL_CONSOLE_WORDS[language];
      expect(Object.keys(words).sort()).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(words))
        expect([language, key, text.trim().length > 0]).toEqual([language, key, true]);
    }
    const untranslated = (['kk', 'ru'] as const).flatMap((language) =>
      Object.entries(ALL_CONSOLE_WORDS[language])
        .filter(([key, text]) => text === english[key as keyof typeof english] && !/^[\d№.]+$/.test(text))
        .map(([key]) => `${language}.${key}`),
    );
    expect(untranslated).toEqual([]);
  });
});

describe("the console's template tag", () => {
  it('escapes what a person typed, so a complaint text never becomes markup', () => {
    const typed = `<script>alert("x")</script>' onload='x`;
    expect(html`<p title="${typed}">${typed}</p>`.text).toBe(
      `<p title="${escapeHtml(typed)}">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x</p>`,
    );
    const list = ['<a>', html`<li>ok</li>`];
    // Prettier lays the template out on lines; what counts is what was escaped, not the spaces.
    const rendered = html`<ul>
      ${list}
    </ul>`.text.replace(/\s+/g, '');
    expect(rendered).toBe('<ul>&lt;a&gt;<li>ok</li></ul>');
  });
});
