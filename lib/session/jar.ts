/**
 * The cookie jar the session door reads and writes through. Next's
 * `cookies()` (route handlers, server actions) and `NextResponse.cookies`
 * satisfy it as they are; `forwardingJar` serves proxy.ts, and `nodeJar` a
 * plain Node `http` server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse, serialize } from 'cookie';
import type { CookieOptions } from './cookie';

export interface CookieJar {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, options: CookieOptions): unknown;
  delete(cookie: { name: string; path: string }): unknown;
}

/**
 * For proxy.ts, which runs before a page renders: reads the request's
 * cookies; what the door writes goes to the browser (`applyTo` the response)
 * and to the render (`forward` into the request headers it renders with),
 * since a page render cannot set cookies itself.
 */
export function forwardingJar(request: { cookies: { get(name: string): { value: string } | undefined } }) {
  const writes = new Map<string, { value: string; options: CookieOptions } | { deleted: { name: string; path: string } }>();
  const jar: CookieJar = {
    get(name) {
      const written = writes.get(name);
      if (written) return 'value' in written ? { value: written.value } : undefined;
      return request.cookies.get(name);
    },
    set(name, value, options) {
      writes.set(name, { value, options });
    },
    delete(cookie) {
      writes.set(cookie.name, { deleted: cookie });
    },
  };
  return {
    jar,
    get changed() {
      return writes.size > 0;
    },
    /** Rewrites the Cookie header the page renders with. */
    forward(headers: Headers, current: { set(name: string, value: string): unknown; delete(name: string): unknown; toString(): string }) {
      for (const [name, write] of writes) {
        if ('value' in write) current.set(name, write.value);
        else current.delete(name);
      }
      headers.set('cookie', current.toString());
    },
    applyTo(response: { cookies: CookieJar }) {
      for (const [name, write] of writes) {
        if ('value' in write) response.cookies.set(name, write.value, write.options);
        else response.cookies.delete(write.deleted);
      }
    },
  };
}

/** For a plain Node `http` server: the request's Cookie header in, Set-Cookie headers out. */
export function nodeJar(request: IncomingMessage, response: ServerResponse): CookieJar {
  const cookies = parse(request.headers.cookie ?? '');
  const append = (line: string) => {
    const existing = response.getHeader('set-cookie');
    const lines = Array.isArray(existing) ? existing : existing === undefined ? [] : [String(existing)];
    response.setHeader('set-cookie', [...lines, line]);
  };
  return {
    get(name) {
      const value = cookies[name];
      return value === undefined ? undefined : { value };
    },
    set(name, value, options) {
      cookies[name] = value;
      append(serialize(name, value, options));
    },
    delete({ name, path }) {
      delete cookies[name];
      append(serialize(name, '', { path, expires: new Date(0) }));
    },
  };
}
