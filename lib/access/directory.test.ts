import { describe, expect, test } from 'vitest';
import { parseCriteriaDocument, type CriteriaError } from './criteria';
import { DirectorySchema, hasDirectory, institutionName, nameIn, patronTypeName, renewalOf, unknownCodes, usedBy, type Directory } from './directory';

const directory = {
  institutions: [
    { code: 'vs', names: { en: 'Valais Media Library', fr: 'Médiathèque Valais', de: 'Mediathek Wallis' }, renewUrl: 'https://www.mediatheque.ch/renew', contact: 'info@mediatheque.ch' },
    { code: 'rbnj', names: { fr: 'Réseau des bibliothèques neuchâteloises et jurassiennes' } },
    { code: 'aoste' },
  ],
  patronTypes: [
    { institution: 'vs', code: 'vs-pm', names: { en: 'Adult reader', fr: 'Lecteur adulte' } },
    { institution: 'rbnj', code: 'rbnj-adult', names: {} },
  ],
};

const parsed = DirectorySchema.parse(directory);

const cairn = { slug: 'cairn', name: 'Cairn.info', url: 'https://www.cairn.info/', criteria: { institutions: ['vs', 'rbnj'], patronTypes: ['vs-pm'] } };

function errorsOf(json: unknown): CriteriaError[] {
  const result = parseCriteriaDocument(json);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.errors;
}

describe('the directory in the criteria document', () => {
  test('the documented shape parses, names default to none, the renewal link is normalised', () => {
    const result = parseCriteriaDocument({ resources: [cairn], directory });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.directory?.institutions[2]).toEqual({ code: 'aoste', names: {} });
    expect(result.document.directory?.institutions[0]?.renewUrl).toBe('https://www.mediatheque.ch/renew');
    expect(result.document.directory?.patronTypes).toHaveLength(2);
  });

  test('a document without a directory has none (the stored one is kept); lists default to empty', () => {
    const result = parseCriteriaDocument({ resources: [cairn] });
    expect(result.ok && result.document.directory).toBe(undefined);
    expect(DirectorySchema.parse({})).toEqual({ institutions: [], patronTypes: [] });
    expect(hasDirectory(DirectorySchema.parse({}))).toBe(false);
    expect(hasDirectory(parsed)).toBe(true);
  });

  test('the renewal link is https; names are keyed by language; nothing unknown is accepted', () => {
    const errors = errorsOf({
      resources: [],
      directory: {
        institutions: [
          { code: 'vs', renewUrl: 'http://www.mediatheque.ch/renew' },
          { code: 'rbnj', names: { english: 'x', fr: '' } },
          { code: '', contact: 3, nom: 'x' },
        ],
      },
    });
    expect(errors.map((e) => e.path)).toEqual([
      '$.directory.institutions[0].renewUrl',
      '$.directory.institutions[1].names.english',
      '$.directory.institutions[1].names.fr',
      '$.directory.institutions[2].code',
      '$.directory.institutions[2].contact',
      '$.directory.institutions[2].nom',
    ]);
    expect(errors[0]?.message).toBe('"renewUrl" must be a full web address starting with https://, or be left out.');
    expect(errors[5]?.message).toBe('"nom" is not a known setting; check its spelling (known settings here: code, names, renewUrl, contact).');
  });

  test('codes are listed once, and a patron type belongs to an institution of the directory', () => {
    const errors = errorsOf({
      resources: [],
      directory: {
        institutions: [{ code: 'vs' }, { code: 'vs' }],
        patronTypes: [
          { institution: 'vs', code: 'vs-pm' },
          { institution: 'nowhere', code: 'vs-pm' },
        ],
      },
    });
    expect(errors).toEqual([
      { path: '$.directory.institutions[1].code', message: 'The institution "vs" is already listed at $.directory.institutions[0]; each code once.' },
      { path: '$.directory.patronTypes[1].code', message: 'The patron type "vs-pm" is already listed at $.directory.patronTypes[0]; each code once.' },
      { path: '$.directory.patronTypes[1].institution', message: 'The patron type belongs to "nowhere", which is not an institution of the directory: add the institution first.' },
    ]);
  });

  test('with a directory, a resource naming a code it does not know is refused, naming the resource', () => {
    const errors = errorsOf({
      resources: [cairn, { ...cairn, slug: 'other', criteria: { institutions: ['vs', 'ge', 'ju'], patronTypes: ['vs-pm', 'vs-child'] } }],
      directory,
    });
    expect(errors).toEqual([
      {
        path: '$.resources[1].criteria.institutions',
        message: 'The resource "other" names the institutions "ge", "ju", which the directory does not have: add them to the directory, or choose from it.',
      },
      {
        path: '$.resources[1].criteria.patronTypes',
        message: 'The resource "other" names the patron type "vs-child", which the directory does not have: add it to the directory, or choose from it.',
      },
    ]);
  });

  test('an empty directory holds nothing to: codes are free, as without one', () => {
    expect(parseCriteriaDocument({ resources: [cairn], directory: { institutions: [] } }).ok).toBe(true);
  });

  test('a broken directory is reported alone, without a list of unknown codes on top', () => {
    const errors = errorsOf({ resources: [{ ...cairn, criteria: { institutions: ['zz'] } }], directory: { institutions: [{ code: 'vs', renewUrl: 'nope' }] } });
    expect(errors.map((e) => e.path)).toEqual(['$.directory.institutions[0].renewUrl']);
  });
});

