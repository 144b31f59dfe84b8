/**
 * Sends many callers' like requests as one statement. A request submitted while `maxInFlight`
 * statements are running waits and goes with the others that waited, as the next statement; a request
 * submitted while fewer run goes at once, alone. So a lone caller waits for nothing, and under load
 * each statement carries what arrived while the last ones ran (issue 11: every statement costs the
 * service a socket write that wakes a database backend, and the database a commit).
 */
export class StatementGroups<Request, Answer> {
  private waiting: Array<Waiting<Request, Answer>> = [];
  private inFlight = 0;

  /**
   * @param send runs one statement for `requests` and answers each, in order: an answer or the
   *   error of that request alone. A rejection fails every request of the group.
   */
  constructor(
    private readonly send: (requests: readonly Request[]) => Promise<ReadonlyArray<Answer | Error>>,
    private readonly options: { readonly maxInFlight: number; readonly maxGroup: number },
  ) {}

  submit(request: Request): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.sendWaiting();
    });
  }

  private sendWaiting(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.options.maxGroup);
      this.inFlight++;
      void this.sendGroup(group).finally(() => {
        this.inFlight--;
        this.sendWaiting();
      });
    }
  }

  private async sendGroup(group: ReadonlyArray<Waiting<Request, Answer>>): Promise<void> {
    try {
      const answers = await this.send(group.map((waiting) => waiting.request));
      group.forEach((waiting, index) => {
        const answer = answers[index];
        if (answer instanceof Error) waiting.reject(answer);
        else if (answer === undefined) waiting.reject(new Error('a grouped statement answered no row'));
        else waiting.resolve(answer);
      });
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
    }
  }
}

interface Waiting<Request, Answer> {
  readonly request: Request;
  resolve(answer: Answer): void;
  reject(error: unknown): void;
}
