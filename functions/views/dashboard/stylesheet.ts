import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The dashboard's stylesheet: the NL Design System's Utrecht design tokens and its styles for plain
 * HTML elements (the packages on npm, read as they are), then the house additions for what the
 * dashboard needs beyond them (navigation, the year timeline, status labels, print).
 * In Lambda the two files sit next to the bundle (copied in at bundling); locally they are read
 * from node_modules.
 */
export const NLDS_FILES = {
  'theme.css': '@utrecht/design-tokens/dist/theme.css',
  'html.css': '@utrecht/component-library-css/dist/html.css',
} as const;

function nldsFile(name: keyof typeof NLDS_FILES): string {
  const bundled = join(dirname(fileURLToPath(import.meta.url)), 'nlds', name);
  if (existsSync(bundled)) return readFileSync(bundled, 'utf8');
  return readFileSync(createRequire(import.meta.url).resolve(NLDS_FILES[name]), 'utf8');
}

const house = `
.utrecht-theme{--utrecht-document-font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--huis-kleur:#154273;--huis-focus:#ffbf47}
body{margin:0}
.huis-skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem}
.huis-skip:focus{left:1rem;z-index:2}
.huis-kop{background:var(--huis-kleur);color:#fff;padding:.75rem 1.5rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
.huis-kop p{margin:0;font-weight:700}
.utrecht-html .huis-kop p,.utrecht-html .huis-kop span{color:#fff}
.utrecht-html .huis-kop a,.utrecht-html .huis-kop a:visited{color:#fff}
.huis-kop form{margin:0}
.utrecht-html .huis-kop button{margin:0;background:#fff;color:var(--huis-kleur);border:2px solid #fff;padding:.35rem .9rem;font-weight:600;border-radius:2px}
.huis-nav{background:#eef3f8;border-bottom:1px solid #b7c5d6;padding:0 1.5rem}
.huis-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0;padding:.6rem 0}
.utrecht-html .huis-nav a{font-weight:600;color:var(--huis-kleur)}
.huis-nav a[aria-current=page]{text-decoration-thickness:3px}
main{max-width:80rem;margin:0 auto;padding:1.5rem}
.utrecht-html main :is(h1,h2,h3,h4){overflow-wrap:break-word;hyphens:auto}
@media (max-width:30rem){main{padding:1rem}.utrecht-html main h1{font-size:1.5rem}}
.utrecht-html a:focus-visible,.utrecht-html button:focus-visible,.utrecht-html input:focus-visible,.utrecht-html select:focus-visible,.utrecht-html textarea:focus-visible,.utrecht-html summary:focus-visible{outline:3px solid var(--huis-focus);outline-offset:2px;box-shadow:0 0 0 5px #1a1a1a}
.utrecht-html .huis-plat,.utrecht-html .huis-nav ul,.utrecht-html .huis-tellers,.utrecht-html .huis-tijdlijn ul{list-style:none;padding-inline-start:0}
.utrecht-html .huis-plat>li,.utrecht-html .huis-nav ul>li,.utrecht-html .huis-tellers>li,.utrecht-html .huis-tijdlijn ul>li{padding-inline-start:0}
.utrecht-html .huis-plat>li::marker,.utrecht-html .huis-nav ul>li::marker,.utrecht-html .huis-tellers>li::marker,.utrecht-html .huis-tijdlijn ul>li::marker{content:none}
.huis-tellers{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0}
.huis-tellers li{border:2px solid #b7c5d6;border-radius:4px;padding:.5rem .9rem;min-width:8rem}
.huis-tellers strong{display:block;font-size:1.75rem;line-height:1.1}
.huis-scroll{overflow-x:auto;border:1px solid #b7c5d6;position:relative}
.huis-scroll:focus-visible{outline:3px solid var(--huis-focus)}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #d0d7de;padding:.45rem .6rem;text-align:left;vertical-align:top}
td{overflow-wrap:anywhere}
thead th{background:#eef3f8}
.utrecht-html .huis-tijdlijn th[scope=row]{background:#f7f9fb;min-width:10rem;max-width:14rem}
.utrecht-html .huis-tijdlijn thead th{white-space:nowrap}
.utrecht-html .huis-tijdlijn td{min-width:10rem}
.huis-tijdlijn ul{list-style:none;margin:0;padding:0}
.huis-tijdlijn li{margin:.2rem 0;font-size:.9rem}
.huis-status{display:inline-block;border-radius:3px;padding:0 .4rem;font-size:.85rem;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.huis-status-gepland,.huis-status-open{color:#1a1a1a;background:#fff}
.huis-status-binnenkort{color:#5c3c00;background:#fff4d6}
.huis-status-te-laat{color:#fff;background:#a4001d;border-color:#a4001d}
.huis-status-ingediend{color:#0b4f1c;background:#e3f4e6}
.huis-status-te-laat-ingediend{color:#5c3c00;background:#e3f4e6}
.huis-status-vrijgesteld{color:#3d3d3d;background:#ececec}
.utrecht-html .huis-filter{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;margin:1rem 0}
.utrecht-html .huis-filter select{width:auto;min-width:12rem}
.utrecht-html .huis-filter button{margin:0}
.huis-filter label,.huis-veld label{display:block;font-weight:600}
select,input[type=text],input[type=email],input[type=date],textarea{font:inherit;padding:.4rem;border:2px solid #1a1a1a;border-radius:2px;background:#fff;color:#1a1a1a}
textarea{width:100%;box-sizing:border-box;min-height:5rem}
.huis-veld{margin:.75rem 0}
.huis-veld .hint{color:#4a4a4a;margin:.1rem 0 .3rem}
.utrecht-html main button{cursor:pointer;font:inherit;font-weight:600;background:var(--huis-kleur);color:#fff;border:2px solid var(--huis-kleur);border-radius:2px;padding:.55rem 1.2rem;margin-top:.5rem}
.utrecht-html main button:hover{background:#0e2f52}
.utrecht-html main button.huis-knop-secundair{background:#fff;color:var(--huis-kleur)}
.utrecht-html main button.huis-knop-secundair:hover{background:#eef3f8}
.utrecht-html blockquote p{color:#1a1a1a;font-size:1rem}
.utrecht-html blockquote{color:#1a1a1a;background:#f7f9fb;border-left:4px solid #b7c5d6;font-style:italic;padding:.5rem 1rem;margin:.25rem 0 1rem}
.utrecht-html figure{margin:.5rem 0}
.huis-acties{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(20rem,100%),1fr));gap:1rem}
.huis-kop span{overflow-wrap:anywhere}
.huis-kaart{border:1px solid #b7c5d6;border-radius:4px;padding:1rem}
.huis-kaart h3,.huis-kaart>h2:first-child{margin-top:0}
.utrecht-html .huis-rol{overflow-wrap:normal;white-space:nowrap}
.huis-melding{border-left:6px solid var(--huis-kleur);background:#eef3f8;padding:.75rem 1rem;margin:1rem 0}
.huis-fout{border:3px solid #a4001d;padding:.75rem 1rem;margin:1rem 0}
.huis-fout h2{margin-top:0;font-size:1.2rem}
.field-error{color:#a4001d;font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border-color:#a4001d!important}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.utrecht-html .huis-keuze label{display:inline;font-weight:400}
.huis-keuze{margin:.35rem 0}
.huis-gebounced{color:#a4001d;font-weight:600}
dl.huis-gegevens{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.huis-gegevens dt{font-weight:600}
dl.huis-gegevens dd{margin:0;overflow-wrap:anywhere}
blockquote{margin:.5rem 0}
.huis-klein{font-size:.85rem;color:#3d3d3d}
@media print{.huis-scroll{overflow:visible;border:0}.huis-kop form,.huis-nav,.huis-skip,.huis-niet-printen{display:none}.huis-kop{background:#fff;color:#000;border-bottom:2px solid #000}main{max-width:none;padding:0}a{color:#000}table{page-break-inside:auto}tr{page-break-inside:avoid}}
`;

let cached: { css: string; version: string } | undefined;

/**
 * Read on first use, not at module load: a function that never serves a dashboard page (the
 * sign-in in AWS only redirects) neither pays for it nor needs the files.
 */
function load(): { css: string; version: string } {
  if (!cached) {
    const css = `${nldsFile('theme.css')}\n${nldsFile('html.css')}\n${house}`;
    cached = { css, version: createHash('sha256').update(css).digest('hex').slice(0, 12) };
  }
  return cached;
}

export const stylesheet = (): string => load().css;

/** Changes whenever the stylesheet does, so the browser may keep it for a year. */
export const stylesheetVersion = (): string => load().version;

export const STYLESHEET_PATH = '/stijl/beheer.css';
