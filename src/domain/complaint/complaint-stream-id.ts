/** Each complaint is one event stream. */
export const complaintStreamId = (complaintId: string): string => `complaint-${complaintId}`;
