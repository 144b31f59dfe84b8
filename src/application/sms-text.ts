/** R15: the SMS is the one place the code appears in clear. */
export function smsTextFor(code: string, ttlMinutes: number): string {
  const minutes = ttlMinutes === 1 ? '1 minute' : `${ttlMinutes} minutes`;
  return `numlink: your code is ${code}. It is valid for ${minutes}. Do not tell it to anyone.`;
}

/** The code in a text made by `smsTextFor` (tests and the benchmark read it back), or undefined. */
export function otpInSmsText(text: string): string | undefined {
  return /your code is (\d{6})\./.exec(text)?.[1];
}
