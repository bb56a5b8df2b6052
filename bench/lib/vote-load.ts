import { performance } from "node:perf_hooks";
import fastifyCookie from "@fastify/cookie";
import autocannon from "autocannon";
import { VOTER_COOKIE } from "../../src/features/votes/voter-cookie.js";

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
}

export interface VoteLoadResult {
  /** From the start of the load to the last answer, in seconds. */
  seconds: number;
  sent: number;
  answered: number;
  /** Answered 2xx with the vote counted as cast (`mine` is the value sent, not held). */
  acknowledged: { up: number; down: number; total: number };
  acknowledgedPerSec: number;
  /** Voter key ("anon:<id>") → value, for every acknowledged vote. */
  acknowledgedVoters: Map<string, CastValue>;
  /** Answered 2xx, but the body does not say the vote was counted as sent. */
  unconfirmed: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/**
 * The autocannon client fields the graceful stop below relies on. They are autocannon 9 internals
 * (lib/httpClient.js), not its public API; if they ever change, the stop fails to happen, the run hits
 * its duration cap with votes in flight, and `sent !== answered` fails the benchmark loudly.
 */
interface ClientInternals {
  reqsMade: number;
  responseMax: number | undefined;
}

/** How long the in-flight votes may take to be answered once voting stops, before autocannon cuts them. */
const DRAIN_ALLOWANCE_SECONDS = 30;

/** Every fifth vote is a downvote, the rest upvotes: deterministic, and both counters move. */
export const valueOfVote = (index: number): CastValue => (index % 5 === 4 ? -1 : 1);

/** A voter id as the app issues them (22 characters of [A-Za-z0-9_-]), unique per tag and index. */
const voterId = (tag: string, index: number) => `${tag}${index.toString(36).padStart(21, "0")}`;

/**
 * Votes at full speed on one article, every request from a different reader: each carries a voter
 * cookie minted here, signed with the site secret exactly as @fastify/cookie signs the ones the app
 * issues, instead of one GET per reader beforehand. Stops gracefully: once `seconds` are up no
 * connection starts another vote, and the run ends when every vote sent has been answered, so every
 * vote the app committed is one this side saw acknowledged.
 */
export async function runVoteLoad(options: VoteLoadOptions): Promise<VoteLoadResult> {
  const { url, slug, secret, seconds, connections, readerTag } = options;
  if (new URL(url).hostname !== "127.0.0.1") throw new Error(`refusing to load ${url}: only 127.0.0.1`);
  if (!/^[\w-]$/.test(readerTag))
    throw new Error(`readerTag must be one character of [\\w-], not "${readerTag}"`);
  const path = `/api/v1/articles/${encodeURIComponent(slug)}/votes`;
  const bodies = { 1: Buffer.from('{"value":1}'), [-1]: Buffer.from('{"value":-1}') };

  let sent = 0;
  let answered = 0;
  let unconfirmed = 0;
  let lastAnswerAt = 0;
  const acknowledged = { up: 0, down: 0, total: 0 };
  const acknowledgedVoters = new Map<string, CastValue>();

  type VoteContext = { voterKey?: string; value?: CastValue };
  const setupRequest = (request: autocannon.Request, context: VoteContext): autocannon.Request => {
    const index = sent++;
    const id = voterId(readerTag, index);
    const value = valueOfVote(index);
    context.voterKey = `anon:${id}`;
    context.value = value;
    // encodeURIComponent as the app's Set-Cookie does: the base64 signature may hold "+" and "/".
    const cookie = `${VOTER_COOKIE}=${encodeURIComponent(fastifyCookie.sign(id, secret))}`;
    return {
      ...request,
      method: "POST",
      path,
      headers: { "content-type": "application/json", cookie },
      body: bodies[value],
    };
  };
  // With pipelining 1 a connection has one vote in flight, and its context is that vote's until the
  // answer has been handed here (autocannon resets it only when it builds the next request).
  const onResponse = (status: number, body: string, context: VoteContext) => {
    answered++;
    lastAnswerAt = performance.now();
    const { voterKey, value } = context;
    if (status < 200 || status >= 300 || voterKey === undefined || value === undefined) return;
    if (!confirmsCounted(body, value)) {
      unconfirmed++;
      return;
    }
    acknowledgedVoters.set(voterKey, value);
    acknowledged.total++;
    if (value === 1) acknowledged.up++;
    else acknowledged.down++;
  };

  const clients: ClientInternals[] = [];
  const startedAt = performance.now();
  const stopVoting = setTimeout(() => {
    // No connection starts another vote; each ends once its vote in flight is answered.
    for (const client of clients) client.responseMax = Math.max(1, client.reqsMade);
  }, seconds * 1000);
  try {
    const result = await autocannon({
      url: `${url}${path}`,
      connections,
      pipelining: 1,
      // Only a cap: the stop above ends the run once the last vote is answered.
      duration: seconds + DRAIN_ALLOWANCE_SECONDS,
      setupClient: (client) => clients.push(client as unknown as ClientInternals),
      requests: [
        {
          setupRequest: setupRequest as (request: autocannon.Request, context: object) => autocannon.Request,
          onResponse: onResponse as (status: number, body: string, context: object) => void,
        },
      ],
    });
    const elapsedSeconds = ((lastAnswerAt || performance.now()) - startedAt) / 1000;
    return {
      seconds: elapsedSeconds,
      sent,
      answered,
      acknowledged,
      acknowledgedPerSec: acknowledged.total / elapsedSeconds,
      acknowledgedVoters,
      unconfirmed,
      statusCounts: Object.fromEntries(
        Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]),
      ),
      errors: result.errors,
      timeouts: result.timeouts,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
    };
  } finally {
    clearTimeout(stopVoting);
  }
}

/** The API answers a vote with the article's summary plus `mine` (the reader's vote now) and `held`. */
function confirmsCounted(body: string, value: CastValue): boolean {
  try {
    const parsed = JSON.parse(body) as { mine?: unknown; held?: unknown };
    return parsed.mine === value && parsed.held === false;
  } catch {
    return false;
  }
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
    problems.push(`${label}: ${run.unconfirmed} votes answered 2xx without being counted as sent`);
  if (run.acknowledged.total === 0) problems.push(`${label}: no vote acknowledged`);
  return problems;
}
