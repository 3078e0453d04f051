// Request / response schemas of the HTTP API (/api/v1); the API validates with them, clients parse with them.
export * from './activity';
export * from './alerts';
export * from './common';
export * from './exports';
export * from './imports';
export * from './ingest';
export * from './leads';
export * from './privacy';
export * from './rulesets';
export * from './stats';
export * from './users';
