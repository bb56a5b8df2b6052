import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `masthead start` and resolves once it prints that it is running; `output` collects its
 * stderr; `nodeArgs` go to node itself (and so to every worker it forks).
 */
export function startServerProcess(
  env: Record<string, string>,
  output: { stderr: string } = { stderr: "" },
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", CLI, "start"], {
      env: { ...process.env, LOG_LEVEL: "silent", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Masthead is running")) resolve(child);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output.stderr += chunk.toString();
    });
    child.on("exit", (code) => reject(new Error(`server exited early with ${code}: ${output.stderr}`)));
  });
}

/** The first article on the home page and its votes API URL. */
export async function firstArticleVotesApi(base: string): Promise<string> {
  const home = await (await fetch(`${base}/`)).text();
  const slug = /<h2 class="card-title"><a href="\/([a-z0-9-]+)\/">/.exec(home)?.[1];
  if (!slug) throw new Error("no article on the home page");
  return `${base}/api/v1/articles/${slug}/votes`;
}

/** One voter cookie per reader, from GETs of the votes API. */
export function voterCookies(api: string, readers: number): Promise<string[]> {
  return Promise.all(
    Array.from(
      { length: readers },
      async () => (await fetch(api)).headers.get("set-cookie")?.split(";")[0] ?? "",
    ),
  );
}

/** Every reader votes at once (a quarter down, the rest up); returns the pending responses. */
export function castVotes(api: string, cookies: string[]): Promise<Response>[] {
  return cookies.map((cookie, i) =>
    fetch(api, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ value: i % 4 === 0 ? -1 : 1 }),
    }),
  );
}

export async function voteAtOnce(api: string, readers: number): Promise<Response[]> {
  return Promise.all(castVotes(api, await voterCookies(api, readers)));
}
