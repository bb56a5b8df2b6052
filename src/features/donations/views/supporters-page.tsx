import { formatDate } from "../../../views/format.js";
import { h } from "../../../views/jsx.js";
import { Layout } from "../../../views/layout.js";
import type { SiteChrome } from "../../../views/site.js";
import type { Supporter } from "../donation.repository.js";

export function SupportersPage(props: { chrome: SiteChrome; supporters: Supporter[] }) {
  const { chrome, supporters } = props;
  const { settings } = chrome;
  return (
    <Layout
      chrome={chrome}
      meta={{
        title: "Our supporters",
        description: `Readers who fund ${settings.title}.`,
        path: "/supporters/",
      }}
      head={<link rel="stylesheet" href={chrome.assetUrl("donate.css")} />}
    >
      <article class="supporters">
        <h1>Our supporters</h1>
        <p>
          These readers fund our journalism and asked to be named. Many more give anonymously.{" "}
          <a href="/donate/">Join them</a>.
        </p>
        {supporters.length === 0 ? (
          <p class="empty">No named supporters yet.</p>
        ) : (
          <ul class="supporter-list">
            {supporters.map((supporter) => (
              <li>
                <strong>{supporter.name}</strong>{" "}
                <small>{formatDate(supporter.paidAt, settings.language, settings.timeZone)}</small>
                {supporter.message ? <blockquote>{supporter.message}</blockquote> : null}
              </li>
            ))}
          </ul>
        )}
      </article>
    </Layout>
  );
}

export function ThanksPage(props: { chrome: SiteChrome }) {
  const { chrome } = props;
  return (
    <Layout chrome={chrome} meta={{ title: "Thank you", path: "/donate/thanks/", noindex: true }}>
      <article class="donate-thanks">
        <h1>Thank you</h1>
        <p>
          Your gift keeps {chrome.settings.title} independent. A receipt is on its way to your e-mail address
          as soon as the payment is confirmed.
        </p>
        <p>
          <a href="/supporters/">See our supporters</a> · <a href="/">Back to the news</a>
        </p>
      </article>
    </Layout>
  );
}
