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
  const hidden = new Set<string>();
  const byRank = new Map<number, Constraint[]>();
  for (const c of constraints) {
    const rank = cellOf(cells, c.children[0]!).rank;
    let list = byRank.get(rank);
    if (!list) byRank.set(rank, (list = []));
    list.push(c);
  }
  const ranks = [...new Set([...cells.values()].map((c) => c.rank))].sort((a, b) => a - b);
  const cellsByRank = new Map<number, string[]>();
  for (const [key, cell] of cells) {
    let list = cellsByRank.get(cell.rank);
    if (!list) cellsByRank.set(cell.rank, (list = []));
    list.push(key);
  }
  for (const rank of ranks) {
    for (const key of cellsByRank.get(rank) ?? []) {
      const n = cellOf(cells, key).count;
      if (n > 0 && n < threshold) hidden.add(key);
    }
    protectRank(cells, byRank.get(rank) ?? [], threshold, hidden);
  }
  return hidden;
}

/** Add complements among this rank's cells until every constraint of the rank is safe; a fixed point, so order-free. */
function protectRank(
  cells: ReadonlyMap<string, LatticeCell>,
  constraints: readonly Constraint[],
  threshold: number,
  hidden: Set<string>,
): void {
  // A cell that is the only child of a published parent equals it: hiding it as a complement would hide nothing.
  const pinned = new Set<string>();
  for (const c of constraints) if (c.children.length === 1) pinned.add(c.children[0]!);
  let changed = true;
  while (changed) {
    changed = false;
    for (const c of constraints) {
      while (needsComplement(cells, c, threshold, hidden)) {
        const pick = complementOf(cells, c, hidden, pinned);
        if (pick === null) break;
        hidden.add(pick);
        changed = true;
      }
      // An only child follows its parent: hidden with it, published with it.
      if (c.children.length === 1 && hidden.has(c.parent) && !hidden.has(c.children[0]!)) {
        hidden.add(c.children[0]!);
        changed = true;
      }
    }
  }
}

function needsComplement(
  cells: ReadonlyMap<string, LatticeCell>,
  c: Constraint,
  threshold: number,
  hidden: Set<string>,
): boolean {
  if (c.children.length < 2) return false;
  const hiddenChildren = c.children.filter((k) => hidden.has(k));
  if (hidden.has(c.parent)) return hiddenChildren.length === 0;
  if (hiddenChildren.length === 0) return false;
  if (hiddenChildren.length === 1) return true;
  const sum = hiddenChildren.reduce((s, k) => s + cellOf(cells, k).count, 0);
  return sum > 0 && sum < threshold;
}

/** The smallest non-zero published child (then the smallest, then by key), or null when none is left. */
function complementOf(
  cells: ReadonlyMap<string, LatticeCell>,
  c: Constraint,
  hidden: Set<string>,
  pinned: Set<string>,
): string | null {
  let best: string | null = null;
  let bestScore = Infinity;
  for (const k of c.children) {
    if (hidden.has(k) || pinned.has(k)) continue;
    const n = cellOf(cells, k).count;
    const score = n === 0 ? Number.MAX_SAFE_INTEGER : n;
    if (score < bestScore || (score === bestScore && best !== null && k < best)) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}

function cellOf(cells: ReadonlyMap<string, LatticeCell>, key: string): LatticeCell {
  const cell = cells.get(key);
  if (!cell) throw new Error(`statistics lattice: no cell ${key}`);
  return cell;
}
