import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Dialect } from "../../src/storage/storage.js";
import { openTestStorage } from "./databases.js";

/** The site URL the committed document and client are generated with. */
export const DOCUMENT_SITE_URL = "https://news.harbour-ledger.example";

/**
 * The OpenAPI document exactly as the app serves it at /api/v1/openapi.json, from a fresh, empty
 * database: what the linter checks and the typed client is generated from.
 */
export async function servedOpenApiDocument(dialect: Dialect = "sqlite"): Promise<Record<string, unknown>> {
  const { storage, dispose } = await openTestStorage(dialect);
  const config = loadConfig({ SITE_URL: DOCUMENT_SITE_URL });
  const app = await buildApp({
    config,
    storage,
    clock: Date.now,
    mailer: { send: async () => {} },
    stripe: null,
  });
  try {
    return (await app.inject("/api/v1/openapi.json")).json();
  } finally {
    await app.close();
    await dispose();
  }
}
