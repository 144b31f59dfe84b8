/**
 * A motivated refusal (Annex 5): a stable machine-readable code and, where useful, details such as
 * `attemptsLeft`. The HTTP layer turns it into `{error: {code, message, details}}`.
 */
export interface Refusal<Code extends string = string> {
  readonly code: Code;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * What a decider answers: the events to record, and — when the command is refused — the refusal.
 * A refused command may still record events (a failed confirmation counts as an attempt, Rules §9).
 */
export type Decision<Event> =
  | { readonly ok: true; readonly events: readonly Event[] }
  | { readonly ok: false; readonly refusal: Refusal; readonly events: readonly Event[] };

export const accept = <Event>(...events: Event[]): Decision<Event> => ({ ok: true, events });

export const refuse = <Event>(
  code: string,
  details?: Record<string, unknown>,
  ...events: Event[]
): Decision<Event> => ({ ok: false, refusal: details ? { code, details } : { code }, events });
