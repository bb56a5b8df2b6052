import { MAX_NESTING, type PublicComment } from "./comment.js";

export interface ThreadNode {
  /** null: a comment that is not public (removed, held) but has public replies. */
  comment: PublicComment | null;
  id: number;
  replies: ThreadNode[];
  /** Set on replies listed flat below the nesting limit: whom they answer. */
  inReplyTo?: string;
}

/**
 * Builds the displayed tree from the comments of some threads (any status, oldest first): public
 * comments nest under their parents down to MAX_NESTING levels; deeper replies join the deepest
 * level, in time order, saying whom they answer. A non-public comment stays as an empty placeholder
 * only when public replies hang below it.
 */
export function buildThreads(
  rows: readonly (PublicComment & { threadId: number })[],
  isPublic: (comment: PublicComment) => boolean,
  threadOrder: readonly number[],
): ThreadNode[] {
  const nodes = new Map<number, ThreadNode>();
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const row of rows) nodes.set(row.id, { id: row.id, comment: isPublic(row) ? row : null, replies: [] });
  // A placeholder is kept only if some public comment lies below it.
  const needed = new Set<number>();
  for (const row of rows) {
    if (!isPublic(row)) continue;
    for (
      let at: typeof row | undefined = row;
      at && !needed.has(at.id);
      at = at.parentId === null ? undefined : byId.get(at.parentId)
    ) {
      needed.add(at.id);
    }
  }
  for (const row of rows) {
    if (!needed.has(row.id) || row.parentId === null) continue;
    const node = nodes.get(row.id);
    let parent = byId.get(row.parentId);
    if (!node || !parent) continue;
    if (row.depth >= MAX_NESTING) {
      node.inReplyTo = parent.authorName ?? "deleted reader";
      if (!isPublic(parent)) node.inReplyTo = "an earlier comment";
      while (parent && parent.depth > MAX_NESTING - 2)
        parent = parent.parentId === null ? undefined : byId.get(parent.parentId);
    }
    if (parent) nodes.get(parent.id)?.replies.push(node);
  }
  return threadOrder.flatMap((id) => {
    const node = nodes.get(id);
    return node && needed.has(id) ? [node] : [];
  });
}
