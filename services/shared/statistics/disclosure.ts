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
  // Cells an attacker knows whatever is hidden, so that hiding one as a complement protects nothing: the only child of
  // a constraint equals its parent, and every child of a published 0 is 0 (counts are never negative). A parent is
  // decided before its children, so the second kind is marked when their rank comes (pinKnown).
  const pinned = new Uint8Array(keys.length);
  for (const kids of children) if (kids.length === 1) pinned[kids[0]!] = 1;

  // Within a rank, what a published parent gives away: all of its children when it is 0, and the last child when
  // every other one is known (a zero among them, or the only child). Repeated until nothing more is learnt.
  const pinKnown = (constraintsOfRank: readonly number[]) => {
    for (let changed = true; changed;) {
      changed = false;
      for (const ci of constraintsOfRank) {
        if (hidden[parents[ci]!]) continue;
        const open = children[ci]!.filter((k) => !pinned[k]);
        if (count[parents[ci]!] === 0 ? open.length > 0 : open.length === 1 && children[ci]!.length > 1) {
          for (const k of open) pinned[k] = 1;
          changed = true;
        }
      }
    }
  };

  const needsComplement = (ci: number): boolean => {
    const kids = children[ci]!;
    if (kids.length < 2) return false;
    let n = 0;
    let sum = 0;
    let shownSum = 0;
    for (const k of kids)
      if (hidden[k]) {
        n++;
        sum += count[k]!;
      } else shownSum += count[k]!;
    if (hidden[parents[ci]!]) {
      // A hidden total with every child shown is their sum. With one child hidden beside shown zeros, that child is
      // the whole total: whoever is counted there is known to be in it (everyone at a center that day had the same
      // incident type), however small the total.
      return n === 0 || (n === 1 && shownSum === 0);
    }
    if (n === 0) return false;
    if (n === 1) return true;
    // The hidden children of a published total add up to a published difference: if that is below the threshold,
    // it bounds each of them, and at 0 it gives every one of them back as 0.
    return sum < threshold;
  };
  const hiddenIn = (ci: number) => children[ci]!.reduce((n, k) => n + hidden[k]!, 0);
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
    pinKnown(byRank.get(rank) ?? []);
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
        // Below the threshold under a published total, only a count above 0 raises the sum: more zeros would hide
        // more and protect nothing.
        if (count[pick] === 0 && !hidden[parents[ci]!] && hiddenIn(ci) >= 2) break;
        hide(pick);
      }
      // An only child follows its parent: hidden with it, shown with it.
      const kids = children[ci]!;
      if (kids.length === 1 && hidden[parents[ci]!] && !hidden[kids[0]!]) hide(kids[0]!);
    }
  }
  return new Set(keys.filter((_, i) => hidden[i]));
}
