import openapiTS, { type OpenAPI3 } from "openapi-typescript";
import { servedOpenApiDocument } from "./openapi-document.js";

/** The committed example of a typed client's types, generated from the served document. */
export const CLIENT_TYPES_FILE = "examples/api-client/masthead-api.ts";

/** What `openapi-typescript` makes of the document the app serves today. */
export async function generateClientTypes(): Promise<string> {
  const document = (await servedOpenApiDocument()) as unknown as OpenAPI3;
  return openapiTS(document, { silent: true, alphabetize: true });
}
