import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openTestStorage, type TestStorage, testDialects } from "../../../test/helpers/databases.js";
import { newsletterInput } from "../../../test/helpers/newsletters.js";
import { publicNewslettersReader } from "./newsletter.repository.js";
import { changeNewsletter, defineNewsletter } from "./newsletter.service.js";

const NOW = Date.UTC(2026, 11, 4, 12);

for (const dialect of testDialects()) {
  describe(`the newsletters public pages offer, on ${dialect}`, () => {
    let test: TestStorage;
    before(async () => {
      test = await openTestStorage(dialect);
    });
    after(() => test.dispose());

    it("are kept between reads, and read again once a newsletter is defined or changed", async () => {
      const { db } = test.storage;
      const readNewsletters = publicNewslettersReader(test.storage);
      assert.deepEqual(await readNewsletters(), []);
      const id = await defineNewsletter(db, newsletterInput({ name: "Morning" }), NOW);
      assert.deepEqual(
        (await readNewsletters()).map((newsletter) => newsletter.name),
        ["Morning"],
      );
      const first = await readNewsletters();
      assert.equal(await readNewsletters(), first, "the same list, not read again");
      await changeNewsletter(db, id, newsletterInput({ name: "Evening" }));
      assert.deepEqual(
        (await readNewsletters()).map((newsletter) => newsletter.name),
        ["Evening"],
      );
    });
  });
}
