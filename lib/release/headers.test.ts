import { describe, expect, test } from 'vitest';
import { ResourceSchema, type Resource } from '../access';
import type { PatronFacts, PatronRecord } from '../patron';
import { releasePlan, releasedHeaders } from './headers';
import { pairwisePseudonym, pseudonymKeyFrom } from './pseudonym';

const key = pseudonymKeyFrom(Uint8Array.from({ length: 32 }, (_, i) => i));

function resource(release?: unknown, slug = 'cairn'): Resource {
  return ResourceSchema.parse({ slug, name: 'R', url: 'https://r.example/', ...(release === undefined ? {} : { release }) });
}

const louis: PatronFacts = {
  userId: '1001',
  name: 'Roduit, Louis',
  birthDate: '1985-04-12',
  records: [{ code: 'vs', patronPid: '11', patronType: 'vs-pm', expirationDate: '2031-12-31' }],
};
const vs = louis.records[0]!;
/** The document's rbnj example: a membership without patron_type. */
const rbnj: PatronRecord = { code: 'rbnj', patronPid: '876', expirationDate: '2029-08-24' };

describe('the headers an e-resource receives', () => {
  test('by default: a pseudonym for the resource, the institution and the patron type of the qualifying membership', () => {
    expect(releasedHeaders(resource(), louis, vs, key)).toEqual({
      'x-patron-id': pairwisePseudonym(key, '1001', 'cairn'),
      'x-patron-institution': 'vs',
      'x-patron-type': 'vs-pm',
    });
    expect(releasedHeaders(resource(), louis, vs, key)['x-patron-id']).toBe('C-a88IT2zuQzR4NyRfTFCgXntcpsmwNW2tUA0ZV9S7M');
  });

  test.each([
    [{ id: 'patron-pid' }, { 'x-patron-id': '11', 'x-patron-institution': 'vs', 'x-patron-type': 'vs-pm' }],
    [{ id: 'user-id', attributes: ['institution'] }, { 'x-patron-id': '1001', 'x-patron-institution': 'vs' }],
    [{ id: 'none', attributes: ['patronType'] }, { 'x-patron-type': 'vs-pm' }],
    [{ id: 'none', attributes: [] }, {}],
  ])('%j releases exactly %j', (release, expected) => {
    expect(releasedHeaders(resource(release), louis, vs, key)).toEqual(expected);
  });

  test('the sector, not the slug, names the pseudonym: a renamed resource keeps its pseudonyms', () => {
    const renamed = resource({ sector: 'cairn' }, 'cairn-info');
    expect(releasedHeaders(renamed, louis, vs, key)['x-patron-id']).toBe(releasedHeaders(resource(), louis, vs, key)['x-patron-id']);
    expect(releasedHeaders(resource({}, 'cairn-info'), louis, vs, key)['x-patron-id']).not.toBe(releasedHeaders(resource(), louis, vs, key)['x-patron-id']);
  });

  test('a fact the membership does not have is left out, never made up', () => {
    expect(releasedHeaders(resource({ id: 'patron-pid' }), louis, rbnj, key)).toEqual({ 'x-patron-id': '876', 'x-patron-institution': 'rbnj' });
    const { patronPid: _, ...withoutPid } = vs;
    expect(releasedHeaders(resource({ id: 'patron-pid' }), louis, withoutPid, key)).toEqual({ 'x-patron-institution': 'vs', 'x-patron-type': 'vs-pm' });
  });

  test('never a name, birthdate, barcode, or a user id or patron_pid under a pseudonymous policy', () => {
    for (const release of [{}, { id: 'patron-pid' }, { id: 'user-id' }, { id: 'none' }]) {
      const values = Object.values(releasedHeaders(resource(release), louis, vs, key)).join(' ');
      expect(values).not.toMatch(/Roduit|Louis|1985/);
    }
    const pairwise = Object.values(releasedHeaders(resource(), louis, vs, key));
    expect(pairwise).not.toContain('1001');
    expect(pairwise).not.toContain('11');
  });

  test('the plan names a pseudonym without computing it: what "Try a patron" shows staff', () => {
    expect(releasePlan(resource(), '1001', vs)).toEqual([
      { header: 'x-patron-id', source: 'pairwise', sector: 'cairn' },
      { header: 'x-patron-institution', source: 'institution', value: 'vs' },
      { header: 'x-patron-type', source: 'patronType', value: 'vs-pm' },
    ]);
    expect(JSON.stringify(releasePlan(resource(), '1001', vs))).not.toContain(pairwisePseudonym(key, '1001', 'cairn'));
  });
});
