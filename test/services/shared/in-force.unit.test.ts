import { describe, expect, it } from 'vitest';
import { inForce } from '../../../services/shared/sharing/in-force.js';

// "In force at an instant", at its edges: a window holds from its first instant, and no longer at its expiry or its
// withdrawal.

const T = new Date('2026-11-29T10:00:00.000Z');
const ms = (n: number) => new Date(T.getTime() + n);

describe('inForce', () => {
  it.each<[string, Parameters<typeof inForce>[0], Date, boolean]>([
    ['begun at T, judged at T', { from: T, until: null }, T, true],
    ['begun at T, judged 1 ms before', { from: T, until: null }, ms(-1), false],
    ['expiring at T, judged 1 ms before', { from: ms(-60_000), until: T }, ms(-1), true],
    ['expiring at T, judged at T', { from: ms(-60_000), until: T }, T, false],
    ['withdrawn at T, judged 1 ms before', { from: ms(-60_000), until: null, withdrawnAt: T }, ms(-1), true],
    ['withdrawn at T, judged at T', { from: ms(-60_000), until: null, withdrawnAt: T }, T, false],
    ['no beginning known (facts the center sent), no expiry', { until: null }, T, true],
    ['no beginning known, expired 1 ms ago', { until: ms(-1) }, T, false],
  ])('%s: %s', (_what, window, at, expected) => {
    expect(inForce(window, at)).toBe(expected);
  });
});
