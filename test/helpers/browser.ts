import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type Browser, chromium, type Page } from "playwright-core";
import type Stripe from "stripe";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { type Clock, systemClock } from "../../src/core/clock.js";
import { seedDemoContent } from "../../src/features/demo/demo-seed.js";
import type { Mailer } from "../../src/features/mail/mailer.js";
import { localMediaStore } from "../../src/storage/local-media-store.js";
import { migrateToLatest } from "../../src/storage/migrations/index.js";
import { openStorage, type Storage } from "../../src/storage/storage.js";
import { TEST_PASSWORD } from "./staff.js";

/** Where the Chromium binary is expected: `CHROMIUM_PATH`, else Debian's package. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

/**
 * Whether a browser test can run. In CI a missing Chromium is an error (the test must not pass
 * silently); on a developer machine without it, the test is skipped and this returns false.
 */
export function requireChromium(t: TestContext): boolean {
  const path = chromiumPath();
  if (existsSync(path)) return true;
  if (process.env.CI) {
    throw new Error(
      `Chromium not found at ${path}: install it (apt-get install chromium) or set CHROMIUM_PATH. ` +
        "Browser tests are required in CI.",
    );
  }
  t.skip("chromium not installed");
  return false;
}

/** How long a Chromium or a site may take to close before the test stops waiting for it. */
const CLOSE_GRACE_MS = 15_000;

/** Whether `promise` settled (either way) within `ms`; the timer holds no process open. */
const settlesWithin = (promise: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    sleep(ms, false, { ref: false }),
  ]);

/** A launched Chromium and the way to stop it for certain. */
export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * A headless Chromium, driven by playwright-core, with no network chatter of its own (plus `extraArgs`).
 * Launched as a browser server so that its process can be killed: a wedged Chromium never answers
 * `browser.close()`, and once (in CI, on Node 24) that kept a test file waiting for 70 minutes.
 */
export async function startBrowser(extraArgs: readonly string[] = []): Promise<LaunchedBrowser> {
  const server = await chromium.launchServer({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      ...extraArgs,
    ],
  });
  const close = async () => {
    if (await settlesWithin(server.close(), CLOSE_GRACE_MS)) return;
    console.error(`Chromium (pid ${server.process().pid}) did not close within ${CLOSE_GRACE_MS} ms: killed`);
    await server.kill();
  };
  try {
    return { browser: await chromium.connect(server.wsEndpoint()), close };
  } catch (error) {
    await server.kill();
    throw error;
  }
}

/** `startBrowser`, stopped when the test ends. */
export async function launchBrowser(t: TestContext, extraArgs: readonly string[] = []): Promise<Browser> {
  const { browser, close } = await startBrowser(extraArgs);
  t.after(close);
  return browser;
}

export interface SiteOptions {
  demo?: boolean;
  clock?: Clock;
  stripe?: Stripe;
  env?: Record<string, string>;
  /** Where the site's e-mail goes; by default nowhere. */
  mailer?: Mailer;
}

export interface RunningSite {
  baseUrl: string;
  storage: Storage;
  close(): Promise<void>;
}

/**
 * The real app, listening on a free local port, over a fresh SQLite database (with the demo
 * newsroom unless `demo` is false). `clock` lets a test move time, e.g. past a scheduled article.
 */
