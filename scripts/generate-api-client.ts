// `npm run api:client`: regenerates the committed example client types from the served OpenAPI
// document. `npm test` fails while the committed file differs from what this would write.
import { writeFileSync } from "node:fs";
import { CLIENT_TYPES_FILE, generateClientTypes } from "../test/helpers/api-client.js";

writeFileSync(CLIENT_TYPES_FILE, await generateClientTypes());
console.log(`wrote ${CLIENT_TYPES_FILE}`);
