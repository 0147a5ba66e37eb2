import { beforeAll, describe, expect, it } from 'vitest';
import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import type { Role } from '../../services/shared/catalogue.js';
import { type CaseFile, type ConsentState, writeCaseFile } from '../helpers/case-files.js';
import { testDatabase } from '../helpers/database.js';
import { type Stack, startStack } from '../helpers/stack.js';

// The authorization matrix: every role x every sensitive field x consent given, withdrawn or expired x the case in or
// out of the principal's organisational scope, through the gateway. The expected answer of every cell is data, in
// the table below; nothing is computed from the rules under test.
//
// Principals: center staff, the clinician and the investigator work at GASABO-1; the social worker and the local
// official in Gasabo district; analyst, auditor, administrator and the ministry system are national. "In scope" cases
// are at GASABO-1 (managed by demo:case-manager); "out of scope" ones at HUYE-1 (managed by someone else). Every case is
// referred to all three agencies, with consent to all three in the state of its column.

const PRINCIPALS: Record<Role, string> = {
  'reception-officer': 'reception',
  'case-manager': 'case-manager',
  psychologist: 'psychologist',
  clinician: 'clinician',
  investigator: 'investigator',
  'social-worker': 'social-worker',
  'local-official': 'local-official',
  analyst: 'analyst',
  auditor: 'auditor',
  administrator: 'admin',
  'ministry-system': 'ministry-system',
};

/** Each sensitive field: the operation that asks for it, and where its value sits in the answer. */
const FIELDS = {
  caseNumber: { query: 'case(id: $id) { caseNumber }', path: ['case', 'caseNumber'] },
  narrative: { query: 'case(id: $id) { narrative }', path: ['case', 'narrative'] },
  consents: { query: 'case(id: $id) { consents { scope } }', path: ['case', 'consents'] },
  survivorCode: { query: 'case(id: $id) { survivor { code } }', path: ['case', 'survivor', 'code'] },
  identity: {
    query: 'case(id: $id) { survivor { identity { givenName } } }',
    path: ['case', 'survivor', 'identity', 'givenName'],
  },
  medical: { query: 'case(id: $id) { medical { encounters { findings } } }', path: ['case', 'medical', 'encounters'] },
  clocks: { query: 'case(id: $id) { medical { clocks { status } } }', path: ['case', 'medical', 'clocks'] },
  followUpVisits: {
    query: 'case(id: $id) { medical { followUpVisits { proposedFor } } }',
    path: ['case', 'medical', 'followUpVisits'],
  },
  investigation: {
    query: 'case(id: $id) { investigation { complaintNumber } }',
    path: ['case', 'investigation', 'complaintNumber'],
  },
  suspects: {
    query: 'case(id: $id) { investigation { suspects { sex } } }',
    path: ['case', 'investigation', 'suspects'],
  },
  followUp: { query: 'case(id: $id) { followUp { riskLevel } }', path: ['case', 'followUp', 'riskLevel'] },
  accessLog: { query: 'accessLog(caseId: $id) { center { action } }', path: ['accessLog', 'center'] },
  safeRoomStays: { query: 'case(id: $id) { safeRoomStays { admittedAt } }', path: ['case', 'safeRoomStays'] },
  counsellingSessions: {
    query: 'case(id: $id) { counsellingSessions { startsAt } }',
    path: ['case', 'counsellingSessions'],
  },
  sessionNotes: {
    query: 'case(id: $id) { counsellingSessions { notes } }',
    path: ['case', 'counsellingSessions', '0', 'notes'],
  },
  timeline: { query: 'case(id: $id) { timeline { events { kind } } }', path: ['case', 'timeline', 'events'] },
  forensicSamples: { query: 'case(id: $id) { forensicSamples { barcode } }', path: ['case', 'forensicSamples'] },
  forensicCustody: { query: 'case(id: $id) { forensicCustody { status } }', path: ['case', 'forensicCustody'] },
  medicoLegalReport: {
    query: 'case(id: $id) { medicoLegalReport { findings } }',
    path: ['case', 'medicoLegalReport', 'findings'],
  },
  // Aggregates, not a case: the same answer whatever the case's consent or place, so a whole row of Y or of dots.
  statistics: {
    query:
      'intakeStatistics(query: { period: YEAR, from: "2026-01-01", to: "2026-12-31", rows: SEX }) { total { count } }',
    path: ['intakeStatistics', 'total'],
  },
  safeRoomStatistics: {
    query:
      'safeRoomStatistics(query: { period: YEAR, from: "2026-01-01", to: "2026-12-31", rows: LENGTH_OF_STAY }) { total { count } }',
    path: ['safeRoomStatistics', 'total'],
  },
  needStatistics: {
    query:
      'needStatistics(need: MEDICAL, query: { period: YEAR, from: "2026-01-01", to: "2026-12-31", rows: NEED_STATUS }) { total { count } }',
    path: ['needStatistics', 'total'],
  },
} as const;
type Field = keyof typeof FIELDS;

