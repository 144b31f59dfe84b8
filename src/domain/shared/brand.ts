/** A nominal type: a `T` that only the named constructor may produce. */
export type Brand<T, Name extends string> = T & { readonly __brand: Name };