describe('unknownCodes and usedBy', () => {
  const resources = [cairn, { slug: 'junior', criteria: { institutions: ['vs'], patronTypes: [] } }, { slug: 'open', criteria: { institutions: [], patronTypes: [] } }];

  test('without a directory nothing is unknown', () => {
    expect(unknownCodes(undefined, [{ slug: 'x', criteria: { institutions: ['zz'], patronTypes: ['zz'] } }])).toEqual([]);
  });

  test('each resource with what it names and the directory lacks', () => {
    const lacking: Directory = { institutions: parsed.institutions.filter((i) => i.code !== 'rbnj'), patronTypes: [] };
    expect(unknownCodes(lacking, resources)).toEqual([
      { index: 0, slug: 'cairn', kind: 'institution', codes: ['rbnj'] },
      { index: 0, slug: 'cairn', kind: 'patronType', codes: ['vs-pm'] },
    ]);
  });

  test('who uses a code', () => {
    expect(usedBy(resources, 'institution', 'vs')).toEqual(['cairn', 'junior']);
    expect(usedBy(resources, 'patronType', 'vs-pm')).toEqual(['cairn']);
    expect(usedBy(resources, 'institution', 'aoste')).toEqual([]);
  });
});

describe('names and renewal for pages', () => {
  test('the name in the language asked, else its primary language, else English, else the code', () => {
    expect(institutionName(parsed, 'vs', 'fr')).toBe('Médiathèque Valais');
    expect(institutionName(parsed, 'vs', 'de-CH')).toBe('Mediathek Wallis');
    expect(institutionName(parsed, 'vs', 'it')).toBe('Valais Media Library');
    expect(institutionName(parsed, 'rbnj', 'sv')).toBe('rbnj');
    expect(institutionName(parsed, 'rbnj', 'fr')).toBe('Réseau des bibliothèques neuchâteloises et jurassiennes');
    expect(institutionName(parsed, 'aoste', 'en')).toBe('aoste');
    expect(institutionName(parsed, 'unknown', 'en')).toBe('unknown');
    expect(institutionName(undefined, 'vs', 'en')).toBe('vs');
    expect(patronTypeName(parsed, 'vs-pm', 'nb')).toBe('Adult reader');
    expect(patronTypeName(parsed, 'rbnj-adult', 'fr')).toBe('rbnj-adult');
    expect(nameIn({ en: 'x' }, 'en', 'c')).toBe('x');
  });

  test('the renewal link and contact of an institution, or nothing', () => {
    expect(renewalOf(parsed, 'vs')).toEqual({ renewUrl: 'https://www.mediatheque.ch/renew', contact: 'info@mediatheque.ch' });
    expect(renewalOf(parsed, 'rbnj')).toEqual({});
    expect(renewalOf(undefined, 'vs')).toEqual({});
  });

  test('a name is data: markup in it is kept as written, for the page to escape', () => {
    const marked = DirectorySchema.parse({ institutions: [{ code: 'x', names: { en: '<b>Bold</b> & "co"' } }] });
    expect(institutionName(marked, 'x', 'en')).toBe('<b>Bold</b> & "co"');
  });
});
