import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  CriteriaSchema,
  DEFAULT_RELEASE,
  ReleaseSchema,
  ResourceSchema,
  sameRelease,
  upstreamAllows,
  parseCriteriaDocument,
  type Criteria,
  type CriteriaDocument,
  type CriteriaError,
  type Resource,
} from './criteria';

const cairn = {
  slug: 'cairn',
  name: 'Cairn.info',
  url: 'https://www.cairn.info/',
  enabled: true,
  criteria: {
    institutions: ['vs', 'rbnj'],
    patronTypes: ['vs-pm', 'rbnj-adult'],
    requireValidMembership: true,
    graceDays: 0,
    minAge: 18,
  },
  release: { id: 'pairwise', attributes: ['institution', 'patronType'] },
  deniedMessage: 'Cairn is licensed for adult members of the Valais and Neuchâtel networks.',
};

const minimal = { slug: 'jstor', name: 'JSTOR', url: 'https://www.jstor.org/' };

/** The errors of a document that must fail. */
function errorsOf(json: unknown): CriteriaError[] {
  const result = parseCriteriaDocument(json);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.errors;
}

function pathsOf(json: unknown): string[] {
  return errorsOf(json).map((error) => error.path);
}

function withResource(overrides: Record<string, unknown>): unknown {
  return { resources: [{ ...minimal, ...overrides }] };
}

function withCriteria(criteria: unknown): unknown {
  return withResource({ criteria });
}

describe('a valid document', () => {
  test('the documented example parses unchanged', () => {
    expect(parseCriteriaDocument({ resources: [cairn] })).toEqual({ ok: true, document: { resources: [cairn] } });
  });

  test('defaults: enabled, and criteria omitted altogether', () => {
    const result = parseCriteriaDocument({ resources: [minimal] });
    expect(result).toEqual({
      ok: true,
      document: {
        resources: [
          {
            ...minimal,
            enabled: true,
            criteria: { institutions: [], patronTypes: [], requireValidMembership: true, graceDays: 0 },
            release: { id: 'pairwise', attributes: ['institution', 'patronType'] },
          },
        ],
      },
    });
  });

  test('defaults: an empty criteria object', () => {
    expect(CriteriaSchema.parse({})).toEqual({
      institutions: [],
      patronTypes: [],
      requireValidMembership: true,
      graceDays: 0,
    });
  });

  test('defaults do not share lists between resources', () => {
    const result = parseCriteriaDocument({ resources: [minimal, { ...minimal, slug: 'other' }] });
    if (!result.ok) throw new Error('expected success');
    const [first, second] = result.document.resources;
    first!.criteria.institutions.push('vs');
    expect(second!.criteria.institutions).toEqual([]);
  });

  test('explicit values override the defaults', () => {
    expect(
      CriteriaSchema.parse({ requireValidMembership: false, graceDays: 365, minAge: 0, institutions: [] }),
    ).toEqual({ institutions: [], patronTypes: [], requireValidMembership: false, graceDays: 365, minAge: 0 });
  });

  test('a disabled resource stays disabled', () => {
    expect(ResourceSchema.parse({ ...minimal, enabled: false }).enabled).toBe(false);
  });

  test.each(['a', 'cairn', 'jstor-arts', '2024-ebooks', 'x1-y2-z3'])('slug %j is accepted', (slug) => {
    expect(parseCriteriaDocument(withResource({ slug })).ok).toBe(true);
  });

  test.each(['http://intranet.example/', 'https://www.cairn.info/path?q=1', 'HTTPS://EXAMPLE.ORG/'])(
    'url %j is accepted',
    (url) => {
      expect(parseCriteriaDocument(withResource({ url })).ok).toBe(true);
    },
  );

  test('codes are trimmed', () => {
    expect(CriteriaSchema.parse({ institutions: [' vs '] }).institutions).toEqual(['vs']);
  });

  test('an empty resource list is valid', () => {
    expect(parseCriteriaDocument({ resources: [] })).toEqual({ ok: true, document: { resources: [] } });
  });

  test('a top-level "connections" list is accepted for later', () => {
    const result = parseCriteriaDocument({ resources: [], connections: [{ anything: 1 }] });
    expect(result).toEqual({ ok: true, document: { resources: [], connections: [{ anything: 1 }] } });
  });

  test('the output types carry the defaults', () => {
    expectTypeOf<Criteria['institutions']>().toEqualTypeOf<string[]>();
    expectTypeOf<Criteria['graceDays']>().toEqualTypeOf<number>();
    expectTypeOf<Criteria['minAge']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Resource['enabled']>().toEqualTypeOf<boolean>();
    expectTypeOf<Resource['criteria']>().toEqualTypeOf<Criteria>();
    expectTypeOf<CriteriaDocument['resources']>().toEqualTypeOf<Resource[]>();
  });
});

