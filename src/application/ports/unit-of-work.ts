/**
 * Several ports' writes committed together: what `work` writes through the database's adapters (a
 * rate limit taken, a request opened) commits once, or not at all when `work` throws. Keep the work
 * short: nothing slow (a signature check, a registry call) belongs inside.
 */
export abstract class UnitOfWork {
  abstract run<T>(work: () => Promise<T>): Promise<T>;
}
