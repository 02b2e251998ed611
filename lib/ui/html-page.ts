/**
 * A complete, self-contained HTML page for answers that route handlers give
 * with a status other than 200 (sign-in failures, denials): a Server Component
 * page cannot choose its status. Every value is escaped.
 */
import { brandColours } from './colour';

export interface PageAction {
  label: string;
  href: string;
  primary?: boolean;
}

/** The header's language switcher: links, as app/language-switcher.tsx. */
export interface PageLanguages {
  /** "Language", in the page's language: the navigation's name. */
  label: string;
  links: { lang: string; name: string; href: string; current: boolean }[];
}

export interface HtmlPageOptions {
  status: number;
  title: string;
  message: string;
  /** More paragraphs after the message (a denial's further reasons). */
  paragraphs?: string[];
  /** Links within the text, each in a paragraph of its own (where to renew a membership). */
  links?: { label: string; href: string }[];
  detail?: string;
  /** Whom to ask (LIBRARY_CONTACT, already worded), in a paragraph of its own. */
  contact?: string;
  actions?: PageAction[];
  lang: string;
  /** The library's name in the header, linking to the start page. */
  library?: string;
  /** LIBRARY_LOGO_URL, beside the name. */
  logoUrl?: string;
  /** The page's icon in the browser's tab: the library's logo where configured, else the gateway's /favicon.ico. */
  iconUrl?: string;
  /** LIBRARY_ACCENT; made readable per colour scheme by brandColours(). */
  accent?: string;
  headers?: HeadersInit;
  languages?: PageLanguages;
  /** A signed-in patron's "Sign out" button in the header (a POST form to /auth/logout). */
  signOut?: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

// The look of app/layout.tsx and app/globals.css (Tailwind's slate palette, a 48rem column, the same card and buttons),
// without Tailwind: these pages carry their own style. The brand's accent arrives as --brand-* on <html>.
const STYLE = `
:root{color-scheme:light dark;--bg:#f8fafc;--card:#fff;--text:#0f172a;--muted:#334155;--border:#e2e8f0;--accent:var(--brand-accent,#0b5cad);--on-accent:var(--brand-on-accent,#fff)}
@media (prefers-color-scheme:dark){:root{--bg:#020617;--card:#0f172a;--text:#f1f5f9;--muted:#cbd5e1;--border:#1e293b;--accent:var(--brand-accent-dark,#4885c2);--on-accent:var(--brand-on-accent-dark,#000)}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--text);line-height:1.5;overflow-wrap:break-word;-webkit-font-smoothing:antialiased}
header{background:var(--card);border-top:4px solid var(--accent);border-bottom:1px solid var(--border)}
.bar,main{max-width:48rem;margin:0 auto;padding:1rem 1.25rem}
.bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.75rem 1.5rem}
.tools{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem}
.langs{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;margin:0 -.5rem;padding:0;font-size:.875rem}
.langs a,.langs span{display:inline-block;padding:.25rem .5rem;border-radius:.25rem;color:var(--muted);text-underline-offset:4px}
.langs a{text-decoration:none}.langs a:hover{text-decoration:underline}
.langs span{color:var(--text);font-weight:600;text-decoration:underline;text-decoration-thickness:2px}
.signout{margin:0}.signout button{font:inherit;font-size:.875rem;font-weight:600;color:var(--text);background:none;border:1px solid var(--muted);border-radius:.5rem;padding:.375rem .75rem;cursor:pointer}
.signout button:hover{text-decoration:underline;text-underline-offset:4px}
button:focus-visible{outline:3px solid var(--accent);outline-offset:3px}
a.inline{color:var(--accent);font-weight:600;text-underline-offset:3px}
main{padding:2.5rem 1.25rem}
.brand{display:inline-flex;align-items:center;gap:.75rem;font-weight:600;color:inherit;text-decoration:none;border-radius:.25rem}
.brand img{height:2rem;width:auto}
.card{background:var(--card);border:1px solid var(--border);border-radius:.75rem;padding:1.5rem;box-shadow:0 1px 2px rgb(0 0 0/.05)}
h1{font-size:1.5rem;line-height:1.33;margin:0}
p{margin:.75rem 0 0}
.detail,.contact{color:var(--muted)}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
a.button{display:inline-block;padding:.625rem 1.25rem;border-radius:.5rem;border:1px solid var(--accent);color:var(--accent);text-decoration:none;font-weight:600}
a.button.primary{background:var(--accent);color:var(--on-accent)}
a.button:hover,.brand:hover{text-decoration:underline;text-underline-offset:4px}
a:focus-visible{outline:3px solid var(--accent);outline-offset:3px}
`;

function brandStyle(accent: string | undefined): string {
  if (!accent) return '';
  const { light, dark } = brandColours(accent);
  return ` style="--brand-accent:${light.accent};--brand-on-accent:${light.onAccent};--brand-accent-dark:${dark.accent};--brand-on-accent-dark:${dark.onAccent}"`;
}

export function renderHtmlPage(options: HtmlPageOptions): string {
  const actions = (options.actions ?? [])
    .map((a) => `<a class="button${a.primary ? ' primary' : ''}" href="${escapeHtml(a.href)}">${escapeHtml(a.label)}</a>`)
    .join('');
  const logo = options.logoUrl ? `<img src="${escapeHtml(options.logoUrl)}" alt="">` : '';
  const languages = options.languages
    ? `<nav aria-label="${escapeHtml(options.languages.label)}"><ul class="langs">${options.languages.links
        .map((l) =>
          l.current
            ? `<li><span aria-current="true" lang="${escapeHtml(l.lang)}">${escapeHtml(l.name)}</span></li>`
            : `<li><a lang="${escapeHtml(l.lang)}" hreflang="${escapeHtml(l.lang)}" href="${escapeHtml(l.href)}">${escapeHtml(l.name)}</a></li>`,
        )
        .join('')}</ul></nav>`
    : '';
  const signOut = options.signOut ? `<form class="signout" method="post" action="/auth/logout"><button type="submit">${escapeHtml(options.signOut)}</button></form>` : '';
  const tools = languages || signOut ? `<div class="tools">${languages}${signOut}</div>` : '';
  const brand = options.library ? `<a class="brand" href="/">${logo}<span>${escapeHtml(options.library)}</span></a>` : '';
  const header = brand || tools ? `<header><div class="bar">${brand}${tools}</div></header>` : '';
  const paragraphs = (options.paragraphs ?? []).map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  const links = (options.links ?? []).map((l) => `<p><a class="inline" href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></p>`).join('');
  const title = options.library ? `${options.title} — ${options.library}` : options.title;
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}"${brandStyle(options.accent)}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>${options.iconUrl ? `<link rel="icon" href="${escapeHtml(options.iconUrl)}">` : ''}<style>${STYLE}</style></head>
<body>${header}<main><div class="card">
<h1>${escapeHtml(options.title)}</h1>
<p>${escapeHtml(options.message)}</p>${paragraphs}${links}
${options.detail ? `<p class="detail">${escapeHtml(options.detail)}</p>` : ''}
${options.contact ? `<p class="contact">${escapeHtml(options.contact)}</p>` : ''}
${actions ? `<div class="actions">${actions}</div>` : ''}
</div></main></body></html>`;
}

export function htmlPage(options: HtmlPageOptions): Response {
  const headers = new Headers(options.headers);
  headers.set('content-type', 'text/html; charset=utf-8');
  headers.set('cache-control', 'no-store');
  return new Response(renderHtmlPage(options), { status: options.status, headers });
}
