/** Connect a first number (Rules §5-7) or change the connected one (Rules §8). */
export type Purpose = 'connect' | 'change';

export const PURPOSES: readonly Purpose[] = ['connect', 'change'];
