export * from './lead';
export * from './prospect';
