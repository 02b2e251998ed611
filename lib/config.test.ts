import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const valid = {
  APP_URL: 'https://gateway.example.org',
  SESSION_SECRET: 'x'.repeat(32),
  RERO_CLIENT_ID: 'client',
  RERO_CLIENT_SECRET: 'secret',
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.variable} ${p.message}`);
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config.RERO_URL).toBe('https://bib.rero.ch');
    expect(config.RERO_SCOPES).toEqual(['fullname', 'birthdate', 'institution', 'expiration_date', 'patron_type']);
    expect(config.LIBRARY_TIME_ZONE).toBe('Europe/Zurich');
    expect(config.PATRON_REVALIDATE_SECONDS).toBe(3600);
    expect(config.SESSION_MAX_AGE_DAYS).toBe(30);
    expect(config.PORT).toBe(3000);
    expect(config.SESSION_SECRET_PREVIOUS).toEqual([]);
    expect(config.redirectUri).toBe('https://gateway.example.org/auth/callback');
    expect(config.secureCookies).toBe(true);
  });

  it('derives Secure cookies from the scheme of APP_URL, not from NODE_ENV', () => {
    expect(loadConfig({ ...valid, APP_URL: 'http://localhost:3000', NODE_ENV: 'production' }).secureCookies).toBe(false);
  });

  it('names every missing variable', () => {
    const found = problems({});
    for (const name of ['APP_URL', 'SESSION_SECRET', 'RERO_CLIENT_ID', 'RERO_CLIENT_SECRET']) {
      expect(found).toContain(`${name} is required`);
    }
  });

  it('says what a wrong value should be', () => {
    expect(problems({ ...valid, SESSION_SECRET: 'short' })).toEqual(['SESSION_SECRET must be at least 32 characters (use e.g. `openssl rand -base64 48`)']);
    expect(problems({ ...valid, APP_URL: 'ftp://x' })[0]).toMatch(/^APP_URL must be an http\(s\) URL/);
    expect(problems({ ...valid, APP_URL: 'https://x.org/gateway' })[0]).toMatch(/^APP_URL must be an origin only/);
    expect(problems({ ...valid, PORT: 'eighty' })).toEqual(['PORT must be a whole number']);
    expect(problems({ ...valid, PORT: '70000' })).toEqual(['PORT must be at most 65535']);
    expect(problems({ ...valid, LIBRARY_TIME_ZONE: 'Mars/Olympus' })).toEqual(['LIBRARY_TIME_ZONE must be an IANA time zone such as Europe/Zurich']);
    expect(problems({ ...valid, RERO_SCOPES: 'fullname,birthdate' })[0]).toMatch(/^RERO_SCOPES must be scope names separated by spaces/);
    expect(problems({ ...valid, SESSION_SECRET_PREVIOUS: `${'y'.repeat(32)},tooshort` })[0]).toMatch(/^SESSION_SECRET_PREVIOUS must be at least 32/);
  });

  it('asks RERO+ for at least one of the five documented scopes: empty, blank or unknown stops start-up, naming RERO_SCOPES', () => {
    for (const scopes of ['', '   ']) {
      expect(problems({ ...valid, RERO_SCOPES: scopes })).toEqual([
        'RERO_SCOPES must name at least one scope (RERO+ requires one), among: fullname birthdate institution expiration_date patron_type',
      ]);
    }
    expect(problems({ ...valid, RERO_SCOPES: 'fullname email' })).toEqual([
      'RERO_SCOPES must be scope names separated by spaces, among: fullname birthdate institution expiration_date patron_type (unknown: email)',
    ]);
    // The deprecated list scope is not one of the five.
    expect(problems({ ...valid, RERO_SCOPES: 'institution patron_types' })[0]).toMatch(/unknown: patron_types/);
    for (const scope of ['fullname', 'birthdate', 'institution', 'expiration_date', 'patron_type']) {
      expect(loadConfig({ ...valid, RERO_SCOPES: scope }).RERO_SCOPES).toEqual([scope]);
    }
  });

  it('reads lists and numbers', () => {
    const config = loadConfig({
      ...valid,
      SESSION_SECRET_PREVIOUS: `${'a'.repeat(32)}, ${'b'.repeat(40)}`,
      RERO_SCOPES: '  fullname   institution ',
      PATRON_REVALIDATE_SECONDS: '60',
      RERO_URL: 'https://bib.test.rero.ch/',
    });
    expect(config.SESSION_SECRET_PREVIOUS).toEqual(['a'.repeat(32), 'b'.repeat(40)]);
    expect(config.RERO_SCOPES).toEqual(['fullname', 'institution']);
    expect(config.PATRON_REVALIDATE_SECONDS).toBe(60);
    expect(config.RERO_URL).toBe('https://bib.test.rero.ch');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...valid, RERO_URL: '', SESSION_SECRET_PREVIOUS: '' }).RERO_URL).toBe('https://bib.rero.ch');
  });

  it('writes a start-up message that names the variable', () => {
    try {
      loadConfig({ ...valid, SESSION_SECRET: undefined });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('SESSION_SECRET is required');
      expect((error as Error).message).toContain('.env.example');
    }
  });
});
