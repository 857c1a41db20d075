export * from './csv.ts';
export * from './encoding.ts';
export * from './file-kind.ts';
export * from './mapping.ts';
export * from './rows.ts';
export * from './values.ts';
