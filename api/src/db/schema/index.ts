// The whole schema: drizzle-kit reads every file in this folder; the client imports this barrel.
export * from './alerts';
export * from './follow-ups';
export * from './history';
export * from './idempotency';
export * from './imports';
export * from './leads';
export * from './notes';
export * from './privacy';
export * from './qualification';
export * from './rulesets';
export * from './stage-moves';
export * from './users';
