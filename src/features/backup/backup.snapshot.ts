import { spawn } from "node:child_process";
import SQLite from "better-sqlite3";
import { BackupRefused } from "./backup.errors.js";

/**
 * A consistent copy of a live SQLite database through its online backup API, from a connection of its
 * own. Pages are copied a twentieth at a time so progress can be shown. A write by another connection
 * between two steps makes SQLite start the copy over; after such a restart the rest is copied in one
 * step, under one read transaction, which writers (in WAL mode) neither wait for nor disturb. The copy
 * is therefore the database as one instant left it: every write committed before that instant, none
 * after.
 */
export async function snapshotSqlite(
  source: string,
  destination: string,
  onPages: (copied: number, total: number) => void = () => {},
): Promise<void> {
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    let restarted = false;
    let lastRemaining = Number.POSITIVE_INFINITY;
    await db.backup(destination, {
      progress({ totalPages, remainingPages }) {
        if (remainingPages > lastRemaining) restarted = true;
        lastRemaining = remainingPages;
        onPages(totalPages - remainingPages, totalPages);
        return restarted ? totalPages : Math.max(100, Math.ceil(totalPages / 20));
      },
    });
  } finally {
    db.close();
  }
}

/** Runs a PostgreSQL client program; a missing program is named with how to install it. */
export function runPostgresTool(program: "pg_dump" | "pg_restore", args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString("utf8");
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new BackupRefused(
              `${program} is not installed; PostgreSQL backups need the PostgreSQL client programs (Debian: apt-get install postgresql-client).`,
            )
          : error,
      );
    });
    child.on("close", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new BackupRefused(`${program} failed (exit ${code}): ${errors.trim().split("\n").at(-1) ?? ""}`),
        );
    });
  });
}

/**
 * A dump of one PostgreSQL schema in pg_dump's custom format, taken in `snapshot` (exported by a
 * repeatable-read transaction of ours with pg_export_snapshot()): the dump then holds exactly what that
 * transaction sees, so figures read in it describe the dump.
 */
export function snapshotPostgres(url: string, schema: string, snapshot: string, destination: string) {
  return runPostgresTool("pg_dump", [
    "--format=custom",
    "--no-owner",
    "--no-privileges",
    `--snapshot=${snapshot}`,
    `--schema=${schema}`,
    `--file=${destination}`,
    `--dbname=${url}`,
  ]);
}
