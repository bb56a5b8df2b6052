import { type Kysely, PostgresAdapter } from "kysely";
import type { Dialect } from "./storage.js";

/**
 * Which dialect a handle (or a transaction) speaks, for the one storage difference a feature cannot
 * express in Kysely's builder: full-text search.
 */
// biome-ignore lint/suspicious/noExplicitAny: any Kysely handle, whatever its tables.
export const dialectOf = (db: Kysely<any>): Dialect =>
  db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
