import { describe, expect, test } from 'vitest';
import { parseCriteriaDocument } from '../access';
import { candidateOf, codes, fingerprint, formOf, readResourceForm, validateWithin, type ResourceForm } from './resource-form';

const base: ResourceForm = {
  slug: 'cairn',
  name: 'Cairn.info',
  url: 'https://www.cairn.info/',
  enabled: true,
  institutions: 'vs, rbnj',
  patronTypes: 'vs-pm;rbnj-adult',
  requireValidMembership: true,
  graceDays: '0',
  minAge: '18',
  deniedMessage: '  ',
  deniedMessageIn: {},
  description: '',
  descriptionIn: {},
};

describe('the resource form', () => {
  test('reads codes separated by commas, semicolons or spaces, without duplicates', () => {
    expect(codes(' vs,rbnj  vs ;nj ')).toEqual(['vs', 'rbnj', 'nj']);
  });

  test('a form and a resource go both ways', () => {
    const result = validateWithin([], 0, base);
    expect(result.ok).toBe(true);
    if (!result.ok || !result.resources[0]) return;
    const resource = result.resources[0];
    expect(resource).toEqual({
      slug: 'cairn',
      name: 'Cairn.info',
      url: 'https://www.cairn.info/',
      enabled: true,
      criteria: { institutions: ['vs', 'rbnj'], patronTypes: ['vs-pm', 'rbnj-adult'], requireValidMembership: true, graceDays: 0, minAge: 18 },
      release: { id: 'pairwise', attributes: ['institution', 'patronType'] },
    });
    expect(validateWithin([], 0, formOf(resource))).toEqual(result);
    const released = validateWithin([], 0, { ...base, release: { id: 'patron-pid', sector: 'cairn-2019', attributes: ['patronType'] } });
    if (!released.ok || !released.resources[0]) throw new Error('invalid');
    expect(released.resources[0].release).toEqual({ id: 'patron-pid', sector: 'cairn-2019', attributes: ['patronType'] });
    expect(validateWithin([], 0, formOf(released.resources[0]))).toEqual(released);
  });

  test('texts in several languages: a plain text when only the first field is given, else texts by language, both ways', () => {
    const plain = validateWithin([], 0, { ...base, deniedMessage: ' Ask at the desk. ', description: 'Journals' });
    if (!plain.ok || !plain.resources[0]) throw new Error('invalid');
    expect(plain.resources[0]).toMatchObject({ deniedMessage: 'Ask at the desk.', description: 'Journals' });
    expect(validateWithin([], 0, formOf(plain.resources[0]))).toEqual(plain);

    const data = new FormData();
    for (const [key, value] of Object.entries({ slug: 'cairn', name: 'Cairn', url: 'https://www.cairn.info/', deniedMessage: 'Ask at the desk.', 'deniedMessage.fr': 'Demandez au guichet.', 'deniedMessage.de-CH': ' ', 'description.it': 'Riviste', 'deniedMessage.<x>': 'dropped' })) data.append(key, value);
    const form = readResourceForm(data);
    expect(form.deniedMessageIn).toEqual({ fr: 'Demandez au guichet.', 'de-CH': ' ' });
    const many = validateWithin([], 0, form);
    if (!many.ok || !many.resources[0]) throw new Error('invalid');
    // An empty language is left out; a language without English keeps no English.
    expect(many.resources[0].deniedMessage).toEqual({ en: 'Ask at the desk.', fr: 'Demandez au guichet.' });
    expect(many.resources[0].description).toEqual({ it: 'Riviste' });
    const loaded = formOf(many.resources[0]);
    expect(loaded).toMatchObject({ deniedMessage: 'Ask at the desk.', deniedMessageIn: { fr: 'Demandez au guichet.' }, description: '', descriptionIn: { it: 'Riviste' } });
    expect(validateWithin([], 0, loaded)).toEqual(many);
  });

  test('FormData: the release fields only when the form has them (an admin\'s); none ticked is none released', () => {
    const librarian = new FormData();
    librarian.append('slug', 'cairn');
    expect(readResourceForm(librarian).release).toBeUndefined();
    expect(candidateOf(readResourceForm(librarian))).not.toHaveProperty('release');

    const admin = new FormData();
    admin.append('slug', 'cairn');
    admin.append('releaseId', 'none');
    admin.append('releaseSector', '  ');
    expect(readResourceForm(admin).release).toEqual({ id: 'none', sector: '', attributes: [] });
    expect(candidateOf(readResourceForm(admin))).toMatchObject({ release: { id: 'none', attributes: [] } });
    admin.append('releaseAttributes', 'institution');
    admin.set('releaseSector', ' old-cairn ');
    expect(candidateOf(readResourceForm(admin))).toMatchObject({ release: { id: 'none', sector: 'old-cairn', attributes: ['institution'] } });
  });

  test('FormData: unticked boxes are false, a librarian’s ticked institutions are joined', () => {
    const data = new FormData();
    data.append('slug', ' cairn ');
    data.append('institutions', 'vs');
    data.append('institutions', 'rbnj');
    data.append('requireValidMembership', 'on');
    const form = readResourceForm(data);
    expect(form).toMatchObject({ slug: 'cairn', institutions: 'vs, rbnj', enabled: false, requireValidMembership: true, graceDays: '' });
    expect(candidateOf(form)).toMatchObject({ criteria: { institutions: ['vs', 'rbnj'] } });
    expect(candidateOf(form)).not.toHaveProperty('criteria.graceDays');
  });

  test('each problem lands on its field', () => {
    const result = validateWithin([], 0, { ...base, slug: '', name: '', url: 'ftp://x', graceDays: '1.5', minAge: '200', institutions: 'vs, ,' });
    expect(result).toEqual({
      ok: false,
      errors: {
        slug: { key: 'slugMissing' },
        name: { key: 'nameMissing' },
        url: { key: 'urlInvalid' },
        graceDays: { key: 'graceDays', values: { min: 0, max: 365 } },
        minAge: { key: 'minAge', values: { min: 0, max: 150 } },
      },
    });
  });

  test('a slug used elsewhere in the document is taken', () => {
    const other = parseCriteriaDocument({ resources: [{ slug: 'cairn', name: 'Other', url: 'https://o/' }] });
    if (!other.ok) throw new Error('invalid');
    expect(validateWithin(other.document.resources, 1, base)).toEqual({ ok: false, errors: { slug: { key: 'slugTaken' } } });
  });

  test('the fingerprint changes with any setting', () => {
    const result = validateWithin([], 0, base);
    const changed = validateWithin([], 0, { ...base, graceDays: '1' });
    if (!result.ok || !changed.ok || !result.resources[0] || !changed.resources[0]) throw new Error('invalid');
    expect(fingerprint(result.resources[0])).toBe(fingerprint(structuredClone(result.resources[0])));
    expect(fingerprint(result.resources[0])).not.toBe(fingerprint(changed.resources[0]));
  });
});

