import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, predictProbability } from './logistic-regression';
import { createSeededRandom } from './split';

function repeatRows(row: number[], label: number, times: number): { rows: number[][]; labels: number[] } {
  return {
    rows: Array.from({ length: times }, () => row),
    labels: Array.from({ length: times }, () => label),
  };
}

describe('fitLogisticRegression', () => {
  it('recovers the log odds ratio of a 2×2 table (closed form) when the penalty is negligible', () => {
    // x=1: 30 converted, 10 not; x=0: 10 converted, 30 not → intercept log(1/3), weight log(9).
    const parts = [
      repeatRows([1], 1, 30),
      repeatRows([1], 0, 10),
      repeatRows([0], 1, 10),
      repeatRows([0], 0, 30),
    ];
    const model = fitLogisticRegression(
      parts.flatMap((part) => part.rows),
      parts.flatMap((part) => part.labels),
      { l2: 1e-9 },
    );
    expect(model.isConverged).toBe(true);
    expect(model.intercept).toBeCloseTo(Math.log(1 / 3), 6);
    expect(model.weights[0]).toBeCloseTo(Math.log(9), 6);
    expect(predictProbability(model, [1])).toBeCloseTo(0.75, 6);
  });

  it('reaches the penalised optimum: the gradient X·(y − p) equals λ·w for every weight', () => {
    const random = createSeededRandom(7);
    const rows = Array.from({ length: 400 }, () => [random() * 4 - 2, random() < 0.3 ? 1 : 0, random()]);
    const labels = rows.map(([a = 0, b = 0]) =>
      random() < 1 / (1 + Math.exp(-(0.8 * a + 1.5 * b - 0.5))) ? 1 : 0,
    );
    const l2 = 2;
    const model = fitLogisticRegression(rows, labels, { l2 });
    expect(model.isConverged).toBe(true);
    const gradient = [0, 0, 0];
    let interceptGradient = 0;
    rows.forEach((row, i) => {
      const residual = (labels[i] as number) - predictProbability(model, row);
      interceptGradient += residual;
      row.forEach((x, j) => {
        gradient[j] = (gradient[j] as number) + residual * x;
      });
    });
    expect(interceptGradient).toBeCloseTo(0, 8);
    gradient.forEach((g, j) => {
      expect(g).toBeCloseTo(l2 * (model.weights[j] as number), 8);
    });
  });

  it('keeps coefficients finite on perfectly separable data thanks to the penalty', () => {
    const rows = [...repeatRows([1], 1, 50).rows, ...repeatRows([0], 0, 50).rows];
    const labels = [...repeatRows([1], 1, 50).labels, ...repeatRows([0], 0, 50).labels];
    const model = fitLogisticRegression(rows, labels, { l2: 1 });
    expect(model.isConverged).toBe(true);
    expect(Number.isFinite(model.weights[0])).toBe(true);
    expect(model.weights[0]).toBeGreaterThan(3);
  });

  it('refuses mismatched input and a zero penalty with clear errors', () => {
    expect(() => fitLogisticRegression([[1]], [1, 0], { l2: 1 })).toThrow(/as many labels as rows/);
    expect(() => fitLogisticRegression([[1]], [1], { l2: 0 })).toThrow(/l2 must be > 0/);
  });
});
