/**
 * A report as one self-contained HTML file: the style sheet, the script and the run's data are inline,
 * and the page's Content-Security-Policy allows exactly that script and that style (by hash) and no
 * network at all. The data sits in a JSON block with `<` escaped, so no string from the run can end it.
 */
import { createHash } from 'node:crypto';
import { clientAssets } from '../client-assets.ts';
import { type ReportData, reportDataElementId } from '../protocol.ts';

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** JSON that is safe inside `<script type="application/json">`. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The report page for `data`. */
export async function renderReport(data: ReportData): Promise<string> {
  const assets = await clientAssets('report');
  // neither can close its element early: `</script` / `</style` only occur inside literals, where `<\/` means the same
  const script = assets.js.replace(/<\/(script)/gi, '<\\/$1');
  const style = assets.css.replace(/<\/(style)/gi, '<\\/$1');
  const policy = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = `Ratchet report · ${data.overview.problem} · ${data.overview.runId}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ratchet ${escapeHtml(data.overview.ratchetVersion)}">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<div id="app"><noscript>This report draws its charts and tables with JavaScript; its data is in the page source.</noscript></div>
<script type="application/json" id="${reportDataElementId}">${inlineJson(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}
