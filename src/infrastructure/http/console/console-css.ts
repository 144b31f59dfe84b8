/** The console's one stylesheet: readable at 1280×800 and on a tablet, WCAG AA contrast, visible focus. */
export const CONSOLE_CSS = `
:root { --ink: #1b1f24; --muted: #4a5562; --line: #c9d1d9; --accent: #0b5cad; --bad: #a4161a; --warn: #7a4b00;
  --good: #1e6b30; --paper: #ffffff; --shade: #f3f5f7; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--paper); font-size: 16px; line-height: 1.45; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: var(--paper); padding: 6px 10px; z-index: 10; }
header { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; padding: 10px 24px; background: var(--shade);
  border-bottom: 1px solid var(--line); }
header .brand { margin: 0; font-weight: 700; }
header .brand a { color: var(--ink); text-decoration: none; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0; padding: 0; }
nav a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--ink); }
.tools { margin-left: auto; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
.who { color: var(--muted); margin-right: 6px; }
main { padding: 16px 24px 48px; max-width: 1280px; }
main:focus { outline: none; }
h1 { font-size: 1.5rem; margin: 8px 0 16px; }
h2 { font-size: 1.2rem; margin: 24px 0 8px; }
form.inline { display: inline-flex; gap: 6px; align-items: center; margin: 0; }
fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 0 0 16px; }
legend { font-weight: 600; padding: 0 4px; }
.fields { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: flex-end; }
.field { display: flex; flex-direction: column; gap: 4px; min-width: 180px; }
.field.wide { flex: 1 1 100%; }
label { font-weight: 600; font-size: 0.95rem; }
input, select, textarea, button { font: inherit; padding: 6px 8px; border: 1px solid #7d8792; border-radius: 4px; background: var(--paper); color: var(--ink); }
textarea { min-height: 6em; width: 100%; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; min-height: 38px; }
button.secondary { background: var(--paper); color: var(--accent); }
.hint { color: var(--muted); font-size: 0.9rem; margin: 0; }
.field-error { color: var(--bad); font-size: 0.9rem; margin: 0; font-weight: 600; }
[aria-invalid="true"] { border-color: var(--bad); border-width: 2px; }
.refusal { border-left: 4px solid var(--bad); background: #fdecec; padding: 8px 12px; margin: 0 0 16px; }
.notice { border-left: 4px solid var(--accent); background: #e8f1fb; padding: 8px 12px; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
th { background: var(--shade); font-weight: 600; }
td.num { font-variant-numeric: tabular-nums; }
.tag { display: inline-block; border-radius: 4px; padding: 1px 6px; font-size: 0.85rem; font-weight: 600; white-space: nowrap; }
.tag.missed { background: #fdecec; color: var(--bad); border: 1px solid var(--bad); }
.tag.today { background: #fff4e0; color: var(--warn); border: 1px solid var(--warn); }
.tag.soon { background: #fffbe8; color: var(--warn); border: 1px dashed var(--warn); }
.tag.met { background: #e9f6ec; color: var(--good); border: 1px solid var(--good); }
.tag.pending { background: var(--shade); color: var(--muted); border: 1px solid var(--line); }
.result.ok { border-left: 4px solid var(--good); background: #e9f6ec; padding: 8px 12px; }
.result.broken { border-left: 4px solid var(--bad); background: #fdecec; padding: 8px 12px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
pre { white-space: pre-wrap; word-break: break-word; background: var(--shade); padding: 6px; margin: 0; font-size: 0.85rem; max-height: 12em; overflow: auto; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 16px; }
dt { font-weight: 600; }
dd { margin: 0; }
@media (max-width: 900px) { main, header { padding-left: 12px; padding-right: 12px; } .tools { margin-left: 0; } table { font-size: 0.9rem; } }
`;

/** The tab icon (a browser asks for one; without it every page logs a 404). */
export const CONSOLE_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b5cad"/>' +
  '<path d="M4 12V4l8 8V4" stroke="#fff" stroke-width="2" fill="none"/></svg>';
