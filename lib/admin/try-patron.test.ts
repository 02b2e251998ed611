import { describe, expect, test } from 'vitest';
import { decide, parseCriteriaDocument, type Resource } from '../access';
import { DOCUMENT_EXAMPLE } from '../../simulators/rero-plus.mjs';
import { compareDraft, examplePatronInfo, institutionsShutOut, judgeAll, readPatronInfo, samplePatrons } from './try-patron';

function resource(criteria: object): Resource {
  const parsed = parseCriteriaDocument({ resources: [{ slug: 'x', name: 'X', url: 'https://x.example/', criteria }] });
  if (!parsed.ok || !parsed.document.resources[0]) throw new Error('invalid');
  return parsed.document.resources[0];
}

const NOW = new Date('2026-06-15T10:00:00Z');
const TODAY = '2026-06-15';
const ZONE = 'Europe/Zurich';

describe('reading a pasted patron', () => {
  test('the same mapping as sign-in (RERO+ /api/patrons/info → facts)', () => {
    const reading = readPatronInfo(JSON.stringify({ user_id: 1001, birthdate: '1985-04-12', patron_info: { vs: { patron_pid: '11', patron_type: 'vs-pm', expiration_date: '2031-12-31T00:00:00' } } }));
    expect(reading).toEqual({ ok: true, facts: { userId: '1001', birthDate: '1985-04-12', records: [{ code: 'vs', patronPid: '11', patronType: 'vs-pm', expirationDate: '2031-12-31' }] } });
  });

  test('not JSON, or not a patron answer: said so, with the detail', () => {
    expect(readPatronInfo('{')).toMatchObject({ ok: false, key: 'notJson' });
    const wrong = readPatronInfo('{"user_id": "abc"}');
    expect(wrong).toMatchObject({ ok: false, key: 'notPatronInfo' });
    expect(!wrong.ok && wrong.detail).toContain('user_id');
  });

  test('the examples are valid patron answers', () => {
    for (const kind of ['adult', 'expired', 'minor', 'no-record'] as const) expect(readPatronInfo(examplePatronInfo(kind, TODAY)).ok).toBe(true);
  });
});

describe('sample patrons around the edges of the criteria', () => {
  const criteria = resource({ institutions: ['vs'], patronTypes: ['vs-pm'], graceDays: 10, minAge: 18 });
  const samples = samplePatrons(criteria.criteria, undefined, TODAY, ['rbnj', 'vs']);
  const verdict = (id: string) => {
    const sample = samples.find((s) => s.id === id);
    if (!sample) throw new Error(`no sample ${id}`);
    const decision = decide(sample.facts, criteria, NOW, ZONE);
    return decision.allowed ? 'allowed' : decision.reasons.map((r) => r.code).join(',');
  };

  test('each one probes one rule', () => {
    expect(samples.map((s) => s.id)).toEqual([
      'typical',
      'other-type',
      'expired-yesterday',
      'within-grace',
      'past-grace',
      'too-young',
      'birthday-today',
      'no-birthdate',
      'elsewhere',
      'no-record',
    ]);
    expect(
      Object.fromEntries(samples.map((s) => [s.id, verdict(s.id)])),
    ).toEqual({
      typical: 'allowed',
      'other-type': 'patron-type',
      'expired-yesterday': 'allowed', // within the 10 grace days
      'within-grace': 'allowed',
      'past-grace': 'membership-expired',
      'too-young': 'age',
      'birthday-today': 'allowed',
      'no-birthdate': 'missing-data',
      elsewhere: 'institution',
      'no-record': 'not-a-patron',
    });
  });

  test('no age rule: a child is tried instead; no grace: an old expiry', () => {
    const plain = samplePatrons(resource({}).criteria, undefined, TODAY, []);
    expect(plain.map((s) => s.id)).toEqual(['typical', 'expired-yesterday', 'expired-long-ago', 'child', 'no-record']);
  });

  test('a 29 February birthday does not break the samples in a common year', () => {
    const samples = samplePatrons(resource({ minAge: 18 }).criteria, undefined, '2028-02-29', []);
    expect(samples.every((s) => !s.facts.birthDate || /^\d{4}-\d{2}-\d{2}$/.test(s.facts.birthDate))).toBe(true);
    expect(samples.find((s) => s.id === 'birthday-today')?.facts.birthDate).toBe('2010-02-28');
  });
});

