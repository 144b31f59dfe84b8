import type { Actor } from '../domain/shared/domain-event';

/** The actor of what numlink does by itself: expiry sweeps, connection follow-ups, missed deadlines. */
export const SYSTEM_ACTOR: Actor = { principal: 'numlink', role: 'system' };
