import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { RETRIES, withConstraints } from '../../../services/shared/constraints.js';

// A write guarded by the database's own rules: a broken constraint becomes its answer; a transaction the database
// broke off to end a deadlock is run again, whole.

const taken = () => new GraphQLError('adult room 1 is already booked', { extensions: { code: 'CONFLICT' } });
const answers = { session_room_free: taken };
const pgError = (code: string, constraint?: string) => Object.assign(new Error(`pg ${code}`), { code, constraint });

describe('withConstraints', () => {
  it("answers a broken constraint with the rule's own words, and passes anything else on", async () => {
    await expect(withConstraints(() => Promise.reject(pgError('23P01', 'session_room_free')), answers)).rejects.toThrow(
      'adult room 1 is already booked',
    );
    const other = pgError('23505', 'some_other_unique');
    await expect(withConstraints(() => Promise.reject(other), answers)).rejects.toBe(other);
  });

  it('runs a transaction broken off by a deadlock again, and answers what the next run meets', async () => {
    let runs = 0;
    const deadlockThenTaken = () => {
      runs += 1;
      return Promise.reject(runs === 1 ? pgError('40P01') : pgError('23P01', 'session_room_free'));
    };
    await expect(withConstraints(deadlockThenTaken, answers)).rejects.toThrow('adult room 1 is already booked');
    expect(runs).toBe(2);
    let tries = 0;
    expect(
      await withConstraints(
        () => (++tries < 3 ? Promise.reject(pgError('40001')) : Promise.resolve('booked')),
        answers,
      ),
    ).toBe('booked');
    expect(tries).toBe(3);
  });

  it(`gives up after ${RETRIES} runs again, with the database's error, wrapped or not`, async () => {
    let runs = 0;
    const deadlock = Object.assign(new Error('driver'), { cause: pgError('40P01') });
    await expect(
      withConstraints(() => {
        runs += 1;
        return Promise.reject(deadlock);
      }, answers),
    ).rejects.toBe(deadlock);
    expect(runs).toBe(RETRIES + 1);
  });
});
