import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Investigation } from '../../../services/police/entities/investigation.entity.js';
import { Suspect } from '../../../services/police/entities/suspect.entity.js';
import { police } from '../../../services/police/index.js';
import { InvestigationStatus } from '../../../services/police/types/police-enums.js';
import { anonymous, principalFromClaims } from '../../../services/shared/principal.js';
import { testDatabase } from '../../helpers/database.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await subgraphHarness(police, await testDatabase());
});

const ADD_SUSPECT = `
  mutation Add($input: AddSuspectInput!) {
    addSuspect(input: $input) { id fullName sex estimatedAge relationshipToSurvivor status }
  }`;
const AT_FIELD = [{ line: 3, column: 5 }];

async function investigation(): Promise<string> {
  const em = h.orm.em.fork();
  const i = em.create(Investigation, {
    caseId: randomUUID(), complaintNumber: `RIB/GSB/${randomUUID().slice(0, 8)}`, status: InvestigationStatus.UNDER_INVESTIGATION,
    receivedAt: new Date('2025-06-01T11:00:00Z'), recordedBy: 'demo:investigator',
  });
  await em.flush();
  return i.id;
}

const suspect = (investigationId: string, over: Record<string, unknown> = {}) => ({
  investigationId, fullName: 'Umugabo Wundi', sex: 'MALE', estimatedAge: 34, relationshipToSurvivor: 'ACQUAINTANCE', ...over,
});

const countAll = () => h.orm.em.fork().count(Suspect, {});
const countOn = (investigationId: string) => h.orm.em.fork().count(Suspect, { investigation: investigationId });

function error(message: string, extensions: Record<string, unknown>) {
  return { data: null, errors: [{ message, locations: AT_FIELD, path: ['addSuspect'], extensions }] };
}
function badInput(...fields: { field: string; problem: string }[]) {
  return error(fields.map((f) => `${f.field}: ${f.problem}`).join('; '), { code: 'BAD_USER_INPUT', fields });
}
const FORBIDDEN = error('Forbidden', { code: 'FORBIDDEN', reason: 'MISSING_SCOPE' });

describe('addSuspect: who may add', () => {
  it('an investigator adds a suspect; status defaults to AT_LARGE', async () => {
    const investigationId = await investigation();
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId) });
    expect(res).toEqual({
      data: {
        addSuspect: {
          id: expect.any(String), fullName: 'Umugabo Wundi', sex: 'MALE', estimatedAge: 34, relationshipToSurvivor: 'ACQUAINTANCE', status: 'AT_LARGE',
        },
      },
    });
    const row = await h.orm.em.fork().findOneOrFail(Suspect, { id: (res.data?.addSuspect as { id: string }).id });
    expect({ investigation: row.investigation.id, recordedBy: row.recordedBy }).toEqual({ investigation: investigationId, recordedBy: 'demo:investigator' });
  });

  it('a suspect whose name and age are unknown is recorded with nulls', async () => {
    const investigationId = await investigation();
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, {
      input: { investigationId, sex: 'UNKNOWN', relationshipToSurvivor: 'STRANGER', status: 'ARRESTED' },
    });
    expect(res).toEqual({
      data: { addSuspect: { id: expect.any(String), fullName: null, sex: 'UNKNOWN', estimatedAge: null, relationshipToSurvivor: 'STRANGER', status: 'ARRESTED' } },
    });
  });

  it.each([
    'case-manager', 'reception', 'psychologist', 'clinician', 'huye-clinician', 'social-worker', 'local-official',
    'analyst', 'auditor', 'admin', 'ministry-system',
  ])('%s may not add a suspect (FORBIDDEN, MISSING_SCOPE) and nothing is written', async (login) => {
    const investigationId = await investigation();
    const res = await h.run(asDemoUser(login), ADD_SUSPECT, { input: suspect(investigationId) });
    expect(res).toEqual(FORBIDDEN);
    expect(await countOn(investigationId)).toBe(0);
  });

  it('an anonymous caller is refused (UNAUTHENTICATED) and nothing is written', async () => {
    const investigationId = await investigation();
    const res = await h.run(anonymous, ADD_SUSPECT, { input: suspect(investigationId) });
    expect(res).toEqual(error('Authentication required', { code: 'UNAUTHENTICATED' }));
    expect(await countOn(investigationId)).toBe(0);
  });

  // addSuspect needs police:write AND police:suspects; a token may carry fewer scopes than the role allows.
  it.each([
    ['police:write without police:suspects', 'case:read police:read police:write'],
    ['police:suspects without police:write', 'case:read police:read police:suspects'],
  ])('an investigator whose token carries %s is refused', async (_what, scope) => {
    const narrowed = principalFromClaims({ sub: 'demo:investigator', agency: 'police', roles: ['investigator'], scope, centers: ['GASABO-1'] });
    const investigationId = await investigation();
    expect(await h.run(narrowed, ADD_SUSPECT, { input: suspect(investigationId) })).toEqual(FORBIDDEN);
    expect(await countOn(investigationId)).toBe(0);
  });

  it('a caller without the scopes cannot probe investigation ids: FORBIDDEN, not "no investigation has this id"', async () => {
    expect(await h.run(asDemoUser('case-manager'), ADD_SUSPECT, { input: suspect(randomUUID()) })).toEqual(FORBIDDEN);
  });
});

