/** One stream per request. */
export const numberRequestStreamId = (requestId: string): string => `number-request-${requestId}`;
