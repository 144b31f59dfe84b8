/** The identity registry file cannot be used; the message names the file and the problem, never an IIN. */
export class IdentityRegistryFileError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`identity registry file ${path}: ${problem}`);
    this.name = 'IdentityRegistryFileError';
  }
}
