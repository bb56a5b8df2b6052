/** One key's reads: the one under way, and the one that callers arriving meanwhile wait for. */
interface KeyReads<V> {
  key: string;
  running: Promise<V>;
  /** Callers may still join `running`: it started in the current turn, since this process's last change. */
  joinable: boolean;
  startedAtChange: number;
  settled: boolean;
  /** Starts when `running` settles; every caller that came after `running` started shares it. */
  next?: { promise: Promise<V>; start: () => void };
}

/**
 * Reads of a little shared state, shared by the calls that may share them without seeing anything older
 * than a write committed before they were made.
 *
 * Hot public paths re-read a little shared state on every request (the content version, an article's
 * vote counters) so that a change made anywhere, by any instance, shows on the very next request. A
 * call may only share a read that starts after the call was made: such a read sees every commit made
 * before the call, and so before the request arrived. Two cases qualify:
 *
 * - a read started in the same turn of the event loop. A client that saw a change committed and then
 *   sent a request has its request in a later turn's batch of ready sockets, because a socket only
 *   becomes ready once the request's first bytes are on it, and that is after the read of any turn
 *   that began earlier;
 * - a read not started yet: while one read is under way (started in an earlier turn), calls wait for
 *   the next, which starts when it settles. So one read is in flight per key, however many requests
 *   arrive during it: on PostgreSQL, one round trip serves all the requests of a round trip.
 *
 * Changes made by this process are tracked by `changesHere` (a counter its writers increase): when it
 * moves, calls stop joining the read under way. Writers increase it inside their transaction, before
 * the commit: on PostgreSQL a read by another pooled connection in that window still sees the old
 * state, and code of this process that reads again in the very turn its commit completes may get that
 * read; its next request is a later turn.
 */
export function sharedReads<V>(
  read: (key: string) => Promise<V>,
  changesHere: () => number,
): (key: string) => Promise<V> {
  const reads = new Map<string, KeyReads<V>>();
  // Reads started in the current turn: one setImmediate per turn closes them all to new callers rather
  // than a timer per read (reads run on every view of a cached page).
  let startedThisTurn: KeyReads<V>[] = [];

  const forget = (state: KeyReads<V>) => {
    if (reads.get(state.key) === state) reads.delete(state.key);
  };
  const endTurn = () => {
    const started = startedThisTurn;
    startedThisTurn = [];
    for (const state of started) {
      state.joinable = false;
      if (state.settled) forget(state);
    }
  };
  const settle = (state: KeyReads<V>) => {
    state.settled = true;
    if (state.next) state.next.start();
    else if (!state.joinable) forget(state);
  };

  const start = (key: string): Promise<V> => {
    const running = read(key);
    const state: KeyReads<V> = {
      key,
      running,
      joinable: true,
      startedAtChange: changesHere(),
      settled: false,
    };
    reads.set(key, state);
    if (startedThisTurn.length === 0) setImmediate(endTurn);
    startedThisTurn.push(state);
    running.then(
      () => settle(state),
      () => settle(state),
    );
    return running;
  };

  const waitForNext = (key: string, state: KeyReads<V>): Promise<V> => {
    if (!state.next) {
      let begin = () => {};
      const promise = new Promise<V>((resolve) => {
        begin = () => resolve(start(key));
      });
      state.next = { promise, start: begin };
    }
    return state.next.promise;
  };

  return (key) => {
    const state = reads.get(key);
    if (state?.joinable && state.startedAtChange === changesHere()) return state.running;
    if (state && !state.settled) return waitForNext(key, state);
    return start(key);
  };
}
