import type { Iin } from '../shared/iin';

/** One stream per account. */
export const numberLinkStreamId = (iin: Iin): string => `number-link-${iin}`;
