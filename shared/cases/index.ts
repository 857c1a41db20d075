export * from './types.ts';
export * from './messages.ts';
export * from './lifecycle.ts';
export * from './department-schema.ts';
export * from './catalogue-schema.ts';
export * from './routing.ts';
export * from './item-search.ts';
