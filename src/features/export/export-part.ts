import { continueIdsAfterExplicitOnes } from "../../storage/bulk-insert.js";
import type { Db } from "../../storage/storage.js";
import {
  countRows,
  insertPlainRows,
  type PlainRow,
  type TableName,
  tableRows,
} from "../../storage/table-rows.js";

/**
 * One kind of record in an export: one JSON Lines file (`data/<name>.jsonl`), one object a line. Each
 * feature declares the types it owns (see `src/site-exports.ts`), so the export never reads another
 * feature's tables: it asks each type for its rows and hands each type its rows back on import.
 */
export interface ExportType {
  name: string;
  /** About how many rows `rows` will yield (for the progress bar). */
  count(db: Db): Promise<number>;
  /** Every row, in a stable order (so two exports of the same data are the same bytes). */
  rows(db: Db): AsyncIterable<PlainRow>;
  /** Writes a batch of rows read back from an export, in the order they were exported. */
  insert(db: Db, rows: PlainRow[]): Promise<void>;
  /** After the last batch (sequences, derived data). */
  finish?(db: Db): Promise<void>;
  /** A new site already holds some of these (e.g. settings): their presence does not make it "not empty". */
  inNewSites?: boolean;
}

/** A feature's share of the export, its types in the order they must be imported (references first). */
export interface ExportPart {
  feature: string;
  types: readonly ExportType[];
}

export interface TableTypeOptions {
  /** The primary key's columns, which order the rows; left out: an auto-numbered `id`. */
  key?: readonly string[];
  /** Columns that never leave the site (secrets, address hashes), with what an import writes instead. */
  withheld?: Record<string, unknown>;
  /** Runs after each batch is inserted, with the rows as exported (e.g. to rebuild an index). */
  afterInsert?(db: Db, rows: PlainRow[]): Promise<void>;
}

/** The common case: a whole table, row for row, minus its withheld columns. */
export function tableType(name: TableName, options: TableTypeOptions = {}): ExportType {
  const key = options.key ?? ["id"];
  const withheld = options.withheld ?? {};
  const withheldColumns = Object.keys(withheld);
  return {
    name,
    count: (db) => countRows(db, name),
    async *rows(db) {
      for await (const row of tableRows(db, name, key)) {
        for (const column of withheldColumns) delete row[column];
        yield row;
      }
    },
    async insert(db, rows) {
      await insertPlainRows(
        db,
        name,
        rows.map((row) => ({ ...row, ...withheld })),
      );
      await options.afterInsert?.(db, rows);
    },
    // Rows keep their ids, so the numbering must continue after the largest of them.
    ...(options.key ? {} : { finish: (db: Db) => continueIdsAfterExplicitOnes(db, name) }),
  };
}