describe('addSuspect: input', () => {
  it('refuses an unknown investigationId, naming input.investigationId, and writes nothing', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(randomUUID()) });
    expect(res).toEqual(badInput({ field: 'input.investigationId', problem: 'no investigation has this id' }));
    expect(await countAll()).toBe(before);
  });

  it('refuses an investigationId that is not a UUID, naming input.investigationId, and writes nothing', async () => {
    const before = await countAll();
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect('RIB/GSB/1') });
    expect(res).toEqual(badInput({ field: 'input.investigationId', problem: 'investigationId must be a UUID' }));
    expect(await countAll()).toBe(before);
  });

  it('accepts an estimated age from 0 to 120 and refuses -1 and 121, naming input.estimatedAge', async () => {
    const investigationId = await investigation();
    expect(await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId, { estimatedAge: -1 }) }))
      .toEqual(badInput({ field: 'input.estimatedAge', problem: 'estimatedAge must not be less than 0' }));
    expect(await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId, { estimatedAge: 121 }) }))
      .toEqual(badInput({ field: 'input.estimatedAge', problem: 'estimatedAge must not be greater than 120' }));
    expect(await countOn(investigationId)).toBe(0);

    for (const estimatedAge of [0, 120]) {
      const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId, { estimatedAge }) });
      expect((res.data?.addSuspect as { estimatedAge: number }).estimatedAge).toBe(estimatedAge);
    }
    expect(await countOn(investigationId)).toBe(2);
  });

  it('refuses an empty name and a name over 200 characters, naming input.fullName', async () => {
    const investigationId = await investigation();
    expect(await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId, { fullName: '' }) }))
      .toEqual(badInput({ field: 'input.fullName', problem: 'fullName must be longer than or equal to 1 characters' }));
    expect(await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId, { fullName: 'x'.repeat(201) }) }))
      .toEqual(badInput({ field: 'input.fullName', problem: 'fullName must be shorter than or equal to 200 characters' }));
    expect(await countOn(investigationId)).toBe(0);
  });

  it('refuses a relationship outside the vocabulary before any resolver runs', async () => {
    const investigationId = await investigation();
    const res = await h.run(asDemoUser('investigator'), ADD_SUSPECT, { input: suspect(investigationId, { relationshipToSurvivor: 'NEIGHBOUR' }) });
    expect(res).toEqual({
      errors: [{
        message: 'Variable "$input" got invalid value "NEIGHBOUR" at "input.relationshipToSurvivor"; Value "NEIGHBOUR" does not exist in "SuspectRelationship" enum.',
        locations: [{ line: 2, column: 16 }],
        extensions: { code: 'BAD_USER_INPUT' },
      }],
    });
    expect(await countOn(investigationId)).toBe(0);
  });
});
