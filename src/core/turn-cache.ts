/**
 * A read shared by every call made in one turn of the event loop, per key.
 *
 * Hot public paths re-read a little shared state on every request (the content version, an article's
 * vote counters) so that a change made anywhere, by any instance, shows on the very next request.
 * Requests that the event loop handles in one turn share one read. That keeps the promise: a client
 * that saw a change committed and then sent a request has its request in a later turn's batch of
 * ready sockets, because a socket only becomes ready once the request's first bytes are on it, and
 * that is after the read of any turn that began earlier. Changes made by this process are tracked by
 * `changesHere` (a counter its writers increase): when it moves, the turn's reads are dropped. Writers
 * increase it inside their transaction, before the commit: on PostgreSQL a read by another pooled
 * connection in that window still sees the old state, and code of this process that reads again in
 * the very turn its commit completes may get that read; its next request is a later turn.
 */
export function sharedWithinTurn<V>(
  read: (key: string) => Promise<V>,
  changesHere: () => number,
): (key: string) => Promise<V> {
  let reads: Map<string, Promise<V>> | undefined;
  let readAtChange = 0;
  return (key) => {
    const change = changesHere();
    if (!reads) {
      setImmediate(() => {
        reads = undefined;
      });
    }
    if (!reads || readAtChange !== change) {
      reads = new Map();
      readAtChange = change;
    }
    let value = reads.get(key);
    if (!value) {
      value = read(key);
      reads.set(key, value);
    }
    return value;
  };
}
