import { describe, expect, test } from 'vitest';
import type { Reason } from './decide';
import { describeReason } from './reasons';

describe('describeReason in English', () => {
  test.each<[Reason, string]>([
    [{ code: 'not-a-patron' }, 'Your RERO+ account is not registered as a patron of any library.'],
    [{ code: 'disabled' }, 'This resource is currently unavailable.'],
    [{ code: 'institution', institutions: ['fr'] }, 'Your library (fr) does not license this resource.'],
    [{ code: 'institution', institutions: ['fr', 'ge'] }, 'None of your libraries (fr and ge) licenses this resource.'],
    [{ code: 'institution', institutions: ['fr', 'ge', 'vd'] }, 'None of your libraries (fr, ge and vd) licenses this resource.'],
    [
      { code: 'patron-type', institution: 'vs', patronType: 'vs-child' },
      'Your patron category at vs (vs-child) does not include this resource.',
    ],
    [
      { code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-30' },
      'Your membership at vs expired on 30 March 2027.',
    ],
    [
      { code: 'membership-expired', institution: 'rbnj', expiredOn: '2028-02-29' },
      'Your membership at rbnj expired on 29 February 2028.',
    ],
    [
      { code: 'membership-expired', institution: 'vs', expiredOn: '2027-01-01' },
      'Your membership at vs expired on 1 January 2027.',
    ],
    [{ code: 'age', minAge: 18, age: 17 }, 'This resource is for people aged 18 or over, and you are 17.'],
    [
      { code: 'missing-data', field: 'birthDate' },
      'Your birth date was not shared when you signed in, so your age cannot be checked; sign in again and allow it to be shared.',
    ],
    [
      { code: 'missing-data', field: 'patronType', institution: 'vs' },
      'Your patron category at vs was not shared when you signed in, so it cannot be checked; sign in again and allow it to be shared.',
    ],
    [
      { code: 'missing-data', field: 'expirationDate', institution: 'vs' },
      'The expiry date of your membership at vs was not shared when you signed in, so it cannot be checked; sign in again and allow it to be shared.',
    ],
    [
      { code: 'missing-data', field: 'expirationDate' },
      'The expiry date of your membership was not shared when you signed in, so it cannot be checked; sign in again and allow it to be shared.',
    ],
  ])('%j', (reason, sentence) => {
    expect(describeReason(reason)).toBe(sentence);
    expect(describeReason(reason, 'en')).toBe(sentence);
  });

  test('dates never shift with the time zone of the machine', () => {
    // The date is formatted in UTC from UTC midnight, whatever TZ the server runs in.
    const reason: Reason = { code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-31' };
    expect(describeReason(reason)).toContain('31 March 2027');
  });

  test('an unknown locale falls back to English', () => {
    expect(describeReason({ code: 'disabled' }, 'xx')).toBe('This resource is currently unavailable.');
    expect(describeReason({ code: 'disabled' }, 'toString')).toBe('This resource is currently unavailable.');
  });
});
