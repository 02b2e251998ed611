/**
 * The status of each sign-in problem: 4xx when it is on the patron's side,
 * 502/503/504 when RERO+ is the cause. The words are in messages/<locale>.json
 * under `signIn.<code>`.
 */
import type { ReroErrorCode } from './providers/rero-plus';

export type SignInProblemCode = ReroErrorCode | 'session_ended' | 'rate_limited';

export const SIGN_IN_STATUS: Record<SignInProblemCode, number> = {
  access_denied: 403,
  authorization_error: 502,
  invalid_state: 400,
  invalid_grant: 400,
  invalid_client: 502,
  unauthorized: 502,
  unreachable: 503,
  timeout: 504,
  upstream_error: 502,
  bad_response: 502,
  session_ended: 401,
  rate_limited: 429,
};
