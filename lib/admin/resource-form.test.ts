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
    });
    expect(validateWithin([], 0, formOf(resource))).toEqual(result);
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
