import { beforeAll, describe, expect, it } from 'vitest';
import { center } from '../../../services/center/index.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations, invalidVariable } from '../../helpers/errors.js';
import { asDemoUser } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import { intake, rowCounts } from './fixtures.js';

// GBVIMS: the questions are asked in order and the first yes decides the incident type. Reception may instead give the
// type directly, but never both.

let h: SubgraphHarness;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});

const reception = asDemoUser('reception');
const OPEN = `mutation Open($input: OpenCaseInput!) { openCase(input: $input) { id incidentType } }`;
const READ = `query One($id: ID!) { case(id: $id) { incidentType } }`;

// In the GBVIMS order.
const QUESTIONS = [
  ['penetration', 'RAPE'],
  ['unwantedSexualContact', 'SEXUAL_ASSAULT'],
  ['physicalAssault', 'PHYSICAL_ASSAULT'],
  ['forcedMarriage', 'FORCED_MARRIAGE'],
  ['denialOfResources', 'DENIAL_OF_RESOURCES'],
  ['psychologicalAbuse', 'PSYCHOLOGICAL_ABUSE'],
] as const;
type Answers = Record<(typeof QUESTIONS)[number][0], boolean>;
const allNo: Answers = Object.fromEntries(QUESTIONS.map(([q]) => [q, false])) as Answers;

/** Open a case classified by `answers`; answer the derived type and the type stored. */
async function classify(answers: Answers): Promise<{ answered: unknown; stored: unknown }> {
  const res = await h.run(reception, OPEN, {
    input: intake('GASABO-1', { incidentType: null, classification: answers }),
  });
  expect(res.errors).toBeUndefined();
  const opened = (res.data as { openCase: { id: string; incidentType: string } }).openCase;
  const read = await h.run(reception, READ, { id: opened.id });
  return { answered: opened.incidentType, stored: (read.data as { case: { incidentType: string } }).case.incidentType };
}

describe('classification by the GBVIMS questions', () => {
  it.each(QUESTIONS)('a single yes to %s gives %s', async (question, type) => {
    expect(await classify({ ...allNo, [question]: true })).toEqual({ answered: type, stored: type });
  });

  it('no yes at all gives NON_GBV', async () => {
    expect(await classify(allNo)).toEqual({ answered: 'NON_GBV', stored: 'NON_GBV' });
  });

  it('penetration wins over every other answer', async () => {
    const allYes = Object.fromEntries(QUESTIONS.map(([q]) => [q, true])) as Answers;
    expect(await classify(allYes)).toEqual({ answered: 'RAPE', stored: 'RAPE' });
  });

  it.each(QUESTIONS.map(([q, type], i) => [q, type, QUESTIONS.slice(i + 1).map(([later]) => later)] as const))(
    'a yes to %s gives %s whatever the later answers (%j) say',
    async (question, type, later) => {
      const answers = { ...allNo, [question]: true, ...Object.fromEntries(later.map((q) => [q, true])) };
      expect(await classify(answers)).toEqual({ answered: type, stored: type });
    },
  );

  it('a yes only to the last two questions gives the earlier of them', async () => {
    expect(await classify({ ...allNo, denialOfResources: true, psychologicalAbuse: true })).toEqual({
      answered: 'DENIAL_OF_RESOURCES',
      stored: 'DENIAL_OF_RESOURCES',
    });
  });
});

describe('incident type given directly', () => {
  it.each([['RAPE'], ['FORCED_MARRIAGE'], ['NON_GBV']])('stores %s as given', async (incidentType) => {
    const res = await h.run(reception, OPEN, { input: intake('GASABO-1', { incidentType }) });
    expect(res).toEqual({ data: { openCase: { id: expect.any(String), incidentType } } });
  });
});

describe('type and classification: exactly one, and all six answers', () => {
  const e = ['openCase'];
  const EXACTLY_ONE = {
    field: 'input.incidentType',
    problem: 'give either incidentType or classification, exactly one',
  };

  it('refuses a type and a classification together, even when they agree, and writes nothing', async () => {
    const before = await rowCounts(h);
    const res = await h.run(reception, OPEN, {
      input: intake('GASABO-1', { incidentType: 'RAPE', classification: { ...allNo, penetration: true } }),
    });
    expect(res).toEqual({ data: null, errors: [badInput(EXACTLY_ONE, e)] });
    expect(await rowCounts(h)).toEqual(before);
  });

  it('refuses neither a type nor a classification, and writes nothing', async () => {
    const before = await rowCounts(h);
    const res = await h.run(reception, OPEN, {
      input: intake('GASABO-1', { incidentType: null, classification: null }),
    });
    expect(res).toEqual({ data: null, errors: [badInput(EXACTLY_ONE, e)] });
    expect(await rowCounts(h)).toEqual(before);
  });

  it('refuses a classification with an unanswered question before any resolver runs', async () => {
    const before = await rowCounts(h);
    const { psychologicalAbuse: _unanswered, ...fiveAnswers } = allNo;
    const res = await h.run(reception, OPEN, {
      input: intake('GASABO-1', { incidentType: null, classification: fiveAnswers }),
    });
    expect(res).toEqual({
      errors: [
        invalidVariable(
          'Variable "$input" got invalid value { penetration: false, unwantedSexualContact: false, physicalAssault: false, ' +
            'forcedMarriage: false, denialOfResources: false } at "input.classification"; ' +
            'Field "psychologicalAbuse" of required type "Boolean!" was not provided.',
        ),
      ],
    });
    expect(await rowCounts(h)).toEqual(before);
  });
});
