import type { Db } from "../../storage/storage.js";

/**
 * What one feature says about its own data, so backups and restores can be checked without the backup
 * feature reading other features' tables. Each feature that holds records worth checking exports one;
 * `src/site-checks.ts` lists them.
 */
export interface SiteCheck {
  name: string;
  /** Figures a backup and the copy restored from it must agree on exactly (row counts, totals). */
  figures(db: Db): Promise<Record<string, number>>;
  /** Inconsistencies within the data itself, such as a counter that differs from its rows; [] when sound. */
  problems(db: Db): Promise<string[]>;
}

export type SiteFigures = Record<string, Record<string, number>>;

export async function collectFigures(db: Db, checks: readonly SiteCheck[]): Promise<SiteFigures> {
  const figures: SiteFigures = {};
  for (const check of checks) figures[check.name] = await check.figures(db);
  return figures;
}

export async function collectProblems(db: Db, checks: readonly SiteCheck[]): Promise<string[]> {
  const problems: string[] = [];
  for (const check of checks) {
    for (const problem of await check.problems(db)) problems.push(`${check.name}: ${problem}`);
  }
  return problems;
}

/** Where two sets of figures differ, as readable lines; [] when they agree. */
export function figureDifferences(expected: SiteFigures, actual: SiteFigures): string[] {
  const differences: string[] = [];
  for (const [name, figures] of Object.entries(expected)) {
    const keys = new Set([...Object.keys(figures), ...Object.keys(actual[name] ?? {})]);
    for (const key of keys) {
      const want = figures[key] ?? 0;
      const got = actual[name]?.[key] ?? 0;
      if (want !== got) differences.push(`${name} ${key}: backup has ${want}, restored copy has ${got}`);
    }
  }
  return differences;
}
