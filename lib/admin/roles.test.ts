import { describe, expect, test } from 'vitest';
import {
  canSeeAuditEntry,
  checkChange,
  checkCreate,
  checkInstitution,
  checkPatronType,
  checkStaffManagement,
  checkTouch,
  inScope,
  mergeDirectory,
  mergeImport,
  scopeRefusal,
  visibleDirectory,
  visibleResources,
  type StaffMember,
} from './roles';

const admin: StaffMember = { userId: '1', role: 'admin', institutions: [] };
const vs: StaffMember = { userId: '2', role: 'librarian', institutions: ['vs'] };
const vsRbnj: StaffMember = { userId: '3', role: 'librarian', institutions: ['vs', 'rbnj'] };
const nobody: StaffMember = { userId: '4', role: 'librarian', institutions: [] };

const r = (slug: string, institutions: string[]) => ({ slug, criteria: { institutions, patronTypes: [], requireValidMembership: true, graceDays: 0 } });

describe('scope', () => {
  test.each([
    ['admin, any institution', admin, [], true],
    ['admin, other institution', admin, ['rbnj'], true],
    ['vs librarian, vs only', vs, ['vs'], true],
    ['vs librarian, vs twice', vs, ['vs', 'vs'], true],
    ['vs librarian, any institution (empty list)', vs, [], false],
    ['vs librarian, rbnj', vs, ['rbnj'], false],
    ['vs librarian, vs and rbnj', vs, ['vs', 'rbnj'], false],
    ['vs+rbnj librarian, vs and rbnj', vsRbnj, ['rbnj', 'vs'], true],
    ['librarian without institutions, vs', nobody, ['vs'], false],
  ])('%s', (_, staff, institutions, expected) => {
    expect(inScope(staff, r('x', institutions))).toBe(expected);
  });

  test('a refusal says which institutions are outside and what the scope is', () => {
    expect(scopeRefusal(vs, r('x', ['vs', 'rbnj', 'nj']))).toEqual({ code: 'out-of-scope', outside: ['nj', 'rbnj'], scope: ['vs'] });
    expect(scopeRefusal(vs, r('x', []))).toEqual({ code: 'any-institution', scope: ['vs'] });
  });

  test('visible resources keep their order', () => {
    const all = [r('a', ['vs']), r('b', ['rbnj']), r('c', []), r('d', ['vs'])];
    expect(visibleResources(vs, all).map((x) => x.slug)).toEqual(['a', 'd']);
    expect(visibleResources(admin, all)).toHaveLength(4);
  });
});

describe('changes', () => {
  test('creating: admins only (a new slug may be one the proxy already protects)', () => {
    expect(checkCreate(vs)).toEqual({ code: 'admin-only' });
    expect(checkCreate(admin)).toBeUndefined();
  });

  test('changing: both before and after must be within scope (no widening, no taking over)', () => {
    expect(checkChange(vs, r('x', ['vs']), r('x', ['vs']))).toBeUndefined();
    expect(checkChange(vs, r('x', ['vs']), r('x', ['vs', 'rbnj']))?.code).toBe('out-of-scope');
    expect(checkChange(vs, r('x', ['vs']), r('x', []))?.code).toBe('any-institution');
    expect(checkChange(vs, r('x', ['rbnj']), r('x', ['vs']))?.code).toBe('out-of-scope');
    expect(checkChange(vs, r('x', []), r('x', ['vs']))?.code).toBe('any-institution');
    expect(checkChange(admin, r('x', ['rbnj']), r('x', []))).toBeUndefined();
  });

  test('touching (disable, enable, delete) needs the stored resource within scope', () => {
    expect(checkTouch(vs, r('x', ['vs']))).toBeUndefined();
    expect(checkTouch(vs, r('x', ['rbnj']))?.code).toBe('out-of-scope');
  });

  test('staff management is for admins only', () => {
    expect(checkStaffManagement(admin)).toBeUndefined();
    expect(checkStaffManagement(vs)).toEqual({ code: 'admin-only' });
  });
});

