import { SizedCache } from "../../core/sized-cache.js";
import type { Storage } from "../../storage/storage.js";
import { type ListFilter, listVisibleArticleIds, nextScheduledPublication } from "./article.repository.js";

/** Room for the lists' ids (4 bytes each): every list of a 1-million-article site at once, about. */
const DEFAULT_BUDGET_BYTES = 8 * 1024 * 1024;

interface Positions {
  version: number;
  /** The list stays as read until this time (the next scheduled article comes due), or the version moves. */
  validUntil: number;
  ids: Int32Array;
}

const keyOf = (filter: ListFilter) =>
  "categoryId" in filter
    ? `category ${filter.categoryId}`
    : "tagId" in filter
      ? `tag ${filter.tagId}`
      : "authorId" in filter
        ? `author ${filter.authorId}`
        : "all";

/**
 * The ids of each public list's articles in list order, read once per content version: page N of any
 * list is then a slice and a primary-key read of its rows, however deep N is — never an OFFSET scan of
 * everything before it. Lists are kept by recent use within a byte budget (4 bytes an article); the
 * budget bounds the memory whatever the archive's size, and a list beyond it is simply read again.
 */
export class ListPositions {
  /** Kept lists, by recent use; /metrics reports their size. */
  readonly lists: SizedCache<string, Positions>;
  private readonly reading = new Map<string, Promise<Positions>>();

  constructor(
    private readonly storage: Pick<Storage, "db" | "readContentVersion">,
    budgetBytes = DEFAULT_BUDGET_BYTES,
  ) {
    this.lists = new SizedCache(budgetBytes);
  }

  /** The ids of page `page` (from 1) and one more when a next page exists; none past the end. */
  async pageIds(query: {
    now: number;
    page: number;
    perPage: number;
    filter: ListFilter;
  }): Promise<number[]> {
    const { ids } = await this.positions(query.filter, query.now);
    const start = (query.page - 1) * query.perPage;
    return Array.from(ids.subarray(start, start + query.perPage + 1));
  }

  private async positions(filter: ListFilter, now: number): Promise<Positions> {
    const key = keyOf(filter);
    const version = await this.storage.readContentVersion();
    const known = this.lists.get(key);
    if (known && known.version === version && now < known.validUntil) return known;
    const readingKey = `${key} ${version}`;
    let read = this.reading.get(readingKey);
    if (!read) {
      read = this.read(key, filter, version, now).finally(() => this.reading.delete(readingKey));
      this.reading.set(readingKey, read);
    }
    return read;
  }

  private async read(key: string, filter: ListFilter, version: number, now: number): Promise<Positions> {
    const [ids, validUntil] = await Promise.all([
      listVisibleArticleIds(this.storage.db, { now, filter }),
      nextScheduledPublication(this.storage.db, now),
    ]);
    const positions = { version, validUntil, ids: Int32Array.from(ids) };
    this.lists.set(key, positions, positions.ids.byteLength);
    return positions;
  }
}
