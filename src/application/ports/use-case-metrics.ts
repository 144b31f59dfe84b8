/** A counter the use cases add to (prom-client's `Counter` has this shape). */
export interface Count<Label extends string> {
  inc(labels: Partial<Record<Label, string>>, value?: number): void;
}

/**
 * What the use cases count for operators (SPEC §1: operators observe the service). Served as
 * Prometheus metrics by the infrastructure; the use cases only add to them.
 */
export abstract class UseCaseMetrics {
  /** Commands by name and outcome: `accepted`, `refused` or `error`. */
  abstract readonly commands: Count<'command' | 'outcome'>;
  /** Refused commands by the refusal's code (SPEC §4). */
  abstract readonly refusals: Count<'command' | 'code'>;
  /** Rules §9: failed confirmations (a wrong code or a failed factor), by the failure's code. */
  abstract readonly otpConfirmationFailures: Count<'code'>;
  /** EDS signatures checked (SPEC R16), by the algorithm the verifier reports and the outcome. */
  abstract readonly edsVerifications: Count<'algorithm' | 'outcome'>;
}
