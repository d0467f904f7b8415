import { cspHash, html, SafeHtml } from './html.js';

/** House style in the spirit of the NL Design System: plain, high contrast, large targets. */
const css = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0}
header{background:#154273;color:#fff;padding:1rem 1.5rem}
header p{margin:0;font-weight:600}
main{max-width:44rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.75rem;line-height:1.2}
h1,h2,legend,label{overflow-wrap:break-word;hyphens:auto}
@media (max-width:30rem){main{padding:1rem}h1{font-size:1.5rem}}
a{color:#154273}
a:focus,input:focus,textarea:focus,button:focus{outline:3px solid #ffbf47;outline-offset:2px}
label,legend{display:block;font-weight:600;margin-top:1.25rem}
.hint{color:#4a4a4a;margin:.25rem 0}
input[type=text],textarea{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:2px solid #1a1a1a;border-radius:2px}
textarea{min-height:12rem}
fieldset{border:0;padding:0;margin:0}
.choice{display:flex;gap:.5rem;align-items:center;margin:.5rem 0}
.choice input{width:1.25rem;height:1.25rem}
.choice label{display:inline;font-weight:400;margin:0}
button.secondary{background:#fff;color:#154273;border:2px solid #154273}
button{font:inherit;font-weight:600;margin-top:1.5rem;padding:.75rem 1.5rem;background:#154273;color:#fff;border:0;border-radius:2px;cursor:pointer}
.error-summary{border:3px solid #b00020;padding:1rem;margin:1rem 0}
.error-summary h2{margin-top:0;font-size:1.25rem}
.field-error{color:#b00020;font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border-color:#b00020!important}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.notice{border-left:6px solid #154273;background:#eef3f8;padding:.75rem 1rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.5rem .5rem .5rem 0;border-bottom:1px solid #6f6f6f}
td button{margin-top:0;padding:.5rem 1rem}
/* A wide table scrolls in its own region (keyboard-focusable), so the page itself reflows at 320 px (WCAG 1.4.10). */
.scroll{overflow-x:auto;position:relative}
.scroll:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
`;

export const styleHash = cspHash(css);

export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} – Prestatieafspraken</title>
<style>${new SafeHtml(css)}</style>
</head>
<body>
<header><p>Prestatieafspraken</p></header>
<main id="inhoud">
${body}
</main>
</body>
</html>`.value;
}
