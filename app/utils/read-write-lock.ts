/**
 * Readers share, a writer is alone, and whoever asks first goes first: a reader that asks after
 * a waiting writer waits for it (so a stream of readers never starves the writer), and a writer
 * waits for the readers already in. Within one process, for data that a reader reads across
 * awaits (a long computation that lets other requests run between slices).
 */
export class ReadWriteLock {
  private readers = 0;
  private writing = false;
  private readonly waiting: { write: boolean; start: () => void }[] = [];

  read<T>(work: () => Promise<T> | T): Promise<T> {
    return this.run(false, work);
  }

  write<T>(work: () => Promise<T> | T): Promise<T> {
    return this.run(true, work);
  }

  private async run<T>(write: boolean, work: () => Promise<T> | T): Promise<T> {
    if (this.waiting.length > 0 || !this.free(write)) {
      await new Promise<void>((start) => this.waiting.push({ write, start }));
    } else this.enter(write);
    try {
      return await work();
    } finally {
      if (write) this.writing = false;
      else this.readers--;
      this.admit();
    }
  }

  private free(write: boolean): boolean {
    return !this.writing && (!write || this.readers === 0);
  }

  private enter(write: boolean): void {
    if (write) this.writing = true;
    else this.readers++;
  }

  /** Lets in, in order, everyone at the front of the queue who can go now. */
  private admit(): void {
    while (this.waiting.length > 0 && this.free(this.waiting[0]!.write)) {
      const next = this.waiting.shift()!;
      this.enter(next.write);
      next.start();
    }
  }
}
