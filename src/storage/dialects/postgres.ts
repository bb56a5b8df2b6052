import { PostgresDialect } from "kysely";
import pg from "pg";

// Our timestamps are epoch milliseconds in BIGINT columns; they fit a JS number exactly.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface PostgresConnection {
  dialect: PostgresDialect;
  pool: pg.Pool;
}

export function openPostgres(url: string, options: { searchPath?: string } = {}): PostgresConnection {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  return { dialect: new PostgresDialect({ pool }), pool };
}
