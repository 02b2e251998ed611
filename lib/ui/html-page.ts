/**
 * A complete, self-contained HTML page for answers that route handlers give
 * with a status other than 200 (sign-in failures, denials): a Server Component
 * page cannot choose its status. Every value is escaped.
 */
export interface PageAction {
  label: string;
  href: string;
  primary?: boolean;
}

export interface HtmlPageOptions {
  status: number;
  title: string;
  message: string;
  detail?: string;
  actions?: PageAction[];
  lang: string;
  /** The library's name above the card. */
  library?: string;
  headers?: HeadersInit;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const STYLE = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--text:#1c2330;--muted:#4a5568;--accent:#0b5cad;--accent-text:#fff;--border:#d9dee6}
@media (prefers-color-scheme:dark){:root{--bg:#11151c;--card:#1a202b;--text:#e8ecf2;--muted:#b7c0cd;--accent:#7db4ff;--accent-text:#0b1320;--border:#2c3544}}
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--text);line-height:1.5}
main{max-width:36rem;margin:0 auto;padding:3rem 1.25rem}
.card{background:var(--card);border:1px solid var(--border);border-radius:12px;padding:2rem}
.library{font-weight:600;color:var(--muted);margin:0 0 1rem;letter-spacing:.02em}h1{font-size:1.5rem;margin:0 0 .75rem}p{margin:0 0 1rem}.detail{color:var(--muted);font-size:.95rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
a.button{display:inline-block;padding:.6rem 1.1rem;border-radius:8px;border:1px solid var(--accent);color:var(--accent);text-decoration:none;font-weight:600}
a.button.primary{background:var(--accent);color:var(--accent-text)}
a:focus-visible{outline:3px solid var(--accent);outline-offset:3px}
`;

export function renderHtmlPage(options: HtmlPageOptions): string {
  const actions = (options.actions ?? [])
    .map((a) => `<a class="button${a.primary ? ' primary' : ''}" href="${escapeHtml(a.href)}">${escapeHtml(a.label)}</a>`)
    .join('');
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(options.title)}</title><style>${STYLE}</style></head>
<body><main>${options.library ? `<p class="library">${escapeHtml(options.library)}</p>` : ''}<div class="card" role="alert">
<h1>${escapeHtml(options.title)}</h1>
<p>${escapeHtml(options.message)}</p>
${options.detail ? `<p class="detail">${escapeHtml(options.detail)}</p>` : ''}
${actions ? `<div class="actions">${actions}</div>` : ''}
</div></main></body></html>`;
}

export function htmlPage(options: HtmlPageOptions): Response {
  const headers = new Headers(options.headers);
  headers.set('content-type', 'text/html; charset=utf-8');
  headers.set('cache-control', 'no-store');
  return new Response(renderHtmlPage(options), { status: options.status, headers });
}