// Columns: consent given / withdrawn / expired for a case in scope, then the same out of scope. Y = shown, . = not.
const COLUMNS: [ConsentState, 'in' | 'out'][] = [
  ['given', 'in'],
  ['withdrawn', 'in'],
  ['expired', 'in'],
  ['given', 'out'],
  ['withdrawn', 'out'],
  ['expired', 'out'],
];
const MATRIX: [Role, Field, string][] = [
  ['reception-officer', 'caseNumber', 'YYY...'],
  ['reception-officer', 'narrative', 'YYY...'],
  ['reception-officer', 'consents', 'YYY...'],
  ['reception-officer', 'survivorCode', 'YYY...'],
  ['reception-officer', 'identity', 'YYY...'],
  ['reception-officer', 'medical', '......'],
  ['reception-officer', 'clocks', '......'],
  ['reception-officer', 'followUpVisits', '......'],
  ['reception-officer', 'investigation', '......'],
  ['reception-officer', 'suspects', '......'],
  ['reception-officer', 'followUp', '......'],
  ['reception-officer', 'accessLog', '......'],
  ['reception-officer', 'safeRoomStays', 'YYY...'],
  ['reception-officer', 'counsellingSessions', '......'],
  ['reception-officer', 'sessionNotes', '......'],
  ['reception-officer', 'timeline', 'YYY...'],
  ['reception-officer', 'forensicSamples', '......'],
  ['reception-officer', 'forensicCustody', '......'],
  ['reception-officer', 'medicoLegalReport', '......'],
  ['reception-officer', 'statistics', '......'],
  ['reception-officer', 'safeRoomStatistics', '......'],
  ['reception-officer', 'needStatistics', '......'],

  ['case-manager', 'caseNumber', 'YYY...'],
  ['case-manager', 'narrative', 'YYY...'],
  ['case-manager', 'consents', 'YYY...'],
  ['case-manager', 'survivorCode', 'YYY...'],
  ['case-manager', 'identity', 'YYY...'],
  ['case-manager', 'medical', 'YYY...'],
  ['case-manager', 'clocks', 'YYY...'],
  ['case-manager', 'followUpVisits', 'YYY...'],
  ['case-manager', 'investigation', 'YYY...'],
  ['case-manager', 'suspects', '......'],
  ['case-manager', 'followUp', 'YYY...'],
  ['case-manager', 'accessLog', 'YYY...'],
  ['case-manager', 'safeRoomStays', 'YYY...'],
  ['case-manager', 'counsellingSessions', 'YYY...'],
  ['case-manager', 'sessionNotes', '......'],
  ['case-manager', 'timeline', 'YYY...'],
  ['case-manager', 'forensicSamples', '......'],
  ['case-manager', 'forensicCustody', '......'],
  ['case-manager', 'medicoLegalReport', '......'],
  ['case-manager', 'statistics', '......'],
  ['case-manager', 'safeRoomStatistics', '......'],
  ['case-manager', 'needStatistics', '......'],

  ['psychologist', 'caseNumber', 'YYY...'],
  ['psychologist', 'narrative', 'YYY...'],
  ['psychologist', 'consents', '......'],
  ['psychologist', 'survivorCode', 'YYY...'],
  ['psychologist', 'identity', '......'],
  ['psychologist', 'medical', '......'],
  ['psychologist', 'clocks', '......'],
  ['psychologist', 'followUpVisits', '......'],
  ['psychologist', 'investigation', '......'],
  ['psychologist', 'suspects', '......'],
  ['psychologist', 'followUp', '......'],
  ['psychologist', 'accessLog', '......'],
  ['psychologist', 'safeRoomStays', 'YYY...'],
  ['psychologist', 'counsellingSessions', 'YYY...'],
  ['psychologist', 'sessionNotes', 'YYY...'],
  ['psychologist', 'timeline', 'YYY...'],
  ['psychologist', 'forensicSamples', '......'],
  ['psychologist', 'forensicCustody', '......'],
  ['psychologist', 'medicoLegalReport', '......'],
  ['psychologist', 'statistics', '......'],
  ['psychologist', 'safeRoomStatistics', '......'],
  ['psychologist', 'needStatistics', '......'],

  ['clinician', 'caseNumber', 'Y.....'],
  ['clinician', 'narrative', '......'],
  ['clinician', 'consents', '......'],
  ['clinician', 'survivorCode', 'Y.....'],
  ['clinician', 'identity', '......'],
  ['clinician', 'medical', 'Y.....'],
  ['clinician', 'clocks', 'Y.....'],
  ['clinician', 'followUpVisits', 'Y.....'],
  ['clinician', 'investigation', '......'],
  ['clinician', 'suspects', '......'],
  ['clinician', 'followUp', '......'],
  ['clinician', 'accessLog', '......'],
  ['clinician', 'safeRoomStays', '......'],
  ['clinician', 'counsellingSessions', '......'],
  ['clinician', 'sessionNotes', '......'],
  ['clinician', 'timeline', 'Y.....'],
  ['clinician', 'forensicSamples', 'Y.....'],
  ['clinician', 'forensicCustody', 'Y.....'],
  ['clinician', 'medicoLegalReport', 'Y.....'],
  ['clinician', 'statistics', '......'],
  ['clinician', 'safeRoomStatistics', '......'],
  ['clinician', 'needStatistics', '......'],

  ['investigator', 'caseNumber', 'Y.....'],
  ['investigator', 'narrative', '......'],
  ['investigator', 'consents', '......'],
  ['investigator', 'survivorCode', 'Y.....'],
  ['investigator', 'identity', 'Y.....'],
  ['investigator', 'medical', '......'],
  ['investigator', 'clocks', '......'],
  ['investigator', 'followUpVisits', '......'],
  ['investigator', 'investigation', 'Y.....'],
  ['investigator', 'suspects', 'Y.....'],
  ['investigator', 'followUp', '......'],
  ['investigator', 'accessLog', '......'],
  ['investigator', 'safeRoomStays', '......'],
  ['investigator', 'counsellingSessions', '......'],
  ['investigator', 'sessionNotes', '......'],
  ['investigator', 'timeline', 'Y.....'],
  ['investigator', 'forensicSamples', 'Y.....'],
  ['investigator', 'forensicCustody', 'Y.....'],
  ['investigator', 'medicoLegalReport', 'Y.....'],
  ['investigator', 'statistics', '......'],
  ['investigator', 'safeRoomStatistics', '......'],
  ['investigator', 'needStatistics', '......'],

  ['social-worker', 'caseNumber', 'Y.....'],
  ['social-worker', 'narrative', '......'],
  ['social-worker', 'consents', '......'],
  ['social-worker', 'survivorCode', 'Y.....'],
  ['social-worker', 'identity', '......'],
  ['social-worker', 'medical', '......'],
  ['social-worker', 'clocks', '......'],
  ['social-worker', 'followUpVisits', '......'],
  ['social-worker', 'investigation', '......'],
  ['social-worker', 'suspects', '......'],
  ['social-worker', 'followUp', 'Y.....'],
  ['social-worker', 'accessLog', '......'],
  ['social-worker', 'safeRoomStays', '......'],
  ['social-worker', 'counsellingSessions', '......'],
  ['social-worker', 'sessionNotes', '......'],
  ['social-worker', 'timeline', 'Y.....'],
  ['social-worker', 'forensicSamples', '......'],
  ['social-worker', 'forensicCustody', '......'],
  ['social-worker', 'medicoLegalReport', '......'],
  ['social-worker', 'statistics', '......'],
  ['social-worker', 'safeRoomStatistics', '......'],
  ['social-worker', 'needStatistics', '......'],

  ['local-official', 'caseNumber', 'Y.....'],
  ['local-official', 'narrative', '......'],
  ['local-official', 'consents', '......'],
  ['local-official', 'survivorCode', 'Y.....'],
  ['local-official', 'identity', '......'],
  ['local-official', 'medical', '......'],
  ['local-official', 'clocks', '......'],
  ['local-official', 'followUpVisits', '......'],
  ['local-official', 'investigation', '......'],
  ['local-official', 'suspects', '......'],
  ['local-official', 'followUp', 'Y.....'],
  ['local-official', 'accessLog', '......'],
  ['local-official', 'safeRoomStays', '......'],
  ['local-official', 'counsellingSessions', '......'],
  ['local-official', 'sessionNotes', '......'],
  ['local-official', 'timeline', 'Y.....'],
  ['local-official', 'forensicSamples', '......'],
  ['local-official', 'forensicCustody', '......'],
  ['local-official', 'medicoLegalReport', '......'],
  ['local-official', 'statistics', '......'],
  ['local-official', 'safeRoomStatistics', '......'],
  ['local-official', 'needStatistics', '......'],

  ['analyst', 'caseNumber', '......'],
  ['analyst', 'narrative', '......'],
  ['analyst', 'consents', '......'],
  ['analyst', 'survivorCode', '......'],
  ['analyst', 'identity', '......'],
  ['analyst', 'medical', '......'],
  ['analyst', 'clocks', '......'],
  ['analyst', 'followUpVisits', '......'],
  ['analyst', 'investigation', '......'],
  ['analyst', 'suspects', '......'],
  ['analyst', 'followUp', '......'],
  ['analyst', 'accessLog', '......'],
  ['analyst', 'safeRoomStays', '......'],
  ['analyst', 'counsellingSessions', '......'],
  ['analyst', 'sessionNotes', '......'],
  ['analyst', 'timeline', '......'],
  ['analyst', 'forensicSamples', '......'],
  ['analyst', 'forensicCustody', '......'],
  ['analyst', 'medicoLegalReport', '......'],
  ['analyst', 'statistics', 'YYYYYY'],
  ['analyst', 'safeRoomStatistics', 'YYYYYY'],
  ['analyst', 'needStatistics', 'YYYYYY'],

  ['auditor', 'caseNumber', '......'],
  ['auditor', 'narrative', '......'],
  ['auditor', 'consents', '......'],
  ['auditor', 'survivorCode', '......'],
  ['auditor', 'identity', '......'],
  ['auditor', 'medical', '......'],
  ['auditor', 'clocks', '......'],
  ['auditor', 'followUpVisits', '......'],
  ['auditor', 'investigation', '......'],
  ['auditor', 'suspects', '......'],
  ['auditor', 'followUp', '......'],
  ['auditor', 'accessLog', 'YYYYYY'],
  ['auditor', 'safeRoomStays', '......'],
  ['auditor', 'counsellingSessions', '......'],
  ['auditor', 'sessionNotes', '......'],
  ['auditor', 'timeline', '......'],
  ['auditor', 'forensicSamples', '......'],
  ['auditor', 'forensicCustody', '......'],
  ['auditor', 'medicoLegalReport', '......'],
  ['auditor', 'statistics', '......'],
  ['auditor', 'safeRoomStatistics', '......'],
  ['auditor', 'needStatistics', '......'],

  ['administrator', 'caseNumber', '......'],
  ['administrator', 'narrative', '......'],
  ['administrator', 'consents', '......'],
  ['administrator', 'survivorCode', '......'],
  ['administrator', 'identity', '......'],
  ['administrator', 'medical', '......'],
  ['administrator', 'clocks', '......'],
  ['administrator', 'followUpVisits', '......'],
  ['administrator', 'investigation', '......'],
  ['administrator', 'suspects', '......'],
  ['administrator', 'followUp', '......'],
  ['administrator', 'accessLog', '......'],
  ['administrator', 'safeRoomStays', '......'],
  ['administrator', 'counsellingSessions', '......'],
  ['administrator', 'sessionNotes', '......'],
  ['administrator', 'timeline', '......'],
  ['administrator', 'forensicSamples', '......'],
  ['administrator', 'forensicCustody', '......'],
  ['administrator', 'medicoLegalReport', '......'],
  ['administrator', 'statistics', '......'],
  ['administrator', 'safeRoomStatistics', '......'],
  ['administrator', 'needStatistics', '......'],

  ['ministry-system', 'caseNumber', 'Y..Y..'],
  ['ministry-system', 'narrative', '......'],
  ['ministry-system', 'consents', '......'],
  ['ministry-system', 'survivorCode', 'Y..Y..'],
  ['ministry-system', 'identity', '......'],
  ['ministry-system', 'medical', '......'],
  ['ministry-system', 'clocks', '......'],
  ['ministry-system', 'followUpVisits', '......'],
  ['ministry-system', 'investigation', '......'],
  ['ministry-system', 'suspects', '......'],
  ['ministry-system', 'followUp', 'Y..Y..'],
  ['ministry-system', 'accessLog', '......'],
  ['ministry-system', 'safeRoomStays', '......'],
  ['ministry-system', 'counsellingSessions', '......'],
  ['ministry-system', 'sessionNotes', '......'],
  ['ministry-system', 'timeline', 'Y..Y..'],
  ['ministry-system', 'forensicSamples', '......'],
  ['ministry-system', 'forensicCustody', '......'],
  ['ministry-system', 'medicoLegalReport', '......'],
  ['ministry-system', 'statistics', 'YYYYYY'],
  ['ministry-system', 'safeRoomStatistics', 'YYYYYY'],
  ['ministry-system', 'needStatistics', 'YYYYYY'],
];

