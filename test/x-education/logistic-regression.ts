/**
 * L2-regularised logistic regression fitted by iteratively reweighted least squares (Newton's method), with
 * step halving so the penalised log-likelihood never decreases. Dense and small on purpose: a baseline for a
 * few thousand rows and a few hundred columns, readable in one sitting, deterministic (no random start, no
 * mini-batches).
 */

export interface LogisticRegressionOptions {
  /** Penalty λ in −loglik + λ/2·‖w‖² (the intercept is not penalised). */
  l2: number;
  maxIterations?: number;
  /** Stop when no coefficient moves by more than this in one Newton step. */
  tolerance?: number;
}

export interface LogisticRegressionModel {
  intercept: number;
  weights: number[];
  iterations: number;
  isConverged: boolean;
  /** Penalised log-likelihood at the solution (higher is better). */
  objective: number;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function linearPredictor(row: ArrayLike<number>, intercept: number, weights: ArrayLike<number>): number {
  let z = intercept;
  for (let j = 0; j < weights.length; j++) z += (row[j] as number) * (weights[j] as number);
  return z;
}

/** Penalised log-likelihood; coefficients[0] is the intercept. */
function computeObjective(
  rows: readonly ArrayLike<number>[],
  labels: readonly number[],
  coefficients: Float64Array,
  l2: number,
): number {
  const weights = coefficients.subarray(1);
  let total = 0;
  rows.forEach((row, i) => {
    const z = linearPredictor(row, coefficients[0] as number, weights);
    total += (labels[i] as number) * z - softplus(z);
  });
  let squared = 0;
  for (const w of weights) squared += w * w;
  return total - (l2 / 2) * squared;
}

/** Solves A·x = b in place for a symmetric positive-definite A (row-major, n×n) by Cholesky. */
function solveSymmetricPositiveDefinite(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const lower = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (lower[i * n + k] as number) * (lower[j * n + k] as number);
      if (i === j) {
        if (!(sum > 0)) throw new Error('Hessian is not positive definite: raise the L2 penalty');
        lower[i * n + i] = Math.sqrt(sum);
      } else {
        lower[i * n + j] = sum / (lower[j * n + j] as number);
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (lower[i * n + k] as number) * (y[k] as number);
    y[i] = sum / (lower[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (lower[k * n + i] as number) * (x[k] as number);
    x[i] = sum / (lower[i * n + i] as number);
  }
  return x;
}

/** Fits P(y=1 | x) = σ(intercept + w·x). `rows` are feature vectors of equal length; `labels` are 0 or 1. */
export function fitLogisticRegression(
  rows: readonly ArrayLike<number>[],
  labels: readonly number[],
  { l2, maxIterations = 100, tolerance = 1e-8 }: LogisticRegressionOptions,
): LogisticRegressionModel {
  if (rows.length === 0 || rows.length !== labels.length) {
    throw new Error(`need as many labels as rows, got ${rows.length} rows and ${labels.length} labels`);
  }
  if (!(l2 > 0)) throw new RangeError('l2 must be > 0 (it keeps separable levels finite)');
  const featureCount = (rows[0] as ArrayLike<number>).length;
  const n = featureCount + 1;
  let coefficients = new Float64Array(n);
  let objective = computeObjective(rows, labels, coefficients, l2);
  let iterations = 0;
  let isConverged = false;
  // Augmented row: [1, x...], so index 0 is the intercept everywhere below.
  const augmented = new Float64Array(n);
  while (iterations < maxIterations && !isConverged) {
    iterations++;
    const gradient = new Float64Array(n);
    const hessian = new Float64Array(n * n);
    rows.forEach((row, r) => {
      augmented[0] = 1;
      for (let j = 0; j < featureCount; j++) augmented[j + 1] = row[j] as number;
      const p = sigmoid(linearPredictor(augmented, 0, coefficients));
      const residual = (labels[r] as number) - p;
      const weight = p * (1 - p);
      for (let i = 0; i < n; i++) {
        const xi = augmented[i] as number;
        if (xi === 0) continue; // one-hot rows are mostly zeros
        gradient[i] = (gradient[i] as number) + residual * xi;
        const scaled = weight * xi;
        for (let j = 0; j <= i; j++)
          hessian[i * n + j] = (hessian[i * n + j] as number) + scaled * (augmented[j] as number);
      }
    });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) hessian[j * n + i] = hessian[i * n + j] as number;
      if (i > 0) {
        gradient[i] = (gradient[i] as number) - l2 * (coefficients[i] as number);
        hessian[i * n + i] = (hessian[i * n + i] as number) + l2;
      }
    }
    const step = solveSymmetricPositiveDefinite(hessian, gradient, n);
    let scale = 1;
    let candidate = coefficients;
    let candidateObjective = Number.NEGATIVE_INFINITY;
    for (let halvings = 0; halvings < 30; halvings++) {
      candidate = coefficients.map((c, i) => c + scale * (step[i] as number));
      candidateObjective = computeObjective(rows, labels, candidate, l2);
      if (candidateObjective >= objective - 1e-12) break;
      scale /= 2;
    }
    let largestMove = 0;
    for (let i = 0; i < n; i++) largestMove = Math.max(largestMove, Math.abs(scale * (step[i] as number)));
    coefficients = candidate;
    objective = candidateObjective;
    isConverged = largestMove < tolerance;
  }
  return {
    intercept: coefficients[0] as number,
    weights: Array.from(coefficients.subarray(1)),
    iterations,
    isConverged,
    objective,
  };
}

export function predictProbability(model: LogisticRegressionModel, row: ArrayLike<number>): number {
  return sigmoid(linearPredictor(row, model.intercept, model.weights));
}
