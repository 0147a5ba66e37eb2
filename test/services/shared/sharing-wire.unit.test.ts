import { describe, expect, it } from 'vitest';
import { decodeSharing, REQUIRES_SHARING, SHARING_SELECTION } from '../../../services/shared/sharing/wire.js';

// The sharing facts are declared once; the selection an agency @requires and the decoder of what arrives both come
// from that declaration.

const facts = {
  centerCode: 'GASABO-1',
  district: 'Gasabo',
  consents: [{ agency: 'HEALTH', basis: 'CONSENT', expiresAt: null, reason: null }],
  referrals: [{ agency: 'HEALTH' }],
  breakGlass: [
    { subject: 'demo:clinician', agency: 'HEALTH', expiresAt: '2026-11-29T12:00:00.000Z', reason: 'unconscious' },
  ],
};

describe('the sharing wire', () => {
  it('selects every field, nested, in declaration order', () => {
    expect(SHARING_SELECTION).toBe(
      'sharing { centerCode district consents { agency basis expiresAt reason } referrals { agency } breakGlass { subject agency expiresAt reason } }',
    );
    expect(REQUIRES_SHARING).toBe(`@requires(fields: "${SHARING_SELECTION}")`);
  });

  it('decodes a representation: date-times become dates, nullable fields left out become null', () => {
    const { reason: _omitted, ...consent } = facts.consents[0] ?? {};
    expect(decodeSharing({ ...facts, consents: [consent] })).toEqual({
      ...facts,
      consents: [{ agency: 'HEALTH', basis: 'CONSENT', expiresAt: null, reason: null }],
      breakGlass: [
        {
          subject: 'demo:clinician',
          agency: 'HEALTH',
          expiresAt: new Date('2026-11-29T12:00:00.000Z'),
          reason: 'unconscious',
        },
      ],
    });
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'GASABO-1'],
    ['no breakGlass list', { ...facts, breakGlass: undefined }],
    ['a grant without an expiry', { ...facts, breakGlass: [{ subject: 's', expiresAt: null }] }],
    ['an expiry that is no date', { ...facts, breakGlass: [{ subject: 's', expiresAt: 'soon' }] }],
    ['a consent agency that is not a string', { ...facts, consents: [{ agency: 7, basis: 'CONSENT' }] }],
    ['referrals that are not a list', { ...facts, referrals: { agency: 'HEALTH' } }],
  ])('refuses %s (null: the slice is then refused)', (_what, value) => {
    expect(decodeSharing(value)).toBeNull();
  });
});
