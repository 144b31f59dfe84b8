import type { NumberRequestState } from '../domain/number-request/state';
import type { Refusal } from '../domain/shared/refusal';

/** SPEC §4: a request belongs to the principal that created it; to anyone else it does not exist. */
export function notOwnedBy(principal: string): (state: NumberRequestState) => Refusal | undefined {
  return (state) =>
    state.status === 'none' || state.principal !== principal ? { code: 'not_found' } : undefined;
}
