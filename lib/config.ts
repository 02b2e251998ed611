/**
 * Configuration: every variable the gateway reads, validated once by one zod
 * schema. A missing or wrong value stops start-up with a message naming the
 * variable and what it expects (see instrumentation.ts).
 */
import { isIP } from 'node:net';
import * as z from 'zod';
import { ERROR_BRAND, isBranded } from './errors';

/**
 * The scopes RERO+'s document lists; "at least one scope is required". The
 * deprecated `patron_types` is not one of them (the gateway ignores its list).
 */
export const RERO_SCOPE_NAMES = ['fullname', 'birthdate', 'institution', 'expiration_date', 'patron_type'] as const;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isAddressOrNetwork(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const secret = z.string().min(32, 'must be at least 32 characters (use e.g. `openssl rand -base64 48`)');

const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .optional()
    .transform((value) => value ?? fallback);

const origin = (what: string) =>
  z
    .url({ protocol: /^https?$/, error: `must be an http(s) URL (${what})` })
    .refine((value) => {
      const url = new URL(value);
      return url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    }, 'must be an origin only, like https://gateway.example.org (no path, query or credentials)')
    .transform((value) => new URL(value).origin);

const EnvSchema = z.object({
  APP_URL: origin('the public origin of this gateway'),
  PORT: integer(1, 65535, 3000),
  SESSION_SECRET: secret,
  SESSION_SECRET_PREVIOUS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(secret)),
  /** Encrypts the secrets of provider connections at rest (lib/connections/secrets.ts); required once a connection has secrets. */
  SECRETS_KEY: secret.optional(),
  RERO_URL: origin('the RERO+ server, e.g. https://bib.rero.ch').default('https://bib.rero.ch'),
  RERO_CLIENT_ID: z.string().trim().min(1, 'is required: the client id RERO+ registered for this gateway'),
  RERO_CLIENT_SECRET: z.string().min(1, 'is required: the client secret RERO+ issued for this gateway'),
  RERO_SCOPES: z
    .string()
    .default(RERO_SCOPE_NAMES.join(' '))
    // RERO+ rejects commas and double separators with invalid_scope: one space between scopes (createAuthorization joins them).
    .transform((value) => value.trim().split(/\s+/).filter(Boolean))
    .superRefine((scopes, ctx) => {
      const known = RERO_SCOPE_NAMES.join(' ');
      const unknown = scopes.filter((scope) => !(RERO_SCOPE_NAMES as readonly string[]).includes(scope));
      if (scopes.length === 0) ctx.addIssue({ code: 'custom', message: `must name at least one scope (RERO+ requires one), among: ${known}` });
      else if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `must be scope names separated by spaces, among: ${known} (unknown: ${unknown.join(', ')})` });
    }),
  LIBRARY_TIME_ZONE: z
    .string()
    .default('Europe/Zurich')
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Zurich'),
  PATRON_REVALIDATE_SECONDS: integer(0, 30 * 24 * 3600, 3600),
  SESSION_MAX_AGE_DAYS: integer(1, 400, 30),
  LIBRARY_NAME: z.string().trim().min(1).max(120).default('Library e-resources'),
  LIBRARY_LOGO_URL: z
    .string()
    .trim()
    .refine((v) => v.startsWith('/') || /^https:\/\//.test(v), 'must be an https URL or a path of this gateway, e.g. /logo.svg')
    .optional(),
  LIBRARY_ACCENT: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #0b5cad')
    .default('#0b5cad'),
  LIBRARY_CONTACT: z.string().trim().max(200).optional(),
  /** Bearer token for GET /metrics on the main port; without it, metrics are on the loopback listener only. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Port of the loopback-only metrics listener (127.0.0.1); 0 turns it off. */
  METRICS_PORT: integer(0, 65535, 9464),
  /** Port of the forward-auth listener (GET /verify, outside Next's router); 0 turns it off. */
  FORWARD_AUTH_PORT: integer(0, 65535, 3001),
  /** Address the forward-auth listener binds to; beyond loopback it requires FORWARD_AUTH_TOKEN. */
  FORWARD_AUTH_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** Bearer token the proxy must send to the forward-auth listener when it is bound beyond loopback. */
  FORWARD_AUTH_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR networks, comma-separated). */
  TRUSTED_PROXIES: z
    .string()
    .default('127.0.0.0/8,::1')
    .transform((value) => value.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine(isAddressOrNetwork, 'must be IP addresses or CIDR networks separated by commas, e.g. 127.0.0.1,10.0.0.0/8'))),
  /** Sign-in attempts (/auth/login and /auth/callback) allowed per client address per minute. */
  RATE_LIMIT_SIGNIN_PER_MINUTE: integer(1, 1_000_000, 30),
  /** The store: `file:<path>` (SQLite) or `postgres://…`. */
  DATABASE_URL: z.string().optional(),
  /** RERO+ user ids made admins of /admin at start-up (comma-separated). */
  ADMIN_USER_IDS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d+$/, 'must be RERO+ user ids (digits) separated by commas, e.g. 1001,1002'))),
});

export type Config = z.output<typeof EnvSchema> & {
  /** APP_URL + /auth/callback: the redirect URI registered with RERO+. */
  redirectUri: string;
  /** Cookies carry `Secure` exactly when the public origin is https. */
  secureCookies: boolean;
};

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  /** Recognised across bundles by isConfigError (lib/errors.ts), not instanceof. */
  readonly [ERROR_BRAND] = 'ConfigError';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'The gateway cannot start: its configuration is invalid.\n' +
        problems.map((p) => `  - ${p.variable} ${p.message}`).join('\n') +
        '\nSee .env.example and the README for every variable.',
    );
    this.name = 'ConfigError';
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return isBranded<ConfigError>(error, 'ConfigError');
}

/** Variables whose empty value is a mistake to report, not "unset": RERO_SCOPES="" would ask RERO+ for no scope. */
const EMPTY_IS_WRONG = new Set(['RERO_SCOPES']);

/** Validates `env` (empty strings count as unset, except where EMPTY_IS_WRONG). Throws ConfigError naming each wrong variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([name, value]) => value !== undefined && (value !== '' || EMPTY_IS_WRONG.has(name))));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? 'configuration'),
        message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
      })),
    );
  }
  const config = result.data;
  if (config.FORWARD_AUTH_PORT !== 0 && !isLoopback(config.FORWARD_AUTH_HOST) && !config.FORWARD_AUTH_TOKEN) {
    throw new ConfigError([
      { variable: 'FORWARD_AUTH_TOKEN', message: `is required when FORWARD_AUTH_HOST (${config.FORWARD_AUTH_HOST}) is not a loopback address: the proxy must send it as a bearer token` },
    ]);
  }
  return {
    ...config,
    redirectUri: `${config.APP_URL}/auth/callback`,
    secureCookies: config.APP_URL.startsWith('https:'),
  };
}

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

let cached: Config | undefined;

/** The process's configuration, validated on first use. */
export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}
