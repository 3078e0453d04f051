/** One measured number; its key is the key in bench-results.json, so keep keys stable across runs. */
export interface BenchFigure {
  key: string;
  label: string;
  value: number;
  unit: string;
}

/** A group of benchmarks (rules, api, extension…); register it in registry.ts. */
export interface BenchModule {
  name: string;
  description: string;
  run(log: (line: string) => void): Promise<BenchFigure[]>;
}
