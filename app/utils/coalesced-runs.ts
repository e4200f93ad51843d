/**
 * Runs a job in the background, one run at a time, however often it is asked for. A request
 * while a run is under way starts one more run after it (the run under way may have looked
 * already); requests while that one waits add nothing, since it has not looked yet. So every
 * request is followed by a run that starts after it, and a burst of a hundred costs two runs.
 * A run gets the argument of the latest request before it started.
 */
export class CoalescedRuns<A> {
  private tail: Promise<void> = Promise.resolve();
  private waiting: { arg: A } | undefined;

  constructor(
    private readonly job: (arg: A) => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  request(arg: A): void {
    if (this.waiting) {
      this.waiting.arg = arg;
      return;
    }
    const next = { arg };
    this.waiting = next;
    this.tail = this.tail
      .then(() => {
        this.waiting = undefined;
        return this.job(next.arg);
      })
      .then(
        () => undefined,
        (error: unknown) => this.onError(error),
      );
  }

  /** Resolves once the runs requested so far are done. */
  done(): Promise<void> {
    return this.tail;
  }
}
