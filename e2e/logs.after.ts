/**
 * Runs once every journey has run (the `logs` project depends on the journeys'):
 * the gateways' logs of the whole e2e run, in every world, hold no token,
 * secret, cookie, name, birthdate or barcode.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO_PATRONS } from '../simulators/rero-plus.mjs';
import { E2E } from './env';
import { LOG_DIR } from './servers';

test('the logs of the whole run leak no patron data, token, cookie or secret', () => {
  const files = readdirSync(LOG_DIR).filter((name) => name.endsWith('.log'));
  expect(files.length).toBeGreaterThanOrEqual(3);
  const text = files.map((name) => readFileSync(join(LOG_DIR, name), 'utf8')).join('\n');
  // The run did log: sign-ins, decisions, failures.
  expect(text).toContain('"event":"signin.success"');
  expect(text).toContain('"event":"signin.failed"');
  const forbidden = new Map<string, string>();
  for (const patron of DEMO_PATRONS) {
    if (patron.fullname) {
      forbidden.set(patron.fullname, `name of ${patron.username}`);
      for (const part of patron.fullname.split(',').map((s: string) => s.trim())) forbidden.set(part, `name part of ${patron.username}`);
    }
    if (patron.birthdate) forbidden.set(patron.birthdate, `birthdate of ${patron.username}`);
    if (patron.barcode) forbidden.set(patron.barcode, `barcode of ${patron.username}`);
  }
  forbidden.set(E2E.sessionSecret, 'SESSION_SECRET');
  forbidden.set(E2E.appEnv.RERO_CLIENT_SECRET, 'RERO_CLIENT_SECRET');
  forbidden.set(E2E.metricsToken, 'METRICS_TOKEN');
  forbidden.set('gw_session=', 'a session cookie');
  forbidden.set('Fe26.2*', 'a sealed iron-session value');
  forbidden.set('access_token', 'a token parameter');
  forbidden.set('refresh_token', 'a token parameter');
  forbidden.set('Bearer ', 'an Authorization header');
  const found = [...forbidden].filter(([value]) => text.includes(value)).map(([, what]) => what);
  expect(found).toEqual([]);
});