const cells = MATRIX.flatMap(([role, field, row]) =>
  COLUMNS.map(([consent, scope], i) => ({ role, field, consent, scope, allowed: row[i] === 'Y' })),
);

function valueAt(data: unknown, path: readonly string[]): unknown {
  let v: unknown = data;
  for (const key of path) v = v === null || typeof v !== 'object' ? null : (v as Record<string, unknown>)[key];
  return v ?? null;
}

let stack: Stack;
const tokens = new Map<Role, string>();
const files = new Map<string, CaseFile>();

beforeAll(async () => {
  stack = await startStack(await testDatabase());
  for (const [role, login] of Object.entries(PRINCIPALS) as [Role, string][]) {
    tokens.set(role, await stack.tokenFor(demoClaims(demoUser(login))));
  }
  for (const [consent, scope] of COLUMNS) {
    files.set(
      `${consent}/${scope}`,
      await writeCaseFile(stack.orms, {
        centerCode: scope === 'in' ? 'GASABO-1' : 'HUYE-1',
        consent,
        caseManager: scope === 'in' ? 'demo:case-manager' : 'demo:huye-case-manager',
      }),
    );
  }
}, 120_000);

describe('the matrix is complete', () => {
  it('has a row for every role and every sensitive field', () => {
    expect(MATRIX.length).toBe(Object.keys(PRINCIPALS).length * Object.keys(FIELDS).length);
    expect(new Set(MATRIX.map(([r, f]) => `${r}/${f}`)).size).toBe(MATRIX.length);
    expect(cells.length).toBe(1452);
  });
});