describe('errors name the place and the problem', () => {
  test.each(['Cairn', 'cairn info', 'cairn_info', 'cairné', '', 'cairn/x'])('slug %j is rejected', (slug) => {
    expect(errorsOf(withResource({ slug }))).toEqual([
      {
        path: '$.resources[0].slug',
        message: 'The slug may contain only lowercase letters, digits and hyphens, such as "cairn" or "jstor-arts".',
      },
    ]);
  });

  test('a duplicate slug points at the second resource that uses it', () => {
    const errors = errorsOf({
      resources: [minimal, { ...minimal, slug: 'cairn' }, { ...minimal, name: 'JSTOR again' }],
    });
    expect(errors).toEqual([
      {
        path: '$.resources[2].slug',
        message: 'The slug "jstor" is already used by $.resources[0]; each resource needs its own slug.',
      },
    ]);
  });

  test('every further duplicate is reported, next to other soft errors', () => {
    const errors = errorsOf({
      resources: [minimal, { ...minimal, url: 'ftp://x' }, minimal],
    });
    expect(errors.map((error) => error.path)).toEqual([
      '$.resources[1].url',
      '$.resources[1].slug',
      '$.resources[2].slug',
    ]);
  });

  test.each([
    'ftp://files.example.org/',
    'javascript:alert(1)',
    'mailto:library@example.org',
    'file:///etc/passwd',
    '/relative/path',
    'www.cairn.info',
    'http:www.cairn.info',
    'https:/www.cairn.info',
    '',
  ])('url %j is rejected', (url) => {
    expect(errorsOf(withResource({ url }))).toEqual([
      {
        path: '$.resources[0].url',
        message: 'The URL must be a full web address starting with https:// or http://.',
      },
    ]);
  });

  test('missing required fields', () => {
    expect(errorsOf({ resources: [{}] })).toEqual([
      { path: '$.resources[0].slug', message: 'Give the resource a slug, a short identifier such as "cairn".' },
      { path: '$.resources[0].name', message: 'Give the resource a name.' },
      { path: '$.resources[0].url', message: "Give the resource's web address (URL)." },
    ]);
  });

  test('a blank name', () => {
    expect(errorsOf(withResource({ name: '   ' }))).toEqual([
      { path: '$.resources[0].name', message: 'The name must not be empty.' },
    ]);
  });

  test.each([
    [{ minAge: 151 }, '$.resources[0].criteria.minAge', '"minAge" must be a whole number of years from 0 to 150.'],
    [{ minAge: -1 }, '$.resources[0].criteria.minAge', '"minAge" must be a whole number of years from 0 to 150.'],
    [{ minAge: 17.5 }, '$.resources[0].criteria.minAge', '"minAge" must be a whole number of years from 0 to 150.'],
    [{ minAge: '18' }, '$.resources[0].criteria.minAge', '"minAge" must be a whole number of years from 0 to 150.'],
    [{ graceDays: -1 }, '$.resources[0].criteria.graceDays', '"graceDays" must be a whole number of days from 0 to 365.'],
    [{ graceDays: 366 }, '$.resources[0].criteria.graceDays', '"graceDays" must be a whole number of days from 0 to 365.'],
    [{ graceDays: null }, '$.resources[0].criteria.graceDays', '"graceDays" must be a whole number of days from 0 to 365.'],
    [
      { requireValidMembership: 'yes' },
      '$.resources[0].criteria.requireValidMembership',
      '"requireValidMembership" must be true or false.',
    ],
    [
      { institutions: 'vs' },
      '$.resources[0].criteria.institutions',
      '"institutions" must be a list of codes such as ["vs"], or be left out to allow any.',
    ],
    [
      { patronTypes: ['vs-pm', ''] },
      '$.resources[0].criteria.patronTypes[1]',
      'Each entry of "patronTypes" must be a non-empty code such as "vs-pm".',
    ],
  ])('criteria %j', (criteria, path, message) => {
    expect(errorsOf(withCriteria(criteria))).toEqual([{ path, message }]);
  });

  test('criteria that are not an object', () => {
    expect(errorsOf(withCriteria(['vs']))).toEqual([
      {
        path: '$.resources[0].criteria',
        message: '"criteria" must be an object of rules, or be left out to use the defaults.',
      },
    ]);
  });

  test('the path of a later resource', () => {
    expect(pathsOf({ resources: [cairn, { ...minimal, criteria: { minAge: 200 } }] })).toEqual([
      '$.resources[1].criteria.minAge',
    ]);
  });

  const criteriaKeys = 'institutions, patronTypes, requireValidMembership, graceDays, minAge';
  test.each([
    [{ resources: [], resource: [] }, 'resource', '$.resource', 'resources, directory, connections'],
    [withResource({ slugs: 'x' }), 'slugs', '$.resources[0].slugs', 'slug, name, url, enabled, criteria, release, upstream, deniedMessage, description'],
    [withResource({ release: { id: 'none', attrs: [] } }), 'attrs', '$.resources[0].release.attrs', 'id, sector, attributes'],
    [withCriteria({ minage: 18 }), 'minage', '$.resources[0].criteria.minage', criteriaKeys],
    [withCriteria({ 'grace days': 2 }), 'grace days', '$.resources[0].criteria["grace days"]', criteriaKeys],
  ])('an unknown key is a typo to fix: %j', (json, key, path, known) => {
    expect(errorsOf(json)).toEqual([
      { path, message: `"${key}" is not a known setting; check its spelling (known settings here: ${known}).` },
    ]);
  });

  test('"connections" is accepted only at the top level, and only as a list', () => {
    expect(pathsOf(withResource({ connections: [] }))).toEqual(['$.resources[0].connections']);
    expect(errorsOf({ resources: [], connections: {} })).toEqual([
      { path: '$.connections', message: '"connections" must be a list.' },
    ]);
  });

  test.each([
    [null, '$', 'The criteria document must be a JSON object with a "resources" list.'],
    [[], '$', 'The criteria document must be a JSON object with a "resources" list.'],
    ['{"resources": []}', '$', 'The criteria document must be a JSON object with a "resources" list.'],
    [{}, '$.resources', 'The document needs a "resources" list.'],
    [{ resources: {} }, '$.resources', '"resources" must be a list of resources.'],
    [{ resources: ['cairn'] }, '$.resources[0]', 'Each resource must be an object with at least a slug, a name and a URL.'],
  ])('document %j', (json, path, message) => {
    expect(errorsOf(json)).toEqual([{ path, message }]);
  });

  test('a denied message, when given, is non-empty text', () => {
    expect(errorsOf(withResource({ deniedMessage: '' }))).toEqual([
      { path: '$.resources[0].deniedMessage', message: 'The denied message must not be empty; leave it out instead.' },
    ]);
    expect(pathsOf(withResource({ deniedMessage: 3 }))).toEqual(['$.resources[0].deniedMessage']);
  });

  test('"enabled" must be a boolean', () => {
    expect(errorsOf(withResource({ enabled: 'false' }))).toEqual([
      { path: '$.resources[0].enabled', message: '"enabled" must be true or false.' },
    ]);
  });

  test('several problems are reported together, in document order', () => {
    expect(
      pathsOf({
        resources: [
          { ...minimal, slug: 'Bad', criteria: { minAge: -3, typo: true } },
          { ...minimal, slug: 'ok', url: 'ftp://x' },
        ],
      }),
    ).toEqual([
      '$.resources[0].slug',
      '$.resources[0].criteria.minAge',
      '$.resources[0].criteria.typo',
      '$.resources[1].url',
    ]);
  });
});

