/**
 * Structured JSON log lines (pino) carrying the request id of the request
 * they belong to. Callers pass facts — codes, counts, statuses — never
 * tokens, secrets, cookies, names, birthdates or barcodes; the redaction list
 * below is a second line of defence, not the first.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino from 'pino';

type Fields = Record<string, string | number | boolean | undefined | null>;

const KEY = Symbol.for('rero-gateway.logger');
const holder = globalThis as { [KEY]?: pino.Logger };
const logger = (holder[KEY] ??= pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact: {
    paths: ['accessToken', 'refreshToken', 'access_token', 'refresh_token', 'token', 'cookie', 'authorization', 'secret', 'clientSecret', 'password', 'name', 'fullname', 'birthDate', 'birthdate', 'barcode'],
    censor: '[redacted]',
  },
}));

interface RequestContext {
  requestId: string;
}

const contexts = new AsyncLocalStorage<RequestContext>();

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** The id of a request: the one a proxy in front sent (X-Request-Id), when it looks like one, or a new one. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Runs `work` with `requestId` attached to every log line it writes. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return contexts.run({ requestId }, work);
}

export function currentRequestId(): string | undefined {
  return contexts.getStore()?.requestId;
}

function write(level: 'info' | 'warn' | 'error', event: string, fields: Fields = {}) {
  const requestId = currentRequestId();
  logger[level]({ event, ...(requestId ? { requestId } : {}), ...fields });
}

/** A path segment that is plainly a location name ("cairn"), not free text. */
const PLAIN_SEGMENT = /^[A-Za-z0-9._~-]{1,64}$/;

/**
 * The first segment of a local path ("/cairn" of "/cairn/search?q=…"), for a
 * log line; undefined when there is none or it is not a plain name. Behind a
 * proxy a return address is the e-resource's whole URI, whose later segments
 * and query can hold search terms and tokens (RFC 6750 §5.3 warns against
 * tokens in URLs for this reason).
 */
export function pathPrefix(path: string): string | undefined {
  const segment = path.startsWith('/') ? path.slice(1).split(/[/?#;]/, 1)[0] : undefined;
  return segment && PLAIN_SEGMENT.test(segment) ? `/${segment}` : undefined;
}

export const log = {
  info: (event: string, fields?: Fields) => write('info', event, fields),
  warn: (event: string, fields?: Fields) => write('warn', event, fields),
  error: (event: string, fields?: Fields) => write('error', event, fields),
};
