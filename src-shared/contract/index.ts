export * from './calls';
export * from './connection-schemas';
export * from './events';
export * from './o2r-schemas';
export * from './errors';
export * from './schemas';
export * from './sync-schemas';
export * from './transport';
