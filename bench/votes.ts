/**
 * Reader votes under load, in three measured phases of BENCH_SECONDS on one running app:
 *   1. the article page alone (quiet);
 *   2. votes alone: distinct readers vote on the article at high concurrency, giving the votes/s;
 *   3. votes and page views together: the page's req/s while votes flow, and the votes/s meanwhile
 *      (the app gives votes at most a fifth of its event loop while it serves page views: decision 0012);
 *   4. the article page alone again. The page's req/s in (3) is compared with the mean of (1) and (4):
 *      on these shared machines one quiet run can differ from the next by a third.
 * Then the article's counts must equal exactly the votes the app acknowledged in every phase.
 *
 * The app runs in a child process on a fresh demo database, with its vote thresholds raised to their
 * schema maxima (serve-demo --open-vote-limits): all load comes from 127.0.0.1, so the per-address
 * limit and the per-network hold rule would otherwise throttle (or hold) the benchmark's votes.
 *
 * The load comes from two wrk processes (bench/lib/wrk.ts): one votes through bench/lib/vote-load.lua,
 * the other loads the page. wrk is C; the Node load generator used before (autocannon) took half of
 * the second core, which the app's vote writer thread needs.
 *
 * BENCH_SECONDS (default 10, at least 1) sets the measured duration. BENCH_CPU_PROF=1 writes a CPU
 * profile of the app process to .bench/profiles/.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getSiteSecret } from "../src/features/settings/settings.js";
import { openStorage } from "../src/storage/storage.js";
import { type Announcement, spawnChildServer } from "./lib/child-server.js";
import { onCleanup, runBounded } from "./lib/guard.js";
import { httpGetOk } from "./lib/http-get.js";
import { assertClean, type LoadSummary, runLoad, warmUpAndMeasure } from "./lib/load.js";
import { profilingNodeArgs, readSeconds } from "./lib/options.js";
import { machineInfo, writeResults } from "./lib/results.js";
import { checkCounts, readTally } from "./lib/vote-check.js";
import { runVoteLoad, type VoteLoadResult, voteLoadProblems } from "./lib/vote-load.js";
import { assertWrkInstalled } from "./lib/wrk.js";

const PAGE_CONNECTIONS = 32;
const VOTE_CONNECTIONS = 256;
const WARM_UP_SECONDS = 2;
const TARGET_VOTES_PER_SEC = 5000;
const TARGET_RATIO = 0.5;
// Generous room for migrating, seeding (it generates images) and process start-up.
const STARTUP_ALLOWANCE_SECONDS = 20;

interface DemoAnnouncement extends Announcement {
  database?: string;
  voteLimits?: Record<string, number>;
}

const libScript = (name: string) => fileURLToPath(new URL(`./lib/${name}`, import.meta.url));

/** The first article card on the home page; fetching it also renders and caches it once. */
async function pickArticle(appUrl: string): Promise<{ path: string; slug: string }> {
  const home = await httpGetOk(`${appUrl}/`);
  const match = /<h2[^>]*class="card-title"[^>]*>\s*<a href="\/([^"/]+)\/"/.exec(home.body.toString("utf8"));
  if (!match?.[1]) throw new Error('no article card (<h2 class="card-title"><a href=…>) on the home page');
  const path = `/${match[1]}/`;
  await httpGetOk(`${appUrl}${path}`);
  return { path, slug: match[1] };
}

interface VotingPhase {
  votes: VoteLoadResult;
  page?: LoadSummary;
}

type VoteTarget = { url: string; slug: string; pageUrl: string; secret: string; workDir: string };

/** Votes for `seconds`, and article page views at the same time when `withPage`. */
async function votingPhase(
  app: VoteTarget,
  seconds: number,
  readerTag: string,
  withPage: boolean,
): Promise<VotingPhase> {
  const [votes, page] = await Promise.all([
    runVoteLoad({ ...app, seconds, connections: VOTE_CONNECTIONS, readerTag }),
    withPage ? runLoad({ url: app.pageUrl, seconds, connections: PAGE_CONNECTIONS }) : undefined,
  ]);
  return { votes, page };
}