describe('sample patrons around the saved and the draft rules', () => {
  const rowsOf = (saved: Resource, draft: Resource) => compareDraft(draft, saved, samplePatrons(draft.criteria, saved.criteria, TODAY, ['rbnj', 'vs']), NOW, ZONE);

  test('institutions changed from vs to vsx: the member of vs who loses access is listed, beside those of vsx who gain it', () => {
    const rows = rowsOf(resource({ institutions: ['vs'] }), resource({ institutions: ['vsx'] }));
    expect(rows.map((row) => [row.id, row.facts.records[0]?.code, row.change])).toEqual([
      ['typical', 'vsx', 'opened'],
      ['saved-typical', 'vs', 'closed'],
      ['expired-yesterday', 'vsx', 'same'],
      ['expired-long-ago', 'vsx', 'same'],
      ['child', 'vsx', 'opened'],
      ['elsewhere', 'rbnj', 'same'],
      ['no-record', undefined, 'same'],
    ]);
    const lost = rows.find((row) => row.change === 'closed');
    expect(lost).toMatchObject({ key: 'typical', values: { institution: 'vs', patronType: 'vs-adult' }, saved: { allowed: true }, draft: { allowed: false, reasons: [{ code: 'institution', institutions: ['vs'] }] } });
  });

  test('the edges of both sides: each grace period, each minimum age, each patron type and institution only one side names', () => {
    const saved = resource({ institutions: ['vs'], patronTypes: ['vs-pm'], graceDays: 10, minAge: 18 });
    const draft = resource({ institutions: ['vs', 'rbnj'], patronTypes: ['vs-pm', 'vs-staff'], graceDays: 30, minAge: 16 });
    const rows = rowsOf(saved, draft);
    expect(rows.map((row) => [row.id, row.change])).toEqual([
      ['typical', 'same'],
      ['other-type', 'same'],
      ['type-vs-staff', 'opened'],
      ['expired-yesterday', 'same'],
      ['within-grace', 'opened'], // 30 days
      ['past-grace', 'same'], // 31 days
      ['within-grace-2', 'same'], // 10 days
      ['past-grace-2', 'opened'], // 11 days
      ['too-young', 'same'], // 15
      ['birthday-today', 'opened'], // 16
      ['too-young-2', 'opened'], // 17
      ['birthday-today-2', 'same'], // 18
      ['no-birthdate', 'same'],
      ['member-rbnj', 'opened'],
      ['elsewhere', 'same'],
      ['no-record', 'same'],
    ]);
    // The reverse change shows the same patrons losing access.
    const back = rowsOf(draft, saved);
    expect(back.filter((row) => row.change === 'closed')).toHaveLength(rows.filter((row) => row.change === 'opened').length);
  });

  test('grace days shortened from 30 to 0: the member 30 days past their membership loses access too, not only the one of yesterday', () => {
    const rows = rowsOf(resource({ institutions: ['vs'], graceDays: 30 }), resource({ institutions: ['vs'] }));
    expect(rows.filter((row) => row.change !== 'same').map((row) => [row.id, row.change])).toEqual([
      ['expired-yesterday', 'closed'],
      ['within-grace', 'closed'],
    ]);
    expect(rows.find((row) => row.id === 'within-grace')?.values).toEqual({ institution: 'vs', days: 30 });
    expect(institutionsShutOut(rows)).toEqual([]);
  });

  test('an institution whose every member loses access is named; one that keeps some members is not', () => {
    expect(institutionsShutOut(rowsOf(resource({ institutions: ['vs'] }), resource({ institutions: ['vsx'] })))).toEqual(['vs']);
    expect(institutionsShutOut(rowsOf(resource({ institutions: ['vs', 'rbnj', 'fr'] }), resource({ institutions: ['fr'] })))).toEqual(['vs', 'rbnj']);
    // Stricter, but members of vs who are old enough keep it.
    expect(institutionsShutOut(rowsOf(resource({ institutions: ['vs'] }), resource({ institutions: ['vs'], minAge: 18 })))).toEqual([]);
    // Switched off: everyone loses it; the samples are members of vs (the institutions did not change).
    expect(institutionsShutOut(rowsOf(resource({ institutions: ['vs', 'rbnj'] }), { ...resource({ institutions: ['vs', 'rbnj'] }), enabled: false }))).toEqual(['vs']);
  });

  test('a pasted patron who loses access does not speak for their institution', () => {
    const saved = resource({ institutions: ['vs'] });
    const draft = resource({ institutions: ['vs'], minAge: 18 });
    const pasted = { id: 'pasted', facts: { userId: '9', birthDate: '2015-01-01', records: [{ code: 'vs', patronType: 'vs-pm', expirationDate: '2030-01-01' }] } };
    const rows = compareDraft(draft, saved, [pasted], NOW, ZONE);
    expect(rows[0]?.change).toBe('closed');
    expect(institutionsShutOut(rows)).toEqual([]);
  });

  test('unchanged rules: the same samples as the draft alone', () => {
    const rules = resource({ institutions: ['vs'], patronTypes: ['vs-pm'], graceDays: 10, minAge: 18 }).criteria;
    expect(samplePatrons(rules, rules, TODAY, ['rbnj', 'vs'])).toEqual(samplePatrons(rules, undefined, TODAY, ['rbnj', 'vs']));
  });

  test('patron types with nothing in common: a typical member of each side', () => {
    const rows = rowsOf(resource({ institutions: ['vs'], patronTypes: ['vs-pm'] }), resource({ institutions: ['vs'], patronTypes: ['vs-staff'] }));
    expect(rows.filter((row) => row.change !== 'same').map((row) => [row.id, row.facts.records[0]?.patronType, row.change])).toEqual([
      ['typical', 'vs-staff', 'opened'],
      ['saved-typical', 'vs-pm', 'closed'],
      ['child', 'vs-staff', 'opened'],
    ]);
  });
});

