import type { Mail } from "../../src/features/mail/mailer.js";
import { sendSignInLink } from "../../src/features/readers/reader.service.js";
import { READER_COOKIE } from "../../src/features/readers/reader-session.js";
import { createI18n } from "../../src/i18n/i18n.js";
import type { TestApp } from "./app.js";

/** Signs a reader in through a real one-time link (mailed to a recorder), on a new "device"; returns its cookies. */
export async function signInReader(testApp: TestApp, email: string): Promise<Record<string, string>> {
  const sent: Mail[] = [];
  await sendSignInLink(
    testApp.storage.db,
    { send: async (mail) => void sent.push(mail) },
    {
      email,
      siteUrl: "https://news.example.test",
      siteTitle: "News",
      i18n: createI18n("en", "UTC"),
      now: testApp.now(),
    },
  );
  const token = /\/account\/sign-in\/([\w-]+)/.exec(sent[0]?.text ?? "")?.[1];
  if (!token) throw new Error("no sign-in link was sent");
  const response = await testApp.app.inject({ method: "POST", url: `/account/sign-in/${token}` });
  const cookie = response.cookies.find((c) => c.name === READER_COOKIE);
  if (!cookie) throw new Error(`sign-in failed with ${response.statusCode}`);
  return { [READER_COOKIE]: cookie.value };
}
