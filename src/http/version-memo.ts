/**
 * Remembers a value derived from public content until the content version changes (every write
 * to public content bumps it), so hot paths stop re-reading settings and navigation.
 */
export function memoByContentVersion<T>(
  readVersion: () => Promise<number>,
  load: () => Promise<T>,
): () => Promise<T> {
  let cached: { version: number; value: Promise<T> } | undefined;
  return async () => {
    const version = await readVersion();
    if (cached?.version !== version) {
      const value = load();
      cached = { version, value };
      // A failed load must not be remembered.
      value.catch(() => {
        if (cached?.value === value) cached = undefined;
      });
    }
    return cached.value;
  };
}

/**
 * The content version read at most once per turn of the event loop, for paths that run thousands of
 * times a second and only need rules derived from content (the vote path: thresholds, whether an
 * article is open to votes). Requests handled in one turn arrived together, so they share one read;
 * a change committed before a request was sent is seen by it, give or take the few microseconds in
 * which one turn reads its sockets. Pages keep reading the version on every request.
 */
export function readOncePerTurn(read: () => Promise<number>): () => Promise<number> {
  let current: Promise<number> | undefined;
  return () => {
    if (!current) {
      current = read();
      setImmediate(() => {
        current = undefined;
      });
    }
    return current;
  };
}
