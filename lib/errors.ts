/**
 * Telling the gateway's own errors apart without `instanceof`.
 *
 * Next.js bundles a module into several server chunks, each with its own copy
 * of every class in it, and the process's singletons (the store, the
 * connections: lib/runtime.ts) are built by whichever chunk ran first. An
 * error thrown by one copy of a class is not an `instanceof` another copy, so
 * a handler that asks `instanceof` misses it and the request ends in a 500.
 *
 * So each error class of the gateway carries a brand: a property under
 * `Symbol.for('rero-gateway.error')` holding the class's stable name. The
 * global symbol registry hands every chunk the same symbol (ECMAScript,
 * "Symbol.for ( key )"), so the brand survives the copies. `error.name` alone
 * would not do: other libraries throw errors of the same names.
 *
 * A class adopts it with one field, `readonly [ERROR_BRAND] = 'ReroError'`,
 * and exports a guard beside it (`isReroError`), as lib/oauth/errors.ts,
 * lib/store/errors.ts, lib/providers/rero-plus.ts and lib/config.ts do.
 */
export const ERROR_BRAND: unique symbol = Symbol.for('rero-gateway.error');

/** The name of the gateway error class that made `error`, whichever bundle's copy it was; undefined for anything else. */
export function errorBrand(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const brand: unknown = (error as { [ERROR_BRAND]?: unknown })[ERROR_BRAND];
  return typeof brand === 'string' ? brand : undefined;
}

/** Whether `error` was made by (a copy of) the gateway error class named `brand`. */
export function isBranded<T extends Error>(error: unknown, brand: string): error is T {
  return errorBrand(error) === brand;
}

/** Whether `error` was made by (a copy of) the gateway error class named `brand` and has one of these stable codes. */
export function hasErrorCode<T extends Error & { code: string }>(error: unknown, brand: string, codes: readonly T['code'][]): error is T {
  return isBranded(error, brand) && codes.includes((error as { code?: unknown }).code as T['code']);
}
