/** Nest injection tokens for values that are not classes. */
export const LOGGER = Symbol('Logger');
export const CONFIG = Symbol('Config');
export const SQL_DATABASE = Symbol('SqlDatabase');
