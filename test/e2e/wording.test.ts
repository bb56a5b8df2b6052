import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ROLES } from "../../src/features/accounts/roles.js";
import {
  createStaffUser,
  inviteStaff,
  requestPasswordReset,
} from "../../src/features/accounts/user.service.js";
import { receiptMail, shippedMail } from "../../src/features/donations/receipts.js";
import type { Mail } from "../../src/features/mail/mailer.js";
import { sendSignInLink } from "../../src/features/readers/reader.service.js";
import { createI18n } from "../../src/i18n/i18n.js";
import { openTestStorage, testDialects } from "../helpers/databases.js";

/** Site titles that do and do not start with "The": each message must read well with both. */
const TITLES = ["The Harbour Ledger", "Harbour Ledger"];
const NOW = Date.UTC(2026, 10, 25, 12);
/** Ownership is handed over, never invited. */
const INVITABLE = ROLES.filter((role) => role !== "owner");

/** Phrases that show a title or a role was dropped into a sentence that does not fit it. */
function wordingProblems(text: string, title: string): string[] {
  const problems: string[] = [];
  if (/\b(your|the|a|an|our) The\b/i.test(text)) problems.push(`an article before "${title}"`);
  if (/\ba (administrator|author|editor|owner)\b/i.test(text)) problems.push("“a” before a vowel");
  if (/\ban (contributor)\b/i.test(text)) problems.push("“an” before a consonant");
  if (!text.includes(title)) problems.push(`"${title}" is missing`);
  return problems;
}

const recordingMailer = (sent: Mail[]) => ({ send: async (mail: Mail) => void sent.push(mail) });

for (const dialect of testDialects()) {
  describe(`e-mail wording on ${dialect}`, () => {
    it("every subject and text reads well with and without “The” in the site title", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const owner = await createStaffUser(
        storage.db,
        { email: "o@example.org", name: "Ola Owner", role: "owner" },
        NOW,
      );
      const site = (title: string) => ({ siteUrl: "https://ledger.example", siteTitle: title, now: NOW });
      for (const title of TITLES) {
        const sent: Mail[] = [];
        const mailer = recordingMailer(sent);
        for (const role of INVITABLE) {
          const email = `${role}.${title.length}@example.org`;
          await inviteStaff(storage.db, mailer, {
            actor: owner,
            name: `New ${role}`,
            email,
            role,
            site: { url: "https://ledger.example", title },
            now: NOW,
          });
          await requestPasswordReset(storage.db, mailer, { email, ...site(title) });
        }
        await sendSignInLink(storage.db, mailer, {
          email: `reader.${title.length}@example.org`,
          ...site(title),
          i18n: createI18n("en", "UTC"),
        });
        const receiptSite = { title, language: "en-GB", siteUrl: "https://ledger.example" };
        const receipt = {
          donationId: 7,
          email: "d@example.org",
          amount: 1000,
          currency: "GBP",
          renewal: false,
        };
        sent.push(receiptMail(receipt, receiptSite), receiptMail({ ...receipt, renewal: true }, receiptSite));
        sent.push(shippedMail("d@example.org", "tote bag", "TRACK1", receiptSite));
        assert.equal(sent.length, 2 * INVITABLE.length + 4);
        for (const mail of sent) {
          assert.deepEqual(wordingProblems(mail.subject, title), [], `subject: ${mail.subject}`);
          assert.deepEqual(wordingProblems(mail.text, title), [], `text of: ${mail.subject}`);
        }
      }
    });
  });
}
