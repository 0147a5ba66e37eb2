import { describe, expect, it } from 'vitest';
import { progress } from '../../services/hub/seed-progress.js';
import { generatedSurvivorCode } from '../../services/center/generated-rows.js';

// `npm run seed`'s progress on stderr: one line rewritten in place on a terminal, plain lines elsewhere; and the
// survivor codes it makes, which must never repeat within a run.

const capture = (isTTY: boolean) => {
  const writes: string[] = [];
  return { out: { isTTY, write: (s: string) => writes.push(s) }, writes };
};

describe('seed progress', () => {
  it('on a terminal, rewrites one line with done/total, rate and ETA, and ends it', () => {
    let now = 0;
    const { out, writes } = capture(true);
    const p = progress(out, 1000, 0, () => now);
    now = 2000;
    p.update(200);
    now = 2100;
    p.update(220); // too soon after the last: not shown
    p.finish(1000);
    expect(writes).toHaveLength(2);
    expect(writes[0]).toBe('\r\x1b[K200/1,000 cases (20.0 %), 100 cases/s, elapsed 2 s, ETA 8 s');
    expect(writes[1]?.startsWith('\r\x1b[K1,000/1,000 cases (100.0 %), ')).toBe(true);
    expect(writes[1]?.endsWith('ETA 0 s\n')).toBe(true);
  });

  it('elsewhere, writes a plain line every few seconds, counting only its own cases in the rate', () => {
    let now = 0;
    const { out, writes } = capture(false);
    const p = progress(out, 10_000, 4000, () => now);
    for (const [t, done] of [
      [1000, 4500],
      [6000, 7000],
      [7000, 7500],
    ] as const) {
      now = t;
      p.update(done);
    }
    expect(writes).toEqual(['7,000/10,000 cases (70.0 %), 500 cases/s, elapsed 6 s, ETA 6 s\n']);
    p.finish(7000); // the last line said as much: not repeated
    expect(writes).toHaveLength(1);
    p.finish(10_000);
    expect(writes[1]).toBe('10,000/10,000 cases (100.0 %), 857 cases/s, elapsed 7 s, ETA 0 s\n');
  });
});

describe('generated survivor codes', () => {
  it('are distinct across a run, shaped like intake codes, and start past the hex digits of the demo codes', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 200_000; i++) codes.add(generatedSurvivorCode(20091, i));
    expect(codes.size).toBe(200_000);
    for (const c of [...codes].slice(0, 1000)) expect(c).toMatch(/^SV-[G-Z][2-9A-HJKMNP-Z]{7}$/);
  });
});
