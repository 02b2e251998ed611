/**
 * The forward-auth path stays free: /api/verify's module graph (what loads
 * when it first answers) holds nothing of lib/admin or lib/connections.
 * Static imports only: `import()` loads lazily, and `import type` not at all.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function resolve(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith('@/') ? join(ROOT, specifier.slice(2)) : specifier.startsWith('.') ? join(dirname(from), specifier) : undefined;
  if (!base) return undefined; // a package
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((file) => existsSync(file) && file.match(/\.tsx?$/));
}

function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly && ts.isStringLiteral(statement.moduleSpecifier)) {
      const named = statement.importClause?.namedBindings;
      const onlyTypes = !statement.importClause?.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) found.push(statement.moduleSpecifier.text);
    }
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      found.push(statement.moduleSpecifier.text);
    }
  }
  return found.flatMap((specifier) => resolve(file, specifier) ?? []);
}

function moduleGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticImports(file));
  }
  return new Set([...seen].map((file) => relative(ROOT, file)));
}

describe('/api/verify module graph', () => {
  const graph = moduleGraph(join(ROOT, 'app/api/verify/route.ts'));

  it('reaches the session door, the gate and the store', () => {
    expect(graph).toContain('lib/session/door.ts');
    expect(graph).toContain('lib/gate/index.ts');
    expect(graph).toContain('lib/store/index.ts');
  });

  it('loads nothing of lib/admin or lib/connections', () => {
    expect([...graph].filter((file) => file.startsWith('lib/admin/') || file.startsWith('lib/connections/'))).toEqual([]);
  });
});