describe('audit entries a librarian may read', () => {
  const resource = (institutions: string[]) => ({ slug: 'x', name: 'X', url: 'https://x/', enabled: true, criteria: { institutions, patronTypes: [], requireValidMembership: true, graceDays: 0 } });
  test.each([
    ['a change within scope', { action: 'resource.update', before: resource(['vs']), after: resource(['vs']) }, true],
    ['a creation within scope', { action: 'resource.create', before: null, after: resource(['vs']) }, true],
    ['a change of another institution', { action: 'resource.update', before: resource(['rbnj']), after: resource(['rbnj']) }, false],
    ['a resource widened beyond scope by an admin', { action: 'resource.update', before: resource(['vs']), after: resource(['vs', 'rbnj']) }, false],
    ['an import of their part', { action: 'criteria.import', before: { resources: [resource(['vs'])] }, after: { resources: [] } }, true],
    ['an import of everything', { action: 'criteria.import', before: { resources: [resource(['vs'])] }, after: { resources: [resource([])] } }, false],
    ['a staff change', { action: 'staff.add', before: null, after: { userId: '9', role: 'admin', institutions: [] } }, false],
    ['something unreadable', { action: 'resource.update', before: 'text', after: null }, false],
    ['an import of their part with their directory entries', { action: 'criteria.import', before: { resources: [resource(['vs'])], directory: { institutions: [{ code: 'vs' }], patronTypes: [] } }, after: { resources: [resource(['vs'])], directory: { institutions: [{ code: 'vs' }], patronTypes: [{ institution: 'vs', code: 'vs-pm' }] } } }, true],
    ['an import that changed another institution’s entry', { action: 'criteria.import', before: { resources: [resource(['vs'])], directory: { institutions: [{ code: 'rbnj' }], patronTypes: [] } }, after: { resources: [resource(['vs'])], directory: { institutions: [], patronTypes: [] } } }, false],
    ['an import with connections', { action: 'criteria.import', before: { resources: [resource(['vs'])], connections: [] }, after: { resources: [resource(['vs'])], connections: [{ id: 'x' }] } }, false],
    ['a change of their institution', { action: 'institution.update', before: { code: 'vs', names: {} }, after: { code: 'vs', names: { en: 'V' } } }, true],
    ['a new patron type of theirs', { action: 'patron-type.create', before: null, after: { institution: 'vs', code: 'vs-pm', names: {} } }, true],
    ['a patron type of another institution', { action: 'patron-type.delete', before: { institution: 'rbnj', code: 'rbnj-adult', names: {} }, after: null }, false],
    ['a directory entry that cannot be read', { action: 'institution.update', before: 'x', after: null }, false],
  ])('%s', (_, entry, expected) => {
    expect(canSeeAuditEntry(vs, entry)).toBe(expected);
    expect(canSeeAuditEntry(admin, entry)).toBe(true);
  });
});

describe('a librarian’s import', () => {
  const current = [r('a', ['vs']), r('b', ['rbnj']), r('c', ['vs']), r('d', [])];

  test('replaces their part in place, drops what the import omits, keeps the rest', () => {
    const result = mergeImport(vs, current, [r('c', ['vs'])]);
    expect(result.ok && result.resources.map((x) => x.slug)).toEqual(['b', 'c', 'd']);
  });

  test('refuses resources beyond scope, slugs of resources outside it and new slugs, naming each', () => {
    const result = mergeImport(vs, current, [r('a', ['vs']), r('wide', ['vs', 'rbnj']), r('b', ['vs']), r('any', []), r('new', ['vs'])]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => [p.index, p.refusal.code])).toEqual([
      [1, 'out-of-scope'],
      [2, 'slug-outside'],
      [3, 'any-institution'],
      [4, 'new-slug'],
    ]);
  });

  test('refuses a slug the store does not have yet: only admins create resources', () => {
    const result = mergeImport(vs, current, [r('a', ['vs']), r('new-one', ['vs'])]);
    expect(!result.ok && result.problems).toEqual([{ index: 1, refusal: { code: 'new-slug', slug: 'new-one' } }]);
  });

  test('an admin replaces everything', () => {
    const result = mergeImport(admin, current, [r('z', [])]);
    expect(result.ok && result.resources.map((x) => x.slug)).toEqual(['z']);
  });
});

