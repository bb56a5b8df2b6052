import { PostgresDialect } from "kysely";
import type pg from "pg";
import { copyingClient } from "./postgres-copy.js";

interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface PostgresConnection {
  dialect: PostgresDialect;
  /** The pool, made by the first query (Kysely's or a row reader's), so pg loads only on PostgreSQL. */
  pool(): Promise<pg.Pool>;
  /** The pool's counts; all zero before the first query made it. */
  poolStats(): PoolStats;
}

export function openPostgres(url: string, options: { searchPath?: string } = {}): PostgresConnection {
  let made: pg.Pool | undefined;
  let making: Promise<pg.Pool> | undefined;
  const pool = () => {
    making ??= createPool(url, options).then((created) => {
      made = created;
      return created;
    });
    return making;
  };
  return {
    // Kysely ends the pool it was given on destroy, as it did when it was handed the pool itself.
    dialect: new PostgresDialect({ pool }),
    pool,
    poolStats: () => ({
      total: made?.totalCount ?? 0,
      idle: made?.idleCount ?? 0,
      waiting: made?.waitingCount ?? 0,
    }),
  };
}

async function createPool(url: string, options: { searchPath?: string }): Promise<pg.Pool> {
  const { default: pg } = await import("pg");
  // Our timestamps are epoch milliseconds in BIGINT columns; they fit a JS number exactly.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  return new pg.Pool({
    Client: await copyingClient(pg.Client),
    connectionString: url,
    max: 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
}
