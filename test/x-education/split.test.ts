import { describe, expect, it } from 'vitest';
import { createSeededRandom, splitStratified } from './split';

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const first = createSeededRandom(42);
    const again = createSeededRandom(42);
    const other = createSeededRandom(43);
    const a = Array.from({ length: 5 }, first);
    expect(Array.from({ length: 5 }, again)).toEqual(a);
    expect(Array.from({ length: 5 }, other)).not.toEqual(a);
    for (const value of a) expect(value >= 0 && value < 1).toBe(true);
  });
});

describe('splitStratified', () => {
  const items = Array.from({ length: 1000 }, (_, index) => ({ index, isConverted: index % 5 < 2 }));

  it('keeps each class at the train share and loses nothing', () => {
    const { train, test } = splitStratified(items, (item) => item.isConverted, { trainShare: 0.7, seed: 1 });
    expect(train.length + test.length).toBe(1000);
    expect(train.filter((item) => item.isConverted)).toHaveLength(280);
    expect(test.filter((item) => item.isConverted)).toHaveLength(120);
    const seen = new Set([...train, ...test].map((item) => item.index));
    expect(seen.size).toBe(1000);
  });

  it('is deterministic for a seed, changes with the seed, and keeps input order inside each part', () => {
    const once = splitStratified(items, (item) => item.isConverted, { trainShare: 0.7, seed: 9 });
    const twice = splitStratified(items, (item) => item.isConverted, { trainShare: 0.7, seed: 9 });
    const other = splitStratified(items, (item) => item.isConverted, { trainShare: 0.7, seed: 10 });
    expect(twice.test).toEqual(once.test);
    expect(other.test).not.toEqual(once.test);
    const indices = once.test.map((item) => item.index);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
  });

  it('refuses a share outside (0, 1)', () => {
    expect(() => splitStratified(items, () => true, { trainShare: 1, seed: 1 })).toThrow(RangeError);
  });
});
