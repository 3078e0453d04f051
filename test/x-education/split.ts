/**
 * A deterministic, stratified train/test split. The PRNG is ours (mulberry32) so the split is the same on every
 * machine and Node version: the figures in README.md must be reproducible from the seed alone.
 */

/** mulberry32: a tiny 32-bit PRNG, good enough for shuffling; returns floats in [0, 1). */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy, driven by the given PRNG. */
export function shuffleWith<T>(items: readonly T[], random: () => number): T[] {
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const held = shuffled[i] as T;
    shuffled[i] = shuffled[j] as T;
    shuffled[j] = held;
  }
  return shuffled;
}

export interface SplitOptions {
  /** Share of each class that goes to the train part, e.g. 0.7. */
  trainShare: number;
  seed: number;
}

export interface Split<T> {
  train: T[];
  test: T[];
}

/**
 * Splits each class separately so both parts keep the overall conversion rate; the items keep their original
 * order inside each part, which makes the parts easy to compare across runs.
 */
export function splitStratified<T>(
  items: readonly T[],
  isPositive: (item: T) => boolean,
  { trainShare, seed }: SplitOptions,
): Split<T> {
  if (!(trainShare > 0 && trainShare < 1))
    throw new RangeError(`trainShare must be in (0, 1), got ${trainShare}`);
  const random = createSeededRandom(seed);
  const inTrain = new Set<number>();
  const positives: number[] = [];
  const negatives: number[] = [];
  items.forEach((item, index) => {
    (isPositive(item) ? positives : negatives).push(index);
  });
  for (const indices of [positives, negatives]) {
    const shuffled = shuffleWith(indices, random);
    const trainCount = Math.round(shuffled.length * trainShare);
    for (const index of shuffled.slice(0, trainCount)) inTrain.add(index);
  }
  const train: T[] = [];
  const test: T[] = [];
  items.forEach((item, index) => {
    (inTrain.has(index) ? train : test).push(item);
  });
  return { train, test };
}
