/**
 * Group commit: callers ask to commit one item each; while a commit is running, new requests wait
 * and go together in the next one. Each flush is one durable write, so with n connections sending
 * at once a disk flush serves up to n messages instead of one.
 */
export class CommitGroup {
  private waiting: { id: number; settle: (committed: boolean) => void; fail: (error: unknown) => void }[] =
    [];
  private running = false;

  constructor(private readonly flush: (ids: number[]) => Promise<ReadonlySet<number>>) {}

  /** Resolves true once the item is durably committed, false if the flush did not take it. */
  commit(id: number): Promise<boolean> {
    return new Promise((settle, fail) => {
      this.waiting.push({ id, settle, fail });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.waiting.length > 0) {
      // Let every connection whose reply is already in (read in this turn of the event loop) join:
      // on SQLite the flush blocks the loop, so without this each group would hold one message.
      await new Promise((resolve) => setImmediate(resolve));
      const group = this.waiting.splice(0);
      try {
        const committed = await this.flush(group.map((entry) => entry.id));
        for (const entry of group) entry.settle(committed.has(entry.id));
      } catch (error) {
        for (const entry of group) entry.fail(error);
      }
    }
    this.running = false;
  }
}