describe('the resource form with a directory', () => {
  const directory = {
    institutions: [
      { code: 'vs', names: {} },
      { code: 'rbnj', names: {} },
    ],
    patronTypes: [{ institution: 'vs', code: 'vs-pm', names: {} }],
  };

  test('ticked patron types arrive one value per box, and are read as the typed list was', () => {
    const data = new FormData();
    for (const [key, value] of [['patronTypes', 'vs-pm'], ['patronTypes', 'rbnj-adult'], ['institutions', 'vs'], ['institutions', 'rbnj']]) data.append(key as string, value as string);
    const form = readResourceForm(data);
    expect(form.patronTypes).toBe('vs-pm, rbnj-adult');
    expect(form.institutions).toBe('vs, rbnj');
  });

  test('a code the directory lacks lands on its field, naming the codes', () => {
    const result = validateWithin([], 0, { ...base, institutions: 'vs, ge, ju' }, directory);
    expect(result).toEqual({
      ok: false,
      errors: {
        institutions: { key: 'unknownInstitutions', values: { codes: 'ge, ju', count: 2 } },
        patronTypes: { key: 'unknownPatronTypes', values: { codes: 'rbnj-adult', count: 1 } },
      },
    });
    expect(validateWithin([], 0, { ...base, patronTypes: 'vs-pm' }, directory).ok).toBe(true);
  });
});
