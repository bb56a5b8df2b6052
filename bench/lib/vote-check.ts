import { findCounterDrift } from "../../src/features/votes/vote.repository.js";
import type { Db } from "../../src/storage/storage.js";
import { httpGetOk } from "./http-get.js";
import type { CastValue } from "./vote-load.js";

/** An article's votes as the API reports them and as its rows in the database stand. */
export interface VoteTally {
  api: { up: number; down: number };
  rows: number;
}

/** What the public API says (`GET /api/v1/articles/:slug/votes`) and how many vote rows the article has. */
export async function readTally(appUrl: string, db: Db, slug: string): Promise<VoteTally> {
  const response = await httpGetOk(`${appUrl}/api/v1/articles/${encodeURIComponent(slug)}/votes`);
  const { up, down } = JSON.parse(response.body.toString("utf8")) as { up: number; down: number };
  const rows = await articleVoteRows(db, slug);
  return { api: { up, down }, rows: rows.length };
}

function articleVoteRows(db: Db, slug: string) {
  return db
    .selectFrom("votes")
    .innerJoin("articles", "articles.id", "votes.article_id")
    .select(["votes.voter_key", "votes.value", "votes.status"])
    .where("articles.slug", "=", slug)
    .execute();
}

export interface CountCheck {
  exact: boolean;
  problems: string[];
  expected: { up: number; down: number; rows: number };
  found: { up: number; down: number; rows: number };
  counterDrift: number;
}

/**
 * The article's counts must be what it had before plus exactly the acknowledged votes: through the
 * API, in the stored counters against the rows (no drift anywhere), and row by row — every
 * acknowledged reader has one counted row with the value they sent, and nobody else was added.
 */
export async function checkCounts(
  appUrl: string,
  db: Db,
  slug: string,
  before: VoteTally,
  acknowledged: ReadonlyMap<string, CastValue>,
): Promise<CountCheck> {
  const problems: string[] = [];
  let up = 0;
  for (const value of acknowledged.values()) if (value === 1) up++;
  const expected = {
    up: before.api.up + up,
    down: before.api.down + (acknowledged.size - up),
    rows: before.rows + acknowledged.size,
  };

  const after = await readTally(appUrl, db, slug);
  const found = { ...after.api, rows: after.rows };
  if (found.up !== expected.up) problems.push(`API up ${found.up}, expected ${expected.up}`);
  if (found.down !== expected.down) problems.push(`API down ${found.down}, expected ${expected.down}`);
  if (found.rows !== expected.rows) problems.push(`${found.rows} vote rows, expected ${expected.rows}`);

  const drift = await findCounterDrift(db);
  for (const d of drift)
    problems.push(
      `article ${d.articleId}: counters ${d.stored.up}/${d.stored.down}, rows say ${d.fromRows.up}/${d.fromRows.down}`,
    );

  let missing = 0;
  let wrong = 0;
  const rows = new Map((await articleVoteRows(db, slug)).map((row) => [row.voter_key, row]));
  for (const [voterKey, value] of acknowledged) {
    const row = rows.get(voterKey);
    if (!row) missing++;
    else if (row.value !== value || row.status !== "counted") wrong++;
  }
  if (missing > 0) problems.push(`${missing} acknowledged votes have no row`);
  if (wrong > 0) problems.push(`${wrong} acknowledged votes stored with another value or not counted`);

  return { exact: problems.length === 0, problems, expected, found, counterDrift: drift.length };
}
