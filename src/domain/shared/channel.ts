/** The ways of presenting the service (Annex 2): the portal, the eGov mobile app, second-tier bank apps. */
export type Channel = 'portal' | 'egov-mobile' | 'bank';

export const CHANNELS: readonly Channel[] = ['portal', 'egov-mobile', 'bank'];
