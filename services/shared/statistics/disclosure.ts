// Small-cell disclosure control for the analysts' statistics: primary suppression of cells counting fewer people
// than the threshold, then complementary suppression so that no suppressed cell can be worked back from what is
// published.
//
// The published figures of a statistic are cells of one lattice: every cell is a count, and every relation an
// analyst could subtract along is written as a constraint "parent = sum of children" (a district and its centers, a
// month and its days, a row total and its row). Cells are decided in ranks, parents before children, and a decision
// never changes afterwards: a parent's fate is the same whichever finer table later asks for it, so two queries that
// share a cell agree on it, and a finer query cannot undo what a coarser one published or hid.
//
// Within a rank, every constraint ends with none or at least two of its cells hidden (one hidden cell in a sum of
// published ones is just a subtraction away), and the hidden children of a published parent add up to at least the
// threshold (otherwise their small sum is itself published by difference). Complements are the smallest non-zero
// cells, because a zero an attacker can guess protects nothing.

/** One count in the lattice. `rank` orders decisions: every constraint's parent has a lower rank than its children. */
export interface LatticeCell {
  readonly count: number;
  readonly rank: number;
}

/** `parent` is published as the sum of `children`, all of one rank (higher than the parent's). */
export interface Constraint {
  readonly parent: string;
  readonly children: readonly string[];
}

/** The keys of the cells that must not be published. */
export function suppress(
  cells: ReadonlyMap<string, LatticeCell>,
  constraints: readonly Constraint[],
  threshold: number,
): Set<string> {
  // Cells become numbers and constraints arrays of them: the fixed point below visits each constraint again only
  // when one of its cells was just hidden, so a lattice of a few hundred thousand cells is decided in well under a
  // second.
  const keys = [...cells.keys()];
  const index = new Map(keys.map((k, i) => [k, i]));
  const count = keys.map((k) => cells.get(k)!.count);
  const rankOf = keys.map((k) => cells.get(k)!.rank);
  const at = (k: string) => {
    const i = index.get(k);
    if (i === undefined) throw new Error(`statistics lattice: no cell ${k}`);
    return i;
  };
  const parents: number[] = [];
  const children: number[][] = [];
  const memberOf: number[][] = keys.map(() => []);
  const byRank = new Map<number, number[]>();
  constraints.forEach((c, ci) => {
    parents.push(at(c.parent));
    const kids = c.children.map(at);
    children.push(kids);
    for (const k of kids) memberOf[k]!.push(ci);
    const rank = rankOf[kids[0]!]!;
    let list = byRank.get(rank);
    if (!list) byRank.set(rank, (list = []));
    list.push(ci);
  });
  const cellsByRank = new Map<number, number[]>();
  rankOf.forEach((r, i) => {
    let list = cellsByRank.get(r);
    if (!list) cellsByRank.set(r, (list = []));
    list.push(i);
  });
  const hidden = new Uint8Array(keys.length);
  // A cell that is the only child of a constraint equals its parent: hiding it as a complement would hide nothing.
  const pinned = new Uint8Array(keys.length);
  for (const kids of children) if (kids.length === 1) pinned[kids[0]!] = 1;

  const needsComplement = (ci: number): boolean => {
    const kids = children[ci]!;
    if (kids.length < 2) return false;
    let n = 0;
    let sum = 0;
    for (const k of kids)
      if (hidden[k]) {
        n++;
        sum += count[k]!;
      }
    if (hidden[parents[ci]!]) return n === 0;
    if (n === 0) return false;
    if (n === 1) return true;
    return sum > 0 && sum < threshold;
  };
  // The smallest non-zero shown child (then the smallest, then the first by key), or -1 when none is left.
  const complementOf = (ci: number): number => {
    let best = -1;
    let bestScore = Infinity;
    for (const k of children[ci]!) {
      if (hidden[k] || pinned[k]) continue;
      const score = count[k] === 0 ? Number.MAX_SAFE_INTEGER : count[k]!;
      if (score < bestScore || (score === bestScore && keys[k]! < keys[best]!)) {
        best = k;
        bestScore = score;
      }
    }
    return best;
  };

  for (const rank of [...cellsByRank.keys()].sort((a, b) => a - b)) {
    for (const i of cellsByRank.get(rank)!) if (count[i]! > 0 && count[i]! < threshold) hidden[i] = 1;
    const queue = [...(byRank.get(rank) ?? [])];
    const queued = new Uint8Array(constraints.length);
    for (const ci of queue) queued[ci] = 1;
    const hide = (k: number) => {
      hidden[k] = 1;
      for (const other of memberOf[k]!)
        if (!queued[other]) {
          queued[other] = 1;
          queue.push(other);
        }
    };
    while (queue.length > 0) {
      const ci = queue.pop()!;
      queued[ci] = 0;
      while (needsComplement(ci)) {
        const pick = complementOf(ci);
        if (pick < 0) break;
        hide(pick);
      }
      // An only child follows its parent: hidden with it, shown with it.
      const kids = children[ci]!;
      if (kids.length === 1 && hidden[parents[ci]!] && !hidden[kids[0]!]) hide(kids[0]!);
    }
  }
  return new Set(keys.filter((_, i) => hidden[i]));
}