function pageProblems(label: string, page: LoadSummary): string[] {
  try {
    assertClean(label, page);
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/**
 * The warm-up may see no page completed at all: while the vote writer commits a batch the event loop
 * serves nothing else, and on a busy 2-core machine two seconds can pass that way. Only failures count.
 */
function warmUpPageProblems(label: string, page: LoadSummary | undefined): string[] {
  if (!page) return [];
  if (page.non2xx === 0 && page.errors === 0) return [];
  return [`${label}: ${page.totalRequests} requests, ${page.non2xx} non-2xx, ${page.errors} errors`];
}

const metOrNot = (met: boolean) => (met ? "met" : "NOT met");

async function main(seconds: number): Promise<void> {
  assertWrkInstalled();
  const tmp = await mkdtemp(join(tmpdir(), "masthead-bench-"));
  onCleanup(() => rm(tmp, { recursive: true, force: true }));

  const app = await spawnChildServer<DemoAnnouncement>(libScript("serve-demo.ts"), {
    label: "app",
    args: [tmp, "--open-vote-limits"],
    nodeArgs: profilingNodeArgs(),
  });
  const { database, voteLimits } = app.info;
  if (!database || !voteLimits) throw new Error("serve-demo did not report its database and vote limits");
  console.log(
    "note: vote limits raised to their schema maxima (" +
      Object.entries(voteLimits)
        .map(([name, value]) => `${name} ${value}`)
        .join(", ") +
      "): all load comes from 127.0.0.1, so per-address limits and the per-network hold would throttle it",
  );

  // The parent reads the site secret from the bench database to sign voter cookies itself, and
  // reads the vote rows and counters back at the end. The connection is idle during the load.
  const storage = openStorage({ dialect: "sqlite", path: database });
  onCleanup(() => storage.close());
  const secret = await getSiteSecret(storage.db);

  const article = await pickArticle(app.info.url);
  const pageUrl = `${app.info.url}${article.path}`;
  const before = await readTally(app.info.url, storage.db, article.slug);

  const quietLoad = {
    url: pageUrl,
    seconds,
    connections: PAGE_CONNECTIONS,
    warmUpSeconds: WARM_UP_SECONDS,
  };
  const quietBefore = await warmUpAndMeasure("article page (quiet, before voting)", quietLoad);

  const target = { url: app.info.url, slug: article.slug, pageUrl, secret, workDir: tmp };
  // Warm-up votes are real votes on the same article: they count in the exactness check, not the rate.
  const warmUp = await votingPhase(target, WARM_UP_SECONDS, "w", true);
  const warmUpProblems = [
    ...voteLoadProblems("votes warm-up", warmUp.votes),
    ...warmUpPageProblems("article page warm-up (voting)", warmUp.page),
  ];
  if (warmUpProblems.length > 0) throw new Error(warmUpProblems.join("\n"));
  const alone = await votingPhase(target, seconds, "a", false);
  const mixed = await votingPhase(target, seconds, "m", true);
  const mixedPage = mixed.page as LoadSummary;
  const quietAfter = await runLoad({ url: pageUrl, seconds, connections: PAGE_CONNECTIONS });
  const quietPerSec = (quietBefore.requestsPerSec + quietAfter.requestsPerSec) / 2;

  // Only a clean run (every vote sent acknowledged, checked below) has these readers all acknowledged.
  const acknowledged = new Map([warmUp, alone, mixed].flatMap((phase) => [...phase.votes.votedReaders]));
  const counts = await checkCounts(app.info.url, storage.db, article.slug, before, acknowledged);
  const problems = [
    ...voteLoadProblems("votes alone", alone.votes),
    ...voteLoadProblems("votes with page views", mixed.votes),
    ...pageProblems("article page (voting)", mixedPage),
    ...pageProblems("article page (quiet, after voting)", quietAfter),
    ...counts.problems,
  ];

  const votesPerSec = alone.votes.acknowledgedPerSec;
  const ratio = mixedPage.requestsPerSec / quietPerSec;
  const votesMet = votesPerSec >= TARGET_VOTES_PER_SEC;
  const ratioMet = ratio >= TARGET_RATIO;
  const perSec = (value: number) => `${Math.round(value)} req/s`;
  const voteFigure = (votes: VoteLoadResult) =>
    `${Math.round(votes.acknowledgedPerSec)} acknowledged votes/s (${votes.acknowledged.total} votes in ${votes.seconds.toFixed(1)} s)`;
  console.log(`votes alone: ${voteFigure(alone.votes)}`);
  console.log(
    `votes with the page loaded: ${voteFigure(mixed.votes)}; article page meanwhile ` +
      `${perSec(mixedPage.requestsPerSec)} = ${ratio.toFixed(2)} x quiet (${perSec(quietPerSec)}: ` +
      `${perSec(quietBefore.requestsPerSec)} before voting, ${perSec(quietAfter.requestsPerSec)} after)`,
  );
  console.log(`counts exact: ${counts.exact ? "yes" : "NO"}`);
  console.log(`target ${TARGET_VOTES_PER_SEC} votes/s: ${metOrNot(votesMet)}`);
  console.log(`target ${TARGET_RATIO}: ${metOrNot(ratioMet)}`);

  const withoutReaders = ({ votedReaders: _readers, ...rest }: VoteLoadResult) => rest;
  await writeResults("votes", {
    benchmark: "votes",
    measuredAt: new Date().toISOString(),
    machine: machineInfo(),
    article: article.path,
    voteLimits,
    votesPerSec,
    votesPerSecWithPage: mixed.votes.acknowledgedPerSec,
    countsExact: counts.exact,
    ratio,
    targets: {
      votesPerSec: { target: TARGET_VOTES_PER_SEC, met: votesMet },
      ratio: { target: TARGET_RATIO, met: ratioMet },
    },
    counts,
    problems,
    quiet: { before: quietBefore, after: quietAfter, meanPerSec: quietPerSec },
    alone: { votes: withoutReaders(alone.votes) },
    mixed: { votes: withoutReaders(mixed.votes), page: mixedPage },
    warmUp: { votes: withoutReaders(warmUp.votes), page: warmUp.page },
  });
  if (problems.length > 0) throw new Error(`bench:votes failed:\n  ${problems.join("\n  ")}`);
}

const seconds = readSeconds(process.env.BENCH_SECONDS);
// Quiet (warm-up + measured), the voting warm-up, two voting phases with room to drain, quiet again.
const expectedSeconds = STARTUP_ALLOWANCE_SECONDS + 2 * WARM_UP_SECONDS + 4 * seconds + 30;
runBounded("bench:votes", 3 * expectedSeconds * 1000, () => main(seconds));