describe('draft against saved', () => {
  test('marks who gains and who loses access', () => {
    const saved = resource({ institutions: ['vs'], minAge: 18 });
    const draft = resource({ institutions: ['vs', 'rbnj'], minAge: 21 });
    const patrons = [
      { id: 'rbnj-adult', facts: { userId: '1', birthDate: '1980-01-01', records: [{ code: 'rbnj', patronType: 'a', expirationDate: '2030-01-01' }] } },
      { id: 'vs-19', facts: { userId: '2', birthDate: '2007-01-01', records: [{ code: 'vs', patronType: 'a', expirationDate: '2030-01-01' }] } },
      { id: 'vs-40', facts: { userId: '3', birthDate: '1986-01-01', records: [{ code: 'vs', patronType: 'a', expirationDate: '2030-01-01' }] } },
    ];
    expect(compareDraft(draft, saved, patrons, NOW, ZONE).map((row) => [row.id, row.change])).toEqual([
      ['rbnj-adult', 'opened'],
      ['vs-19', 'closed'],
      ['vs-40', 'same'],
    ]);
    expect(compareDraft(draft, undefined, patrons, NOW, ZONE).every((row) => row.change === 'new' && row.saved === undefined)).toBe(true);
  });
});

describe('which headers a resource would receive', () => {
  const info = JSON.stringify(DOCUMENT_EXAMPLE.info);
  const of = (slug: string, criteria: object, release?: object): Resource => {
    const parsed = parseCriteriaDocument({ resources: [{ slug, name: slug, url: 'https://x.example/', criteria, ...(release ? { release } : {}) }] });
    if (!parsed.ok || !parsed.document.resources[0]) throw new Error('invalid');
    return parsed.document.resources[0];
  };

  test('for an allowed patron: a pseudonym named, not computed; the qualifying membership\'s facts; nothing for a refused one', () => {
    const reading = readPatronInfo(info);
    if (!reading.ok) throw new Error('invalid');
    const verdicts = judgeAll(
      reading.facts,
      [
        of('cairn', { institutions: ['rbnj', 'vs'] }),
        of('pid', { institutions: ['vs', 'rbnj'] }, { id: 'patron-pid', attributes: ['institution'] }),
        of('anon', {}, { id: 'none', attributes: [] }),
        of('closed', { institutions: ['ge'] }),
      ],
      NOW,
      ZONE,
    );
    expect(verdicts.map((v) => [v.slug, v.released])).toEqual([
      [
        'cairn',
        [
          { header: 'x-patron-id', source: 'pairwise', sector: 'cairn' },
          // rbnj comes first in cairn's list; the document's rbnj membership has no patron type.
          { header: 'x-patron-institution', source: 'institution', value: 'rbnj' },
        ],
      ],
      ['pid', [{ header: 'x-patron-id', source: 'patron-pid', value: '316784' }, { header: 'x-patron-institution', source: 'institution', value: 'vs' }]],
      ['anon', []],
      ['closed', undefined],
    ]);
    // No value anywhere a member of staff could take for the pseudonym.
    expect(JSON.stringify(verdicts)).not.toMatch(/[A-Za-z0-9_-]{43}/);
  });
});
