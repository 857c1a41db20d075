export * from './rates.ts';
export * from './breaks.ts';
export * from './ranking.ts';
export * from './time-window.ts';
export * from './point-codec.ts';
export * from './playback.ts';
export * from './legend.ts';
