// The lib's DI tokens, in one place.

/** The channel an ordering service serves. */
export const ORDERING_CHANNEL = Symbol('ORDERING_CHANNEL');
