import { describe, expect, test } from 'vitest';
import { ResourceSchema } from '../access/criteria';
import { LOCALES } from '../i18n/locales';
import { translator } from '../i18n/messages';
import { diff, fieldWords, flatten, readPath } from './audit-diff';

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

  test('directory entries compare by code, connections by id', () => {
    const before = { directory: { institutions: [{ code: 'vs', names: { en: 'Valais' } }, { code: 'ju' }] }, connections: [{ id: 'libris-test', clientId: 'a' }] };
    const after = { directory: { institutions: [{ code: 'ju' }, { code: 'vs', names: { en: 'Valais', fr: 'Valais (fr)' } }] }, connections: [{ id: 'libris-test', clientId: 'b' }] };
    expect(diff(before, after)).toEqual([
      { path: 'directory.institutions[vs].names.fr', kind: 'added', after: '"Valais (fr)"' },
      { path: 'connections[libris-test].clientId', kind: 'changed', before: '"a"', after: '"b"' },
    ]);
  });

  test('flatten keeps lists of plain values as one value', () => {
    expect(Object.fromEntries(flatten({ a: [1, 2], b: { c: 'd' }, e: {} }))).toEqual({ a: '[1,2]', 'b.c': '"d"', e: '{}' });
  });
});

describe('a change in words', () => {
  test('a document’s paths name the resource, then the field', () => {
    expect(readPath('resources[cairn].criteria.minAge')).toEqual({ resource: 'cairn', field: 'criteria.minAge' });
    expect(readPath('resources[cairn]')).toEqual({ resource: 'cairn', field: '$' });
    expect(readPath('criteria.minAge')).toEqual({ field: 'criteria.minAge' });
    expect(readPath('secrets.clientSecret')).toEqual({ field: 'secrets.clientSecret' });
  });

  test('every field of a resource, a staff member and a connection has words, in every language', () => {
    const full = ResourceSchema.parse({
      slug: 'cairn',
      name: 'Cairn',
      url: 'https://cairn.example/',
      criteria: { institutions: ['vs'], patronTypes: ['vs-pm'], minAge: 16, graceDays: 3 },
      release: { id: 'pairwise', sector: 'cairn-old' },
      upstream: { connection: 'libris-test' },
      deniedMessage: 'Ask at the desk.',
    });
    const texts = ResourceSchema.parse({ slug: 'cairn', name: 'Cairn', url: 'https://cairn.example/', deniedMessage: { en: 'Ask.', 'de-CH': 'Fragen.' }, description: { fr: 'Revues' } });
    const connection = { id: 'libris-test', provider: 'libris', environment: 'test', clientId: 'gateway', activeSigel: 'Xyz', endpoints: { token: 't', api: 'a', verify: 'v' }, secrets: { clientSecret: 'stored' } };
    const entries: [string, unknown][] = [
      ['resource.update', full],
      ['resource.update', texts],
      ['criteria.import', { resources: [full] }],
      ['criteria.import', { resources: [] }],
      [
        'criteria.import',
        {
          resources: [],
          directory: {
            institutions: [{ code: 'vs', names: { en: 'Valais', 'de-CH': 'Wallis' }, renewUrl: 'https://renew.example/', contact: 'desk' }],
            patronTypes: [{ institution: 'vs', code: 'vs-pm', names: { en: 'Adult' } }],
          },
        },
      ],
      ['criteria.import', { resources: [], directory: { institutions: [], patronTypes: [] } }],
      ['staff.update', { userId: '1002', role: 'librarian', institutions: ['vs'] }],
      ['connection.update', connection],
    ];
    for (const locale of LOCALES) {
      const has = translator(locale).has as (key: string) => boolean;
      for (const [action, value] of entries) {
        for (const path of flatten(value).keys()) {
          const words = fieldWords(action, readPath(path).field);
          expect({ locale, action, path, words: words !== undefined }).toEqual({ locale, action, path, words: true });
          for (const key of [words?.key, words?.of]) if (key) expect({ locale, key, has: has(`admin.${key}`) }).toEqual({ locale, key, has: true });
        }
      }
    }
  });

  test('a directory entry’s path names the entry, then its field', () => {
    expect(readPath('directory.institutions[vs].names.fr')).toEqual({ entry: { kind: 'institution', code: 'vs' }, field: 'directory.names.fr' });
    expect(readPath('directory.patronTypes[vs-pm]')).toEqual({ entry: { kind: 'patronType', code: 'vs-pm' }, field: 'directory.$' });
    expect(fieldWords('criteria.import', 'directory.names.fr')).toEqual({ key: 'directory.fields.names' });
  });

  test('an unknown field has none: the page shows its path', () => {
    expect(fieldWords('resource.update', 'criteria.somethingNew')).toBeUndefined();
    expect(fieldWords('staff.update', 'name')).toBeUndefined();
  });
});
