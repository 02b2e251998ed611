/** What the connection pages' server actions hand to their client components: plain, serializable, already translated, never a secret. */

export interface ConnectionFormState {
  status: 'idle' | 'invalid';
  /** One sentence about the whole form. */
  message?: string;
  /** Field name (`clientSecret`, `endpoints.token`) → what is wrong with it. */
  errors?: Record<string, string>;
  /** Problems that belong to no one field. */
  problems?: string[];
  /** The submitted values that are not secrets, so the form keeps them; secrets are never sent back. */
  values?: Record<string, string>;
  /** Secrets were typed and are not kept: they must be typed again. */
  secretsCleared?: boolean;
  /** Counts the answers: the form is drawn anew for each (React's reset after an action would put a <select> back to its first option). */
  attempt?: number;
}

export interface SigelView {
  code: string;
  name?: string;
  level: 0 | 1 | 2;
  /** The level in words. */
  levelText: string;
  active: boolean;
  globalRegistrant: boolean;
}

/** "Test connection", in words: whether it works, the token's expiry and scope, what the provider says, warnings, and why not. */
export interface TestView {
  ok: boolean;
  headline: string;
  checked: string;
  expires?: string;
  scope?: string;
  /** The extra token parameters asked for (audience, resource, scope). */
  parameters: { name: string; value: string }[];
  detailsTitle: string;
  account?: string;
  sigels?: SigelView[];
  /** The provider's own lines, when there is no sigel table. */
  lines: string[];
  warnings: string[];
  failure?: { code: string; sentence: string; detail: string };
}

export interface TestState {
  status: 'idle' | 'done' | 'refused';
  message?: string;
  result?: TestView;
}
