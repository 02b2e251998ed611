/**
 * What operators run is what is tested: the systemd unit of docs/deployment.md
 * (docs/rero-gateway.service) starts the gateway with the very command `npm start`,
 * the demo, the bench and every browser journey use — the server of Next's
 * standalone build — with its sandboxing on; and systemd itself reads the unit
 * without a complaint.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { GATEWAY_COMMAND } from '../e2e/env';
import { worldServers } from '../e2e/servers';
import { WORLDS } from '../e2e/world';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const UNIT = readFileSync(join(ROOT, 'docs/rero-gateway.service'), 'utf8');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The unit's settings, each key with every value it is given. */
function settings(unit: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of unit.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) out.set(match[1] as string, [...(out.get(match[1] as string) ?? []), match[2] as string]);
  }
  return out;
}

const unit = settings(UNIT);
const SERVER = 'node .next/standalone/server.mjs';

describe('the systemd unit (docs/rero-gateway.service)', () => {
  test('starts the gateway with the command npm start, the demo, the bench and the journeys run', () => {
    expect(unit.get('ExecStart')).toEqual([`/usr/bin/${SERVER}`]);
    expect(JSON.parse(read('package.json')).scripts.start).toBe(SERVER);
    expect(read('scripts/demo.mjs')).toContain("spawn(process.execPath, ['.next/standalone/server.mjs']");
    expect(read('bench/fixtures.mjs')).toContain("const SERVER = join(process.env.NEXT_DIST_DIR || '.next', 'standalone', 'server.mjs');");
    expect(read('bench/fixtures.mjs')).toContain('spawn(process.execPath, [SERVER],');
    // The journeys: the same server, of the tests' own build (.next-test).
    expect(GATEWAY_COMMAND).toBe(SERVER.replace('.next/', '.next-test/'));
    // Every gateway of every world: that command, never `next start` or `next dev`.
    const servers = Array.from({ length: WORLDS }, (_, world) => worldServers(world)).flat();
    const gateways = servers.filter((server) => /\bnode\b.*server\.m?js/.test(server.command));
    expect(gateways.length).toBe(8 * WORLDS);
    for (const { name, command } of gateways) expect({ name, command }).toEqual({ name, command: expect.stringMatching(new RegExp(`PORT=\\d+ ${GATEWAY_COMMAND}$`)) });
    expect(servers.map((server) => server.command).join('\n')).not.toMatch(/next (start|dev)/);
  });

  test('the build is whole: the server, the assets and the node_modules it loads are in the standalone folder, and nothing else starts it', () => {
    expect(read('next.config.mjs')).toMatch(/^\s*output: 'standalone',$/m);
    const build = read('scripts/build.mjs');
    expect(build).toContain("copyFileSync('scripts/server.mjs', path.join(standalone, 'server.mjs'))");
    expect(build).toContain("rmSync(path.join(standalone, 'server.js')");
    expect(JSON.parse(read('package.json')).scripts.build).toBe('node scripts/build.mjs');
  });

  test('runs sandboxed: its own unprivileged user, a read-only system, nothing writable but its state directory', () => {
    const expected: Record<string, string> = {
      DynamicUser: 'yes',
      StateDirectory: 'rero-gateway',
      ProtectSystem: 'strict',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      PrivateDevices: 'yes',
      NoNewPrivileges: 'yes',
      CapabilityBoundingSet: '',
      RestrictAddressFamilies: 'AF_UNIX AF_INET AF_INET6',
      RestrictNamespaces: 'yes',
      ProtectKernelTunables: 'yes',
      ProtectKernelModules: 'yes',
      ProtectControlGroups: 'yes',
      LockPersonality: 'yes',
      UMask: '0077',
    };
    for (const [key, value] of Object.entries(expected)) expect({ key, values: unit.get(key) }).toEqual({ key, values: [value] });
    expect(unit.get('SystemCallFilter')).toEqual(['@system-service', '~@privileged @resources']);
    // V8 compiles to executable memory: this one would stop Node.
    expect(unit.has('MemoryDenyWriteExecute')).toBe(false);
    expect(unit.get('EnvironmentFile')).toEqual(['/etc/rero-gateway/env']);
  });

  test('systemd reads it without a warning', () => {
    const folder = mkdtempSync(join(tmpdir(), 'gw-unit-'));
    try {
      writeFileSync(join(folder, 'env'), 'PORT=3000\n');
      // The paths of a real install, moved to this checkout and a temporary environment file.
      const file = join(folder, 'rero-gateway.service');
      writeFileSync(file, UNIT.replace('WorkingDirectory=/opt/rero-gateway', `WorkingDirectory=${ROOT}`).replace('EnvironmentFile=/etc/rero-gateway/env', `EnvironmentFile=${join(folder, 'env')}`));
      const verified = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      expect(verified.error, 'systemd-analyze (Debian package systemd) must be installed').toBeUndefined();
      expect({ status: verified.status, said: `${verified.stdout}${verified.stderr}`.split('\n').filter((line) => line.includes('rero-gateway.service')) }).toEqual({ status: 0, said: [] });
      // It would complain about a key it does not know: the check can fail.
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n[Service]\nProtectSytem=strict\n`);
      const typo = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      expect(`${typo.stdout}${typo.stderr}`).toContain("Unknown key 'ProtectSytem'");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('docs/deployment.md gives the unit as it is in the repository', () => {
    expect(read('docs/deployment.md')).toContain('docs/rero-gateway.service');
    expect(readdirSync(join(ROOT, 'docs'))).toContain('rero-gateway.service');
  });
});
