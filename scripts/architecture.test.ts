/**
 * The rules ARCHITECTURE.md states about the rooms, checked on every source
 * file of the tree: who may import whom (any import, types included), and
 * that SQL is written in lib/store only.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.mjs'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);

/** Test code: beside the code (*.test.*), its helpers (test-*.ts), the Playwright folders and configuration. */
const isTest = (file: string) => /\.test\.|\.spec\.|(^|\/)test-[^/]*$|^e2e\/|^http-tests\/|^playwright\.config\.ts$/.test(file);
const product = files.filter((file) => !isTest(file));

/** Every module a file names (import, export … from, import()), as a path of the tree when it is one. */
function importsOf(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...source.matchAll(/(?:^|[\s;])(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => m[1] ?? m[2] ?? '');
  return specifiers.map((specifier) =>
    specifier.startsWith('@/') ? specifier.slice(2) : specifier.startsWith('.') ? normalize(join(dirname(file), specifier)) : `package:${specifier}`,
  );
}

const inFolder = (folder: string) => (target: string) => target === folder || target.startsWith(`${folder}/`);

describe('the rooms of ARCHITECTURE.md', () => {
  it('reads the imports it checks', () => {
    expect(product.length).toBeGreaterThan(100);
    expect(importsOf('lib/gate/index.ts')).toContain('lib/access');
    expect(importsOf('lib/runtime.ts')).toContain('lib/admin/staff'); // an import()
  });

  it('no product file imports from the tests’ folders', () => {
    const found = product.flatMap((file) => importsOf(file).filter((target) => inFolder('e2e')(target) || inFolder('http-tests')(target)).map((target) => `${file} → ${target}`));
    expect(found).toEqual([]);
  });

  it('lib/store is the ground floor: it imports only the criteria schema of lib/access and the error brand of lib/errors', () => {
    const found = product
      .filter(inFolder('lib/store'))
      .flatMap((file) => importsOf(file).map((target) => ({ file, target })))
      .filter(({ target }) => !target.startsWith('package:') && !inFolder('lib/store')(target) && !inFolder('lib/access')(target) && target !== 'lib/errors');
    expect(found).toEqual([]);
  });

  it('lib/access imports nothing of the session, the store or Next.js', () => {
    const found = product
      .filter(inFolder('lib/access'))
      .flatMap((file) => importsOf(file).map((target) => `${file} → ${target}`))
      .filter((line) => /→ (lib\/(session|store)|package:next)/.test(line));
    expect(found).toEqual([]);
  });

  it('nothing outside lib/store writes SQL', () => {
    const sql = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/;
    const found = product.filter((file) => !inFolder('lib/store')(file) && file.endsWith('.ts') && sql.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(found).toEqual([]);
  });
});
