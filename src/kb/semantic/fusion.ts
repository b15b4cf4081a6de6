/** The usual constant of reciprocal rank fusion: damps the weight of the very first places. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: every list gives each of its ids `1 / (k + rank)` (rank from 1), and ids are
 * ordered by the sum. It needs no common scale between the lists, only their order. Ties keep the order in
 * which ids first appear (the first list first).
 */
export function reciprocalRankFusion(
  lists: ReadonlyArray<readonly string[]>,
  k = RRF_K,
): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>();
  for (const list of lists)
    list.forEach((id, i) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1));
    });
  // Map iteration follows first insertion, and Array.prototype.sort is stable.
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
