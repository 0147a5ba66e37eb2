import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { center } from '../../../services/center/index.js';
import { Consent } from '../../../services/center/entities/consent.entity.js';
import { testDatabase } from '../../helpers/database.js';
import { badInput, errorsWithoutLocations } from '../../helpers/errors.js';
import { asDemoUser, asRole } from '../../helpers/principals.js';
import { type SubgraphHarness, subgraphHarness } from '../../helpers/subgraph-harness.js';
import {
  data,
  dayBefore,
  freezeClock,
  HOUR,
  intake,
  MINUTE,
  OPEN_CASE,
  openCase,
  RECORD_CONSENT,
  UUID,
} from './fixtures.js';

// Law 058/2021 Art. 9: under 16, consent comes from a holder of parental responsibility. Survivor.child means under
// 18. Ages are whole years, from the date of birth (UTC calendar days) or from the estimate made at intake.
//
// Every test stops the clock at the current instant, so that "today" cannot change between the test and the resolver.

let h: SubgraphHarness;
let now: Date;
beforeAll(async () => {
  h = errorsWithoutLocations(await subgraphHarness(center, await testDatabase()));
});
beforeEach(() => {
  now = freezeClock();
});
afterEach(() => {
  vi.useRealTimers();
});

const reception = asDemoUser('reception');
const e = ['recordConsent'];
const GUARDIAN = { name: 'Jeanne Mukamana', relationship: 'mother', phone: '0788000002' };

async function caseFor(survivor: Record<string, unknown>): Promise<string> {
  return (await openCase(h, intake('GASABO-1', { survivor: { sex: 'FEMALE', ...survivor } }))).id;
}

async function consentRows(caseId: string): Promise<number> {
  return h.orm.em.fork().count(Consent, { case: caseId });
}

async function consent(caseId: string, givenBy: 'SURVIVOR' | 'GUARDIAN', more: Record<string, unknown> = {}) {
  return h.run(reception, RECORD_CONSENT, { input: { caseId, scope: 'HEALTH', givenBy, ...more } });
}

const accepted = (givenBy: string, givenAt: string) => ({
  data: {
    recordConsent: {
      id: expect.stringMatching(UUID),
      scope: 'HEALTH',
      givenBy,
      givenAt,
      expiresAt: null,
      withdrawnAt: null,
      active: true,
    },
  },
});
const CHILD_ALONE = { field: 'input.givenBy', problem: 'a child under 16 cannot consent alone: a guardian must' };
const NO_GUARDIAN = { field: 'input.givenBy', problem: 'record the guardian on the survivor before their consent' };

describe('consent of a child: 16 and over alone, under 16 through a guardian', () => {
  it('lets a survivor who turns 16 today consent alone', async () => {
    const caseId = await caseFor({ dateOfBirth: dayBefore(now, 16) });
    expect(await consent(caseId, 'SURVIVOR')).toEqual(accepted('SURVIVOR', now.toISOString()));
  });

  it('refuses a survivor who turns 16 tomorrow consenting alone, and records nothing', async () => {
    const caseId = await caseFor({ dateOfBirth: dayBefore(now, 16, -1), guardian: GUARDIAN });
    expect(await consent(caseId, 'SURVIVOR')).toEqual({ data: null, errors: [badInput(CHILD_ALONE, e)] });
    expect(await consentRows(caseId)).toBe(0);
  });

  it('takes the consent of the recorded guardian of a child under 16', async () => {
    const caseId = await caseFor({ dateOfBirth: dayBefore(now, 16, -1), guardian: GUARDIAN });
    expect(await consent(caseId, 'GUARDIAN')).toEqual(accepted('GUARDIAN', now.toISOString()));
  });

  it("refuses a guardian's consent when no guardian is recorded for the child, and records nothing", async () => {
    const caseId = await caseFor({ estimatedAge: 10 });
    expect(await consent(caseId, 'GUARDIAN')).toEqual({ data: null, errors: [badInput(NO_GUARDIAN, e)] });
    expect(await consent(caseId, 'SURVIVOR')).toEqual({ data: null, errors: [badInput(CHILD_ALONE, e)] });
    expect(await consentRows(caseId)).toBe(0);
  });

  it('lets a 17-year-old, still a child, consent alone: the threshold is 16, not 18', async () => {
    const caseId = await caseFor({ dateOfBirth: dayBefore(now, 17) });
    expect(await consent(caseId, 'SURVIVOR')).toEqual(accepted('SURVIVOR', now.toISOString()));
  });

  it.each([
    [15, false],
    [16, true],
  ])('judges an estimated age of %d at intake: may consent alone = %s', async (estimatedAge, alone) => {
    const caseId = await caseFor({ estimatedAge });
    expect(await consent(caseId, 'SURVIVOR')).toEqual(
      alone ? accepted('SURVIVOR', now.toISOString()) : { data: null, errors: [badInput(CHILD_ALONE, e)] },
    );
  });

  it('judges the age on the day the consent was given, not the day it is recorded', async () => {
    const caseId = await caseFor({ dateOfBirth: dayBefore(now, 16) });
    const yesterday = new Date(now.getTime() - 24 * HOUR).toISOString();
    expect(await consent(caseId, 'SURVIVOR', { givenAt: yesterday })).toEqual({
      data: null,
      errors: [badInput(CHILD_ALONE, e)],
    });
    expect(await consentRows(caseId)).toBe(0);
  });

  // With only an estimated age, ageOn adds Math.floor((givenAt - createdAt) / year) to the estimate. For a consent
  // signed at reception a few minutes before the clerk entered the case, that is floor(-0.00002) = -1: the 16-year-old
  // becomes 15 and is refused, though nobody grows younger.
  it('does not make a survivor a year younger for a consent signed minutes before the case was entered', async () => {
    const caseId = await caseFor({ estimatedAge: 16 });
    const tenMinutesEarlier = new Date(now.getTime() - 10 * MINUTE).toISOString();
    expect(await consent(caseId, 'SURVIVOR', { givenAt: tenMinutesEarlier })).toEqual(
      accepted('SURVIVOR', tenMinutesEarlier),
    );
  });
});

