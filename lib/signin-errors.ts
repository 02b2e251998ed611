/**
 * What a patron reads when signing in fails, and the status that goes with it:
 * 4xx when it is on the patron's side, 502/503/504 when RERO+ is the cause.
 */
import type { ReroErrorCode } from './providers/rero-plus';

export interface SignInProblem {
  status: number;
  title: string;
  message: string;
}

export const SIGN_IN_PROBLEMS: Record<ReroErrorCode | 'session_ended', SignInProblem> = {
  access_denied: {
    status: 403,
    title: 'You did not allow the sign-in',
    message: 'RERO+ asked whether this library gateway may read your membership details, and the answer was no. To reach your e-resources, sign in again and choose “Authorize”.',
  },
  authorization_error: {
    status: 502,
    title: 'RERO+ refused the sign-in request',
    message: 'RERO+ did not accept how this gateway asked you to sign in. Please try again later; if it keeps happening, tell the library.',
  },
  invalid_state: {
    status: 400,
    title: 'This sign-in link has expired',
    message: 'The sign-in was not started from this browser, took too long, or was already used. Please start again.',
  },
  invalid_grant: {
    status: 400,
    title: 'This sign-in has expired',
    message: 'RERO+ no longer accepts this sign-in (it took too long or was already used). Please start again.',
  },
  invalid_client: {
    status: 502,
    title: 'The gateway is not set up correctly',
    message: 'RERO+ did not recognise this gateway. This is not your fault: please tell the library.',
  },
  unauthorized: {
    status: 502,
    title: 'RERO+ did not give your details',
    message: 'RERO+ signed you in but then refused to share your membership details. Please try again.',
  },
  unreachable: {
    status: 503,
    title: 'RERO+ cannot be reached',
    message: 'The RERO+ sign-in service is not answering right now. Please try again in a few minutes.',
  },
  timeout: {
    status: 504,
    title: 'RERO+ is too slow to answer',
    message: 'The RERO+ sign-in service did not answer in time. Please try again in a few minutes.',
  },
  upstream_error: {
    status: 502,
    title: 'RERO+ had a problem',
    message: 'The RERO+ sign-in service answered with an error. Please try again in a few minutes.',
  },
  bad_response: {
    status: 502,
    title: 'RERO+ sent something unexpected',
    message: 'The answer from RERO+ could not be understood. Please try again; if it keeps happening, tell the library.',
  },
  session_ended: {
    status: 401,
    title: 'Please sign in again',
    message: 'Your RERO+ session has ended — perhaps you signed in on another device or signed out of RERO+. Sign in again to continue.',
  },
};