export async function startSite(options: SiteOptions = {}): Promise<RunningSite> {
  const dir = mkdtempSync(join(tmpdir(), "masthead-e2e-"));
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, "site.db")}`,
    MEDIA_DIR: join(dir, "media"),
    ...options.env,
  });
  const storage = openStorage(config.database);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  const close = async () => {
    // A request that never ends would hold Fastify's close forever: say so, and close the rest.
    if (app && !(await settlesWithin(app.close(), CLOSE_GRACE_MS)))
      console.error(`the test site at ${dir} did not close within ${CLOSE_GRACE_MS} ms`);
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(storage);
    const clock = options.clock ?? systemClock;
    if (options.demo !== false)
      await seedDemoContent(storage.db, { media: localMediaStore(config.mediaDir), now: clock() });
    app = await buildApp({
      config,
      storage,
      clock,
      mailer: options.mailer ?? { send: async () => {} },
      stripe: options.stripe ?? null,
    });
    const address = await app.listen({ host: "127.0.0.1", port: 0 });
    return { baseUrl: address.replace(/\/+$/, ""), storage, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** `startSite`, closed when the test ends. */
export async function serveSite(
  t: TestContext,
  options: SiteOptions = {},
): Promise<{ baseUrl: string; storage: Storage }> {
  const site = await startSite(options);
  t.after(site.close);
  return site;
}

export const serveDemoSite = (t: TestContext) => serveSite(t);

/**
 * Everything that goes wrong in a page, as readable lines: console errors (Chromium logs blocked
 * resources and CSP refusals there), HTTP errors, uncaught exceptions, and CSP violation events.
 */
export async function watchForProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error")
      problems.push(`console error on ${page.url()}: ${message.text()} (${message.location().url})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400)
      problems.push(`HTTP ${response.status()} for ${response.url()} on ${page.url()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught error on ${page.url()}: ${error.message}`));
  await page.exposeFunction("__reportCspViolation", (detail: string) => {
    problems.push(`CSP violation on ${page.url()}: ${detail}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation(detail: string): void })
        .__reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || "inline content"}`);
    });
  });
  return problems;
}

export interface PageOptions {
  /** false for no-JS flows. */
  javaScript?: boolean;
  viewport?: { width: number; height: number };
  colorScheme?: "light" | "dark";
}

/** A fresh page in a launched Chromium, closed when the test ends. */
export async function openPage(t: TestContext, options: PageOptions = {}): Promise<Page> {
  return newPage(await launchBrowser(t), options);
}

/** A page in its own browser context, so cookies and emulation settings are its own. */
export async function newPage(browser: Browser, options: PageOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    ...(options.viewport ? { viewport: options.viewport } : {}),
    ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

/** Signs a staff member in through the sign-in form and waits for the dashboard. */
export async function signInStaff(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', TEST_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL(`${baseUrl}/admin/`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Rules of WCAG 2.0 and 2.1, levels A and AA: what the accessibility targets name. */
export const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * axe-core's violations on the page ("id (nodes)"), evaluated through the DevTools protocol: the
 * page's CSP rightly refuses an injected inline script. `tags` limits the rules (default: all).
 */
export async function axeViolations(page: Page, tags?: string[]): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (only) => {
    const { axe } = window as unknown as {
      axe: {
        run(
          context: Document,
          options: object,
        ): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }>;
      };
    };
    const options = only ? { runOnly: { type: "tag", values: only } } : {};
    const result = await axe.run(document, options);
    return result.violations.map(
      (violation) =>
        `${violation.id} (${violation.nodes.length}: ${JSON.stringify(violation.nodes[0]?.target)})`,
    );
  }, tags);
}

/** Links a crawl must not follow: they change state, leave the site or download files. */
const NOT_PAGES =
  /\/(sign-out|logout)\b|\.(csv|xml|json|jpe?g|png|webp|avif|gif|svg|ico|css|js)(\?|$)|^mailto:|#/;

/**
 * Every same-origin page reachable by links from `start` and accepted by `within`, breadth first
 * (at most `limit`); `visit` runs on each page as it is loaded.
 */
export async function crawl(
  page: Page,
  baseUrl: string,
  start: string,
  within: (path: string) => boolean,
  options: { limit?: number; visit?: (path: string) => Promise<void> } = {},
): Promise<Set<string>> {
  const limit = options.limit ?? 150;
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0 && seen.size <= limit) {
    const path = queue.shift() as string;
    const response = await page.goto(`${baseUrl}${path}`);
    assert.ok(response, path);
    await options.visit?.(path);
    const links = await page.$$eval("a[href]", (anchors) =>
      anchors.map((anchor) => anchor.getAttribute("href") ?? ""),
    );
    for (const href of links) {
      const url = new URL(href, `${baseUrl}${path}`);
      if (url.origin !== baseUrl || NOT_PAGES.test(href)) continue;
      const next = `${url.pathname}${url.search}`;
      if (!seen.has(next) && within(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** Public pages one or a few per kind: pagination and search variants would only repeat a kind. */
export function fewPerKind(perKind: number): (path: string) => boolean {
  const counts = new Map<string, number>();
  return (path) => {
    if (path.startsWith("/admin")) return false;
    const kind = path.replace(/[?].*$/, "").replace(/\/[^/]+\/$/, "/*/");
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    return (counts.get(kind) ?? 0) <= perKind;
  };
}
