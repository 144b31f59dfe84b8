/**
 * The bodies a complaint can be with (Rules §10): the service provider whose decision, action or
 * inaction is appealed, and the bodies considering the complaint — the higher administrative body
 * and the authorized body for assessment and control over the quality of public services.
 */
export type ComplaintBody = 'service_provider' | 'higher_body' | 'quality_authority';

/** Rules §10: a complaint is filed with the service provider, or with the quality authority directly. */
export type FilingBody = Extract<ComplaintBody, 'service_provider' | 'quality_authority'>;

/** The bodies that register a complaint after it was filed elsewhere (SPEC §4, `registration.body`). */
export type RegisteringBody = Extract<ComplaintBody, 'quality_authority' | 'higher_body'>;

/** Rules §10: the service provider forwards the complaint to the body considering it, never to itself. */
export const isConsideringBody = (body: ComplaintBody): boolean => body !== 'service_provider';

export type ComplaintOutcome = 'satisfied' | 'partially_satisfied' | 'rejected';
