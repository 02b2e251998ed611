import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PROGRAMS, aptCommand, isDebian, plan, survey, type Finding } from './programs.mjs';

const program = (name: string) => {
  const found = PROGRAMS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no program ${name}`);
  return found;
};
const missing = (name: string): Finding => ({ program: program(name), missing: true });
const present = (name: string): Finding => ({ program: program(name), path: `/usr/bin/${name}` });

describe('plan', () => {
  test('everything found: nothing to do', () => {
    expect(plan({ findings: [present('chromium'), present('nginx')], isRoot: false, debian: true })).toEqual({ action: 'ready' });
  });

  test("root on Debian: installs Debian's packages of what is missing", () => {
    const findings = [missing('chromium'), present('caddy'), missing('nginx'), missing('pg_dump')];
    expect(plan({ findings, isRoot: true, debian: true })).toEqual({ action: 'install', packages: ['chromium-headless-shell', 'nginx-light', 'postgresql-client'] });
  });

  test('not root on Debian: stops with the exact command', () => {
    const decision = plan({ findings: [missing('chromium'), missing('nginx'), missing('caddy')], isRoot: false, debian: true });
    expect(decision.action).toBe('stop');
    const message = decision.action === 'stop' ? decision.message : '';
    expect(message).toContain('sudo apt-get update && sudo apt-get install -y chromium-headless-shell nginx-light caddy');
    expect(message).toMatch(/chromium \(the browser journeys\), nginx \(the auth_request journeys\), caddy/);
    expect(message).toContain('or run npm test as root');
  });

  test('root elsewhere than Debian: stops, naming the programs and their Debian packages', () => {
    const decision = plan({ findings: [missing('caddy')], isRoot: true, debian: false });
    expect(decision).toEqual({ action: 'stop', message: expect.stringContaining("Install it with your system's packages (on Debian: sudo apt-get update && sudo apt-get install -y caddy)") });
  });

  test('a program that is there but wrong stops the run even as root: installing would not replace it', () => {
    const findings: Finding[] = [{ program: program('nginx'), problem: '/opt/nginx was built without the auth_request module' }, missing('caddy')];
    expect(plan({ findings, isRoot: true, debian: true })).toEqual({ action: 'stop', message: '/opt/nginx was built without the auth_request module' });
  });
});

test('aptCommand updates the package lists first (a fresh machine has none)', () => {
  expect(aptCommand(['chromium', 'caddy'])).toBe('sudo apt-get update && sudo apt-get install -y chromium caddy');
});

test('isDebian: Debian itself, not its derivatives (their package names differ)', () => {
  expect(isDebian('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n')).toBe(true);
  expect(isDebian('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n')).toBe(false);
  expect(isDebian('')).toBe(false);
});

describe('survey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-programs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function fake(name: string, script = 'exit 0') {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  test('only the programs of the phases asked for', () => {
    const env = { PATH: dir, CHROMIUM_PATH: fake('chromium') };
    expect(survey({ phases: ['typecheck', 'build'], env })).toEqual([]);
    expect(survey({ phases: ['unit'], env }).map((finding) => finding.program.name)).toEqual(['pg_dump', 'systemd-analyze']);
    expect(survey({ phases: ['journeys'], env }).map((finding) => finding.program.name)).toEqual(['chromium', 'nginx', 'caddy', 'openssl']);
  });

  test('found on PATH; missing when on neither PATH nor its usual places', () => {
    const caddy = fake('caddy');
    const [found] = survey({ programs: [program('caddy')], phases: ['journeys'], env: { PATH: dir } });
    expect(found).toMatchObject({ path: caddy });
    const [notFound] = survey({ programs: [program('pg_dump')], phases: ['unit'], env: { PATH: dir } });
    expect(notFound).toMatchObject({ missing: true });
  });

  test('CHROMIUM_PATH naming nothing is a problem to fix, not a package to install', () => {
    const [finding] = survey({ programs: [program('chromium')], phases: ['journeys'], env: { CHROMIUM_PATH: join(dir, 'nothing') } });
    expect(finding).toMatchObject({ problem: expect.stringContaining(`CHROMIUM_PATH is ${join(dir, 'nothing')}`) });
  });

  test('an nginx without the auth_request module is a problem', () => {
    fake('nginx', 'echo "configure arguments: --with-http_ssl_module" >&2');
    const [without] = survey({ programs: [program('nginx')], phases: ['journeys'], env: { PATH: dir } });
    expect(without).toMatchObject({ problem: expect.stringContaining('without the auth_request module') });
    fake('nginx', 'echo "configure arguments: --with-http_auth_request_module" >&2');
    const [withIt] = survey({ programs: [program('nginx')], phases: ['journeys'], env: { PATH: dir } });
    expect(withIt).toMatchObject({ path: join(dir, 'nginx') });
  });
});
