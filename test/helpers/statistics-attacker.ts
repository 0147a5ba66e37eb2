import * as highsPackage from 'highs';
import type { Highs } from 'highs';
import type { Constraint, LatticeCell } from '../../services/shared/statistics/disclosure.js';

// An analyst turned attacker: knows every published figure of a lattice, every sum that ties figures together, and
// that no count is negative. For each hidden figure it solves two linear programmes (the least and the greatest value
// the published figures allow) and so finds:
// - exact recovery: the bounds meet (after rounding inwards, as counts are whole), so the figure is known;
// - attribute disclosure: a hidden total whose children can all be shown to be 0 but one, so that whoever is counted
//   in the total is known to be in that child (everyone at a center on a day had the same incident type), when that
//   is not already true of everyone.
// The hidden figures fall apart into groups that share no sum; each group is solved on its own.

// The package's types are read as CommonJS under nodenext, which hides that its loader is the module's default.
const highsLoader = (highsPackage as unknown as { default: () => Promise<Highs> }).default;
let solver: Promise<Highs> | undefined;

export interface Attack {
  /** Hidden figures whose value the attacker pins, with that value. */
  exact: { key: string; value: number }[];
  /** Hidden totals whose people are all in one child, with that child. */
  attribute: { total: string; child: string }[];
}

export async function attack(
  cells: ReadonlyMap<string, LatticeCell>,
  constraints: readonly Constraint[],
  hidden: ReadonlySet<string>,
): Promise<Attack> {
  const highs = await (solver ??= highsLoader());
  const count = (k: string) => cells.get(k)!.count;
  const touching = constraints.filter((c) => hidden.has(c.parent) || c.children.some((k) => hidden.has(k)));
  const groups = groupsOf(touching, hidden);
  const bounds = new Map<string, { min: number; max: number }>();
  for (const group of groups) {
    const vars = [...group.keys].sort();
    const name = new Map(vars.map((k, i) => [k, `x${i}`]));
    const rows = group.constraints.map((c, i) => {
      let rhs = 0;
      const terms: string[] = [];
      for (const [k, sign] of [[c.parent, 1], ...c.children.map((k) => [k, -1])] as [string, number][]) {
        const v = name.get(k);
        if (v) terms.push(`${sign > 0 ? '+' : '-'} ${v}`);
        else rhs -= sign * count(k);
      }
      return ` c${i}: ${terms.join(' ')} = ${rhs}`;
    });
    const lp = (sense: 'Minimize' | 'Maximize', objective: string) =>
      [sense, ` obj: ${objective}`, 'Subject To', ...rows, 'Bounds', ...vars.map((_, i) => ` x${i} >= 0`), 'End'].join(
        '\n',
      );
    const solve = (sense: 'Minimize' | 'Maximize', objective: string) => {
      const r = highs.solve(lp(sense, objective));
      if (r.Status === 'Unbounded') return null;
      if (r.Status !== 'Optimal') throw new Error(`attacker: ${r.Status} for ${sense} ${objective.slice(0, 40)}`);
      return r;
    };
    // Two programmes a figure would take a long time for large groups. Corners of the feasible set under a dozen
    // random objectives first: a figure seen at two whole numbers there is neither exact nor known to be 0, so only
    // the others are solved for their least and greatest values.
    const seen = new Map(vars.map((k) => [k, { min: Infinity, max: -Infinity }]));
    const rnd = random(vars.length);
    const objectives = [
      vars.map((_, i) => `+ x${i}`).join(' '),
      ...Array.from({ length: 10 }, () =>
        vars.map((_, i) => `${rnd() < 0.5 ? '-' : '+'} ${1 + rnd()} x${i}`).join(' '),
      ),
    ];
    for (const o of objectives)
      for (const sense of ['Minimize', 'Maximize'] as const) {
        const r = solve(sense, o);
        if (!r) continue;
        vars.forEach((k, i) => {
          const v = r.Columns[`x${i}`]?.Primal ?? 0;
          const b = seen.get(k)!;
          b.min = Math.min(b.min, v);
          b.max = Math.max(b.max, v);
        });
      }
    for (const k of vars) {
      const b = seen.get(k)!;
      if (Math.floor(b.max + 1e-6) - Math.ceil(b.min - 1e-6) >= 1) {
        bounds.set(k, b);
        continue;
      }
      const v = name.get(k)!;
      bounds.set(k, {
        min: solve('Minimize', v)!.ObjectiveValue,
        max: solve('Maximize', v)?.ObjectiveValue ?? Infinity,
      });
    }
  }
  const exact = [...bounds]
    .filter(([, b]) => Math.ceil(b.min - 1e-6) >= Math.floor(b.max + 1e-6))
    .map(([key, b]) => ({ key, value: Math.round(b.min) }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const maxOf = (k: string) => bounds.get(k)?.max ?? count(k);
  // A figure under a published 0 (no intersex survivor at all that month) tells nothing of any one group: that
  // everyone in a group is in the other children is true of everyone. Only the other children count.
  const empty = new Set(constraints.flatMap((c) => (!hidden.has(c.parent) && count(c.parent) === 0 ? c.children : [])));
  const attribute: Attack['attribute'] = [];
  for (const c of constraints) {
    if (!hidden.has(c.parent) || count(c.parent) === 0) continue;
    const open = c.children.filter((k) => !empty.has(k));
    const possible = open.filter((k) => maxOf(k) > 1e-6);
    if (open.length > 1 && possible.length === 1 && hidden.has(possible[0]!))
      attribute.push({ total: c.parent, child: possible[0]! });
  }
  return { exact, attribute };
}

function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The hidden figures in groups joined by the sums they share, each with the sums that touch it. */
function groupsOf(constraints: readonly Constraint[], hidden: ReadonlySet<string>) {
  const up = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (up.get(r) !== r) r = up.get(r)!;
    up.set(k, r);
    return r;
  };
  for (const k of hidden) up.set(k, k);
  const members = (c: Constraint) => [c.parent, ...c.children].filter((k) => hidden.has(k));
  for (const c of constraints) {
    const m = members(c);
    for (const k of m.slice(1)) up.set(find(k), find(m[0]!));
  }
  const groups = new Map<string, { keys: Set<string>; constraints: Constraint[] }>();
  for (const k of hidden) {
    const r = find(k);
    if (!groups.has(r)) groups.set(r, { keys: new Set(), constraints: [] });
    groups.get(r)!.keys.add(k);
  }
  for (const c of constraints) groups.get(find(members(c)[0]!))!.constraints.push(c);
  return [...groups.values()];
}
