/**
 * What can go wrong in the store, as named errors with stable codes. Messages
 * are written for whoever runs the gateway; none of them carries a password.
 * Each is recognised across bundles by its brand (lib/errors.ts), with the
 * guards at the end of this file, never by instanceof.
 */
import { ERROR_BRAND, errorBrand, isBranded } from '../errors';

export interface StoreProblem {
  /** Where the problem is, as a JSON path: `$.resources[1].criteria.minAge`. */
  path: string;
  message: string;
}

/** DATABASE_URL is not a form the store understands. */
export class DatabaseUrlError extends Error {
  readonly code = 'DATABASE_URL_INVALID';
  readonly [ERROR_BRAND] = 'DatabaseUrlError';
  override name = 'DatabaseUrlError';
}

/** The database could not be opened or migrated (unreachable server, unwritable file, failed migration). */
export class StoreOpenError extends Error {
  readonly code = 'STORE_OPEN_FAILED';
  readonly [ERROR_BRAND] = 'StoreOpenError';
  override name = 'StoreOpenError';
}

/** What was given to the store is invalid; nothing was written. */
export class StoreValidationError extends Error {
  readonly code = 'STORE_INVALID_INPUT';
  readonly [ERROR_BRAND] = 'StoreValidationError';
  override name = 'StoreValidationError';
  constructor(
    message: string,
    readonly errors: StoreProblem[],
  ) {
    super(`${message}\n${errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  }
}

/**
 * A stored row no longer matches the criteria schema, typically because a
 * newer gateway is stricter than the one that wrote it. Re-importing a
 * corrected document repairs it.
 */
export class StoredDataError extends Error {
  readonly code = 'STORE_DATA_INVALID';
  readonly [ERROR_BRAND] = 'StoredDataError';
  override name = 'StoredDataError';
  constructor(readonly errors: StoreProblem[]) {
    super(
      'A stored resource no longer matches the criteria rules; export the document, correct it and import it again.\n' +
        errors.map((e) => `  ${e.path}: ${e.message}`).join('\n'),
    );
  }
}

/**
 * The criteria changed since the caller read them (`expectedVersion` of
 * replaceDocument no longer current); nothing was written. Read again and redo
 * the change.
 */
export class CriteriaVersionConflict extends Error {
  readonly code = 'STORE_VERSION_CONFLICT';
  readonly [ERROR_BRAND] = 'CriteriaVersionConflict';
  override name = 'CriteriaVersionConflict';
  constructor(
    readonly expectedVersion: number,
  ) {
    super(`The criteria changed since version ${expectedVersion} was read; nothing was changed.`);
  }
}

export type StoreError = DatabaseUrlError | StoreOpenError | StoreValidationError | StoredDataError | CriteriaVersionConflict;

const STORE_ERRORS: readonly (string | undefined)[] = ['DatabaseUrlError', 'StoreOpenError', 'StoreValidationError', 'StoredDataError', 'CriteriaVersionConflict'];

/** Any of the store's errors, from any bundle's copy of its class: each has a message written for whoever runs the gateway. */
export function isStoreError(error: unknown): error is StoreError {
  return STORE_ERRORS.includes(errorBrand(error));
}

export function isCriteriaVersionConflict(error: unknown): error is CriteriaVersionConflict {
  return isBranded<CriteriaVersionConflict>(error, 'CriteriaVersionConflict');
}

export function isStoredDataError(error: unknown): error is StoredDataError {
  return isBranded<StoredDataError>(error, 'StoredDataError');
}
