import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Kysely,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  SqliteDriver,
} from "kysely";
import type { Database } from "../database.js";
import { bind, type PreparedQuery, type Statements } from "../statements.js";

export interface SqliteConnection {
  dialect: SqliteDialect;
  raw: SQLite.Database;
}

/**
 * How long a write waits for another connection's transaction before failing with SQLITE_BUSY.
 * better-sqlite3 waits synchronously, so on a server's event loop every request waits with it: there
 * the bound is short (the vote writer's batches commit in milliseconds; a longer wait means something
 * else holds the lock, and the request fails with a 503 rather than freezing the site). Off the event
 * loop (the vote writer's thread, command-line tools) a write may wait its turn for longer.
 */
export const BUSY_TIMEOUT_MS = { eventLoop: 500, offLoop: 5000 } as const;

/**
 * Each connection's page cache grows, page by page, up to its bound and stays there: memory the process
 * holds outside V8, so it is set here rather than left to the build (better-sqlite3 compiles in 16,000
 * KiB). The site's connection reads every page a reader views and keeps the whole bound. The vote
 * writer's touches a few index paths per vote and the pages its inserts fill, which it never reads
 * again: with the site's bound it kept filling with them for hours at a steady vote rate (a bench:soak
 * that read as growth), and at SQLite's own default it wrote as fast (decision 0065).
 */
export const PAGE_CACHE_KIB = { site: 16_000, voteWriter: 2_000 } as const;

/** One connection in WAL mode: readers never block the writer, and a commit is durable once acknowledged. */
export function openSqlite(
  path: string,
  busyTimeoutMs: number = BUSY_TIMEOUT_MS.eventLoop,
  pageCacheKiB: number = PAGE_CACHE_KIB.site,
): SqliteConnection {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const raw = new SQLite(path);
  raw.pragma("journal_mode = WAL");
  // FULL (not NORMAL) so an acknowledged write survives power loss too, not only a process crash.
  raw.pragma("synchronous = FULL");
  raw.pragma("foreign_keys = ON");
  raw.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  // A negative cache_size is a bound in KiB rather than in pages.
  raw.pragma(`cache_size = -${Math.trunc(pageCacheKiB)}`);
  return { dialect: new ImmediateSqliteDialect({ database: reusingStatements(raw) }), raw };
}

/**
 * How much SQL text the kept statements may hold. A statement's compiled program grows with its text, so
 * this bounds their memory (a few hundred shapes of query; a bulk insert's counts as its length).
 */
const KEPT_SQL_CHARACTERS = 2 * 1024 * 1024;

/**
 * Kysely prepares every statement it runs. Parsing is a fifth of a small read's cost (over a
 * millisecond per uncached article page) and of a multi-row insert of thousands of parameters, so
 * statements are kept by their SQL, least recently used dropped first. A reader's statement is busy
 * while it is iterated (a streamed query): a second use meanwhile gets a statement of its own.
 */
export function reusingStatements(raw: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  let keptCharacters = 0;
  return {
    close: () => raw.close(),
    prepare(sql) {
      const statement = kept.get(sql);
      if (statement && !statement.busy) {
        kept.delete(sql);
        kept.set(sql, statement);
        return statement;
      }
      if (statement) return raw.prepare(sql);
      const prepared = raw.prepare(sql);
      kept.set(sql, prepared);
      keptCharacters += sql.length;
      for (const [oldest] of kept) {
        if (keptCharacters <= KEPT_SQL_CHARACTERS) break;
        kept.delete(oldest);
        keptCharacters -= oldest.length;
      }
      return prepared;
    },
  };
}

/**
 * Kysely begins SQLite transactions with a plain BEGIN, which takes the write lock only at the first
 * write. When another connection (the vote writer's thread, or a CLI command) commits in between, that
 * upgrade fails at once with SQLITE_BUSY, without waiting. BEGIN IMMEDIATE takes the lock up front, so
 * the busy timeout applies and the transaction waits its turn instead.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
  }

  override createDriver() {
    return new ImmediateSqliteDriver(this.config);
  }

  override createAdapter() {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * SQLite runs CREATE/ALTER/DROP inside transactions, but Kysely's adapter says it does not, so its
 * migrator would apply a migration statement by statement. Saying so makes each migration (and its
 * bookkeeping row) all-or-nothing, as on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl() {
    return true;
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

/**
 * Transactions of statements prepared once and run directly on the connection. They hold Kysely's
 * connection for their whole length, so no Kysely query of this process can run inside them.
 */
export function sqliteStatementTransactions(
  db: Kysely<Database>,
  raw: SQLite.Database,
  onQuery?: (sql: string, parameters: readonly unknown[]) => void,
) {
  const prepared = new Map<string, SQLite.Statement>();
  const statement = (query: PreparedQuery) => {
    let found = prepared.get(query.sql);
    if (!found) {
      found = raw.prepare(query.sql);
      prepared.set(query.sql, found);
    }
    return found;
  };
  const bound = (query: PreparedQuery, values: Record<string, unknown>) => {
    const parameters = bind(query, values);
    onQuery?.(query.sql, parameters);
    return parameters;
  };
  const statements: Statements = {
    first: async <Row>(query: PreparedQuery, values: Record<string, unknown>) =>
      statement(query).get(...bound(query, values)) as Row | undefined,
    run: async (query, values) => statement(query).run(...bound(query, values)).changes,
  };
  return <T>(work: (statements: Statements) => Promise<T>): Promise<T> =>
    db.connection().execute(async () => {
      raw.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(statements);
        raw.exec("COMMIT");
        return result;
      } catch (error) {
        if (raw.inTransaction) raw.exec("ROLLBACK");
        throw error;
      }
    });
}
