export * from './api';
export * from './identity';
export * from './import-mapping';
export * from './lead';
export * from './messages';
export * from './prospect';
export * from './ruleset';
export * from './score';
