import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import fastifyCookie from "@fastify/cookie";
import { VOTER_COOKIE } from "../../src/features/votes/voter-cookie.js";
import { libFile, runWrk } from "./wrk.js";

export type CastValue = 1 | -1;

export interface VoteLoadOptions {
  /** The app's origin, e.g. http://127.0.0.1:1234. */
  url: string;
  slug: string;
  /** The site secret the app signs its voter cookies with. */
  secret: string;
  /** Voting stops being started after this many seconds; the votes then in flight are still answered. */
  seconds: number;
  connections: number;
  /** One character that sets this run's readers apart from another run's on the same database. */
  readerTag: string;
  /** Where the voter cookie file goes. */
  workDir: string;
}

export interface VoteLoadResult {
  /** From the first vote sent to the last answer, in seconds. */
  seconds: number;
  sent: number;
  sentByValue: { up: number; down: number };
  answered: number;
  /** Answered 2xx with the vote counted as cast (`mine` is the value sent, not held). */
  acknowledged: { up: number; down: number; total: number };
  acknowledgedPerSec: number;
  /** Voter key ("anon:<id>") → value, for every reader who voted: all of them acknowledged when the run is clean. */
  votedReaders: Map<string, CastValue>;
  /** Answered, but not 2xx with the vote counted as sent. */
  unconfirmed: number;
  /** The run needed more readers than the cookie file holds. */
  ranOutOfReaders: boolean;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/** How long the votes in flight may take to be answered once voting stops. */
const DRAIN_ALLOWANCE_SECONDS = 3;
/** Readers minted per second of voting: well above what one app process on two cores answers (20,000 ran out, 4 December 2026). */
const READERS_PER_SECOND = 60_000;

/** Every fifth vote is a downvote, the rest upvotes: deterministic, and both counters move. */
export const valueOfVote = (index: number): CastValue => (index % 5 === 4 ? -1 : 1);

/** A voter id as the app issues them (22 characters of [A-Za-z0-9_-]), unique per tag and index. */
export const voterId = (tag: string, index: number) => `${tag}${index.toString(36).padStart(21, "0")}`;

/**
 * A reader's voter cookie, signed with the site secret exactly as @fastify/cookie signs the ones the
 * app issues (and URL-encoded as its Set-Cookie does), instead of one GET per reader beforehand.
 */
export const voterCookie = (id: string, secret: string) =>
  `${VOTER_COOKIE}=${encodeURIComponent(fastifyCookie.sign(id, secret))}`;

async function writeVoterCookies(file: string, tag: string, count: number, secret: string): Promise<void> {
  const lines: string[] = [];
  for (let index = 0; index < count; index++) lines.push(voterCookie(voterId(tag, index), secret));
  await writeFile(file, `${lines.join("\n")}\n`);
}

/**
 * Votes at full speed on one article through wrk and bench/lib/vote-load.lua, every request from a
 * different reader. Voting stops after `seconds`, and the run ends only once every vote sent has been
 * answered, so every vote the app committed is one this side saw answered.
 */
export async function runVoteLoad(options: VoteLoadOptions): Promise<VoteLoadResult> {
  const { url, slug, secret, seconds, connections, readerTag } = options;
  if (!/^[\w-]$/.test(readerTag))
    throw new Error(`readerTag must be one character of [\\w-], not "${readerTag}"`);
  const cookieFile = join(options.workDir, `voters-${readerTag}.txt`);
  await writeVoterCookies(cookieFile, readerTag, Math.ceil(seconds * READERS_PER_SECOND), secret);
  const report = await runWrk({
    url,
    seconds: seconds + DRAIN_ALLOWANCE_SECONDS,
    connections,
    script: libFile("vote-load.lua"),
    scriptArgs: [cookieFile, String(seconds), `/api/v1/articles/${encodeURIComponent(slug)}/votes`],
  });
  const counts = report as unknown as VoteCounts;
  const votedReaders = new Map<string, CastValue>();
  for (let index = 0; index < counts.sent; index++) {
    votedReaders.set(`anon:${voterId(readerTag, index)}`, valueOfVote(index));
  }
  const acknowledged = {
    up: counts.acknowledgedUp,
    down: counts.acknowledgedDown,
    total: counts.acknowledgedUp + counts.acknowledgedDown,
  };
  return {
    seconds: counts.votingSeconds,
    sent: counts.sent,
    sentByValue: { up: counts.sentUp, down: counts.sentDown },
    answered: counts.answered,
    acknowledged,
    acknowledgedPerSec: counts.votingSeconds > 0 ? acknowledged.total / counts.votingSeconds : 0,
    votedReaders,
    unconfirmed: counts.unconfirmed,
    ranOutOfReaders: counts.outOfReaders > 0,
    statusCounts: counts.statusCounts,
    errors: report.connectErrors + report.readErrors + report.writeErrors + report.timeouts,
    timeouts: report.timeouts,
    latencyP50Ms: report.latencyP50Us / 1000,
    latencyP99Ms: report.latencyP99Us / 1000,
  };
}

/** What vote-load.lua adds to wrk's report. */
interface VoteCounts {
  sent: number;
  sentUp: number;
  sentDown: number;
  answered: number;
  acknowledgedUp: number;
  acknowledgedDown: number;
  unconfirmed: number;
  outOfReaders: number;
  statusCounts: Record<string, number>;
  votingSeconds: number;
}

/** Everything that makes a vote run's figures untrustworthy, as readable sentences; empty when clean. */
export function voteLoadProblems(label: string, run: VoteLoadResult): string[] {
  const problems: string[] = [];
  const non2xx = Object.entries(run.statusCounts).filter(([code]) => !code.startsWith("2"));
  if (non2xx.length > 0)
    problems.push(`${label}: non-2xx answers ${non2xx.map(([code, n]) => `${n} x ${code}`).join(", ")}`);
  if (run.errors > 0) problems.push(`${label}: ${run.errors} errors (${run.timeouts} timeouts)`);
  if (run.sent !== run.answered)
    problems.push(`${label}: ${run.sent} votes sent but ${run.answered} answered`);
  if (run.unconfirmed > 0)
    problems.push(`${label}: ${run.unconfirmed} votes answered without being counted as sent`);
  const { up, down } = run.sentByValue;
  if (run.acknowledged.up !== up || run.acknowledged.down !== down)
    problems.push(
      `${label}: sent ${up} up and ${down} down, acknowledged ${run.acknowledged.up} up and ${run.acknowledged.down} down`,
    );
  if (run.ranOutOfReaders) problems.push(`${label}: ran out of readers (raise READERS_PER_SECOND)`);
  if (run.acknowledged.total === 0) problems.push(`${label}: no vote acknowledged`);
  return problems;
}