describe('resource URLs', () => {
  test('are normalised so that they can stand in a Location header', async () => {
    const { parseCriteriaDocument } = await import('./criteria');
    const parsed = parseCriteriaDocument({ resources: [{ slug: 'euro', name: 'Euro', url: 'https://a.example/€ page' }] });
    expect(parsed.ok && parsed.document.resources[0]?.url).toBe('https://a.example/%E2%82%AC%20page');
    expect(() => new Headers({ location: parsed.ok ? parsed.document.resources[0]!.url : '' })).not.toThrow();
  });
});

describe('the release policy: what an e-resource receives', () => {
  const releaseOf = (release: unknown) => {
    const result = parseCriteriaDocument(withResource({ release }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.document.resources[0]?.release;
  };

  test('by default a pseudonym, the institution and the patron type; no sector (the slug is used)', () => {
    expect(releaseOf(undefined)).toEqual({ id: 'pairwise', attributes: ['institution', 'patronType'] });
    expect(releaseOf({})).toEqual({ id: 'pairwise', attributes: ['institution', 'patronType'] });
  });

  test('each id mode, a sector, and any subset of the attributes, in one order whatever was written', () => {
    for (const id of ['pairwise', 'patron-pid', 'user-id', 'none']) expect(releaseOf({ id })?.id).toBe(id);
    expect(releaseOf({ id: 'none', attributes: [] })).toEqual({ id: 'none', attributes: [] });
    expect(releaseOf({ attributes: ['patronType', 'institution', 'patronType'] })?.attributes).toEqual(['institution', 'patronType']);
    expect(releaseOf({ attributes: ['patronType'] })?.attributes).toEqual(['patronType']);
    expect(releaseOf({ sector: 'cairn-2019' })).toEqual({ id: 'pairwise', sector: 'cairn-2019', attributes: ['institution', 'patronType'] });
  });

  test('anything else is refused with its path: an unknown mode, a fact that is never released, a sector that is not a slug', () => {
    expect(errorsOf(withResource({ release: { id: 'email', sector: 'Cairn Info', attributes: ['institution', 'birthDate'] } }))).toEqual([
      { path: '$.resources[0].release.id', message: '"release.id" must be one of "pairwise", "patron-pid", "user-id", "none".' },
      { path: '$.resources[0].release.sector', message: '"release.sector" may contain only lowercase letters, digits and hyphens, such as "cairn".' },
      {
        path: '$.resources[0].release.attributes[1]',
        message: 'Each entry of "release.attributes" must be one of "institution", "patronType"; nothing else is ever released.',
      },
    ]);
    expect(pathsOf(withResource({ release: 'none' }))).toEqual(['$.resources[0].release']);
    expect(pathsOf(withResource({ release: { attributes: 'institution' } }))).toEqual(['$.resources[0].release.attributes']);
    expect(pathsOf(withResource({ release: { sector: 'x'.repeat(101) } }))).toEqual(['$.resources[0].release.sector']);
  });

  test('sameRelease compares what is released, the slug standing for a missing sector', () => {
    const parsed = (release: unknown) => ReleaseSchema.parse(release);
    expect(sameRelease(parsed({}), DEFAULT_RELEASE, 'cairn')).toBe(true);
    expect(sameRelease(parsed({ sector: 'cairn' }), DEFAULT_RELEASE, 'cairn')).toBe(true);
    expect(sameRelease(parsed({ sector: 'other' }), DEFAULT_RELEASE, 'cairn')).toBe(false);
    expect(sameRelease(parsed({ attributes: ['patronType', 'institution'] }), DEFAULT_RELEASE, 'cairn')).toBe(true);
    expect(sameRelease(parsed({ attributes: ['institution'] }), DEFAULT_RELEASE, 'cairn')).toBe(false);
    expect(sameRelease(parsed({ id: 'none' }), DEFAULT_RELEASE, 'cairn')).toBe(false);
  });
});

describe('upstream: a resource behind a provider connection', () => {
  const parse = (upstream: unknown) => parseCriteriaDocument({ resources: [{ slug: 'libris-api', name: 'Libris', url: 'https://libris.kb.se/', upstream }] });

  test('defaults to GET and HEAD on every path', () => {
    const parsed = parse({ connection: 'libris-test' });
    expect(parsed.ok && parsed.document.resources[0]?.upstream).toEqual({ connection: 'libris-test', allow: [{ methods: ['GET', 'HEAD'], paths: ['/'] }] });
  });

  test.each([
    [{ connection: 'Libris Test' }, '$.resources[0].upstream.connection'],
    [{ connection: 'libris-test', allow: [{ methods: ['FETCH'], paths: ['/'] }] }, '$.resources[0].upstream.allow[0].methods[0]'],
    [{ connection: 'libris-test', allow: [{ methods: ['GET'], paths: ['metadata'] }] }, '$.resources[0].upstream.allow[0].paths[0]'],
    [{ connection: 'libris-test', allow: [{ methods: [], paths: ['/'] }] }, '$.resources[0].upstream.allow[0].methods'],
  ])('%j is refused at %s', (upstream, path) => {
    const parsed = parse(upstream);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.map((e) => e.path)).toContain(path);
  });

  test('only the methods and path prefixes listed carry credentials', () => {
    const parsed = parse({ connection: 'libris-test', allow: [{ methods: ['GET', 'HEAD'], paths: ['/metadata/export/'] }] });
    const upstream = parsed.ok ? parsed.document.resources[0]?.upstream : undefined;
    if (!upstream) throw new Error('not parsed');
    expect(upstreamAllows(upstream, 'GET', '/metadata/export/onix/v1')).toBe(true);
    expect(upstreamAllows(upstream, 'head', '/metadata/export/')).toBe(true);
    expect(upstreamAllows(upstream, 'POST', '/metadata/export/onix/v1')).toBe(false);
    expect(upstreamAllows(upstream, 'GET', '/metadata/import/')).toBe(false);
  });
});

describe('texts the library writes in several languages', () => {
  test('deniedMessage and description: a text, or texts by language', () => {
    const parsed = parseCriteriaDocument(withResource({ deniedMessage: { en: ' Ask at the desk. ', 'de-CH': 'Fragen Sie am Schalter.' }, description: 'Journals' }));
    expect(parsed.ok && parsed.document.resources[0]).toMatchObject({ deniedMessage: { en: 'Ask at the desk.', 'de-CH': 'Fragen Sie am Schalter.' }, description: 'Journals' });
  });

  test.each([
    [{ description: '' }, '$.resources[0].description', 'The description must not be empty; leave it out instead.'],
    [{ deniedMessage: { fr: '' } }, '$.resources[0].deniedMessage.fr', 'The denied message must not be empty; leave it out instead.'],
    [{ deniedMessage: { French: 'Demandez.' } }, '$.resources[0].deniedMessage', '"deniedMessage" must be text such as "Ask at the loans desk.", or texts by language such as { "en": "Ask at the loans desk." }, or be left out.'],
    [{ deniedMessage: {} }, '$.resources[0].deniedMessage', '"deniedMessage" must give at least one language; leave it out instead.'],
    [{ description: 'x'.repeat(301) }, '$.resources[0].description', 'The description must be at most 300 characters.'],
    [{ description: ['Journals'] }, '$.resources[0].description', '"description" must be text such as "Newspapers and magazines from 1900 on.", or texts by language such as { "en": "Newspapers and magazines from 1900 on." }, or be left out.'],
  ])('%j is refused, saying where and why', (fields, path, message) => {
    expect(errorsOf(withResource(fields))).toEqual([{ path, message }]);
  });
});