describe('the directory', () => {
  const vsEntry = { code: 'vs', names: { en: 'Valais' }, contact: 'desk@vs.example' };
  const rbnjEntry = { code: 'rbnj', names: {} };
  const directory = {
    institutions: [vsEntry, rbnjEntry],
    patronTypes: [
      { institution: 'vs', code: 'vs-pm', names: {} },
      { institution: 'rbnj', code: 'rbnj-adult', names: {} },
      { institution: 'vs', code: 'vs-child', names: {} },
    ],
  };

  test('a librarian changes the names and renewal link of their institution, never its code or contact, and adds or removes none', () => {
    expect(checkInstitution(vs, vsEntry, { ...vsEntry, names: { fr: 'Valais' }, renewUrl: 'https://vs.example/renew' })).toBeUndefined();
    expect(checkInstitution(vs, vsEntry, { ...vsEntry, contact: 'other@vs.example' })).toEqual({ code: 'contact', institution: 'vs' });
    expect(checkInstitution(vs, undefined, vsEntry)).toEqual({ code: 'institution-admin-only', institution: 'vs' });
    expect(checkInstitution(vs, vsEntry, undefined)).toEqual({ code: 'institution-admin-only', institution: 'vs' });
    expect(checkInstitution(vs, rbnjEntry, { ...rbnjEntry, names: { fr: 'x' } })).toEqual({ code: 'institution-outside', institution: 'rbnj', scope: ['vs'] });
    expect(checkInstitution(admin, undefined, rbnjEntry)).toBeUndefined();
  });

  test('a librarian adds, changes and removes patron types of their institutions only, before and after', () => {
    const pm = { institution: 'vs', code: 'vs-pm', names: {} };
    expect(checkPatronType(vs, undefined, pm)).toBeUndefined();
    expect(checkPatronType(vs, pm, undefined)).toBeUndefined();
    expect(checkPatronType(vs, pm, { ...pm, institution: 'rbnj' })?.code).toBe('institution-outside');
    expect(checkPatronType(vs, { ...pm, institution: 'rbnj' }, pm)?.code).toBe('institution-outside');
    expect(checkPatronType(admin, { ...pm, institution: 'rbnj' }, pm)).toBeUndefined();
  });

  test('a librarian sees their part in an export', () => {
    expect(visibleDirectory(vs, directory)).toEqual({ institutions: [vsEntry], patronTypes: [directory.patronTypes[0], directory.patronTypes[2]] });
    expect(visibleDirectory(admin, directory)).toBe(directory);
    expect(visibleDirectory(vs, undefined)).toBe(undefined);
  });

  test('a librarian’s import: their patron types replaced in place, new ones last, the rest kept', () => {
    const result = mergeDirectory(vs, directory, {
      institutions: [{ ...vsEntry, names: { en: 'Valais Media Library' } }],
      patronTypes: [{ institution: 'vs', code: 'vs-teen', names: {} }, { institution: 'vs', code: 'vs-pm', names: { en: 'Adult' } }],
    });
    expect(result).toEqual({
      ok: true,
      directory: {
        institutions: [{ ...vsEntry, names: { en: 'Valais Media Library' } }, rbnjEntry],
        patronTypes: [{ institution: 'vs', code: 'vs-pm', names: { en: 'Adult' } }, directory.patronTypes[1], { institution: 'vs', code: 'vs-teen', names: {} }],
      },
    });
  });

  test('a librarian’s import may not take over a code of another institution', () => {
    const result = mergeDirectory(vs, directory, { institutions: [vsEntry], patronTypes: [{ institution: 'vs', code: 'rbnj-adult', names: {} }] });
    expect(result).toEqual({ ok: false, problems: [{ path: '$.directory.patronTypes[0]', refusal: { code: 'institution-outside', institution: 'rbnj', scope: ['vs'] } }] });
  });

  test('without a directory in the document the stored one stays; an admin’s replaces it', () => {
    expect(mergeDirectory(vs, directory, undefined)).toEqual({ ok: true, directory });
    const other = { institutions: [rbnjEntry], patronTypes: [] };
    expect(mergeDirectory(admin, directory, other)).toEqual({ ok: true, directory: other });
    expect(mergeDirectory(vs, undefined, { institutions: [vsEntry], patronTypes: [] })).toMatchObject({ ok: false, problems: [{ refusal: { code: 'institution-admin-only' } }] });
  });
});
