export * from './local-time.ts';
export * from './calendar.ts';
export * from './arithmetic.ts';
export * from './clock.ts';
export * from './data-issues.ts';
export * from './calendar-schema.ts';
