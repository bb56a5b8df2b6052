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
