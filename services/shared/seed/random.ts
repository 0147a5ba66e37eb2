import { createHash } from 'node:crypto';
import { type DemoRandom, drawsFrom } from '../demo-plan.js';

// The seed generator's random sources. One per owner (the plan, or an agency drawing its own rows) and batch, seeded
// by (seed, batch): a batch's rows never depend on the batches before it, so a resumed run writes exactly what an
// uninterrupted one would. sfc32 keeps 128 bits of state (the demo's mulberry32 keeps 32): with a thousand batches,
// two 32-bit seeds would meet about once in ten thousand runs and repeat each other's ids.

/** Draws of one batch: the demo's, plus ids. */
export interface BatchRandom extends DemoRandom {
  /** A version-4-shaped UUID from this source's draws. */
  uuid: () => string;
  /** An integer in [lo, hi]. */
  int: (lo: number, hi: number) => number;
}

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The random source of `owner` for batch `batch` of the run with seed `seed`: the same draws on every run. */
export function batchRandom(owner: string, seed: number, batch: number): BatchRandom {
  const h = createHash('sha256').update(`isange-seed:${owner}:${seed}:${batch}`).digest();
  const next = sfc32(h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12));
  // sfc32 is weak for its first draws from a fresh state; the usual remedy is to discard a few.
  for (let i = 0; i < 15; i++) next();
  const word = () => Math.floor(next() * 4294967296) >>> 0;
  const bytes = (w: number) => HEX[(w >>> 24) & 255]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;
  return {
    ...drawsFrom(next),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    uuid: () => {
      const a = bytes(word());
      const b = bytes((word() & 0xffff0fff) | 0x00004000);
      const c = bytes((word() & 0x3fffffff) | 0x80000000);
      const d = bytes(word());
      return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
    },
  };
}