describe('Survivor.child: under 18 today', () => {
  const CHILD = `query One($id: ID!) { case(id: $id) { survivor { dateOfBirth estimatedAge child } } }`;
  const childOf = async (caseId: string) =>
    data<{ case: { survivor: { child: boolean } } }>(await h.run(reception, CHILD, { id: caseId })).case.survivor.child;

  it('is false for a survivor who turns 18 today', async () => {
    const dateOfBirth = dayBefore(now, 18);
    const caseId = await caseFor({ dateOfBirth });
    expect(await h.run(reception, CHILD, { id: caseId })).toEqual({
      data: { case: { survivor: { dateOfBirth, estimatedAge: null, child: false } } },
    });
  });

  it('is true for a survivor who turns 18 tomorrow', async () => {
    const dateOfBirth = dayBefore(now, 18, -1);
    const caseId = await caseFor({ dateOfBirth });
    expect(await h.run(reception, CHILD, { id: caseId })).toEqual({
      data: { case: { survivor: { dateOfBirth, estimatedAge: null, child: true } } },
    });
  });

  // The incident is now, not the fixture's two hours ago: in the first two hours of a Kigali day, two hours ago is
  // yesterday, before a baby born today, and the intake is rightly refused.
  it('is true for a baby born today', async () => {
    const caseId = (
      await openCase(
        h,
        intake('GASABO-1', {
          survivor: { sex: 'FEMALE', dateOfBirth: dayBefore(now, 0) },
          incidentAt: now.toISOString(),
        }),
      )
    ).id;
    expect(await childOf(caseId)).toBe(true);
  });

  it.each([
    [17, true],
    [18, false],
    [0, true],
  ])('follows an estimated age of %d at intake today: child = %s', async (estimatedAge, child) => {
    const caseId = await caseFor({ estimatedAge });
    expect(await h.run(reception, CHILD, { id: caseId })).toEqual({
      data: { case: { survivor: { dateOfBirth: null, estimatedAge, child } } },
    });
  });

  it('ages an estimate with the years since intake: 17 at an intake 366 days ago is 18 now, 364 days ago still 17', async () => {
    const realNow = now;
    freezeClock(new Date(realNow.getTime() - 366 * 24 * HOUR));
    const yearAgo = await caseFor({ estimatedAge: 17 });
    freezeClock(new Date(realNow.getTime() - 364 * 24 * HOUR));
    const almostYearAgo = await caseFor({ estimatedAge: 17 });
    freezeClock(realNow);
    expect(await childOf(yearAgo)).toBe(false);
    expect(await childOf(almostYearAgo)).toBe(true);
  });

  it('intake takes a date of birth or an estimate, never both (the record would contradict itself)', async () => {
    const res = await h.run(asRole('reception-officer', { centers: ['GASABO-1'] }), OPEN_CASE, {
      input: intake('GASABO-1', { survivor: { sex: 'FEMALE', dateOfBirth: dayBefore(now, 30), estimatedAge: 12 } }),
    });
    expect(res).toEqual({
      data: null,
      errors: [
        badInput(
          { field: 'input.survivor.estimatedAge', problem: 'give a date of birth or an estimated age, not both' },
          ['openCase'],
        ),
      ],
    });
  });
});
