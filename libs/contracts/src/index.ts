export * from './topics';
export * from './menu';
export * from './order';
export * from './events';
export * from './attributes';
export * from './random-order';
export * from './parse-order';
export * from './asyncapi';