describe('authorization matrix, through the gateway', () => {
  it.each(cells)(
    '$role · $field · consent $consent · $scope of scope → allowed: $allowed',
    async ({ role, field, consent, scope, allowed }) => {
      const f = FIELDS[field];
      const file = files.get(`${consent}/${scope}`)!;
      const r = f.query.includes('$id')
        ? await stack.query(tokens.get(role)!, `query($id: ID!) { ${f.query} }`, { id: file.id })
        : await stack.query(tokens.get(role)!, `{ ${f.query} }`);
      expect(r.status).toBe(200);
      const value = valueAt(r.body.data, f.path);
      if (allowed) {
        expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
        expect(value).not.toBeNull();
        // Every list but the access log (which may not have an entry yet) has rows in these case files.
        if (Array.isArray(value) && field !== 'accessLog') expect(value.length).toBeGreaterThan(0);
      } else {
        // Denied: no value, and an error that says so, statically (scope) or per record (consent, referral, place).
        expect(value).toBeNull();
        const codes = (r.body.errors ?? []).map((e) => e.extensions?.code);
        expect(
          codes.some((c) => c === 'UNAUTHORIZED_FIELD_OR_TYPE' || c === 'FORBIDDEN'),
          JSON.stringify(r.body.errors),
        ).toBe(true);
      }
    },
  );
});
