/** Figures as the Rules screen prints them; null (an empty denominator) is a dash, never 0. */
export function formatPercent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

export function formatRatio(value: number | null, digits = 3): string {
  return value === null ? '–' : value.toFixed(digits);
}

export function formatSigned(value: number | null, format: (value: number) => string): string {
  if (value === null) return '–';
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${format(Math.abs(value))}`;
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Any JSON value on one line, for diffs. */
export function formatJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
