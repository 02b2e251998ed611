import { describe, expect, test } from 'vitest';
import { diff, flatten } from './audit-diff';

const resource = { slug: 'cairn', name: 'Cairn', enabled: true, criteria: { institutions: ['vs'], minAge: 18 } };

describe('what an audit entry changed', () => {
  test('a changed resource: only the fields that differ, by path', () => {
    expect(diff(resource, { ...resource, name: 'Cairn.info', criteria: { institutions: ['vs', 'rbnj'] } })).toEqual([
      { path: 'name', kind: 'changed', before: '"Cairn"', after: '"Cairn.info"' },
      { path: 'criteria.institutions', kind: 'changed', before: '["vs"]', after: '["vs","rbnj"]' },
      { path: 'criteria.minAge', kind: 'removed', before: '18' },
    ]);
  });

  test('a creation and a deletion', () => {
    expect(diff(null, { slug: 'x' })).toEqual([{ path: 'slug', kind: 'added', after: '"x"' }]);
    expect(diff({ slug: 'x' }, null)).toEqual([{ path: 'slug', kind: 'removed', before: '"x"' }]);
  });

  test('documents compare resources by slug, not by position', () => {
    const before = { resources: [resource, { slug: 'jstor', name: 'JSTOR' }] };
    const after = { resources: [{ slug: 'jstor', name: 'JSTOR' }, { ...resource, enabled: false }] };
    expect(diff(before, after)).toEqual([{ path: 'resources[cairn].enabled', kind: 'changed', before: 'true', after: 'false' }]);
  });

  test('flatten keeps lists of plain values as one value', () => {
    expect(Object.fromEntries(flatten({ a: [1, 2], b: { c: 'd' }, e: {} }))).toEqual({ a: '[1,2]', 'b.c': '"d"', e: '{}' });
  });
});
