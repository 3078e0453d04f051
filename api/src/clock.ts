/** The API's only source of "now": tests use a fixed clock so SLA and idempotency expiry are deterministic. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface FixedClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
}

export function createFixedClock(iso: string): FixedClock {
  let current = new Date(iso).getTime();
  return {
    now: () => new Date(current),
    set: (next) => {
      current = new Date(next).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export function toIso(date: Date): string {
  return date.toISOString();
}
