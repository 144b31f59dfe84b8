export const ROLES = [
  'channel:portal',
  'channel:egov-mobile',
  'channel:bank',
  'reviewer',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export type Channel = 'portal' | 'egov-mobile' | 'bank';

/** Who calls: the principal an API key maps to, with its one role (SPEC §4). */
export interface Principal {
  readonly id: string;
  readonly role: Role;
  /** The bank a `channel:bank` principal acts for. */
  readonly bankId?: string;
}

export function channelOf(principal: Principal): Channel | undefined {
  switch (principal.role) {
    case 'channel:portal':
      return 'portal';
    case 'channel:egov-mobile':
      return 'egov-mobile';
    case 'channel:bank':
      return 'bank';
    default:
      return undefined;
  }
}
