import { formatDate } from "../../../views/format.js";
import { h } from "../../../views/jsx.js";
import { Layout } from "../../../views/layout.js";
import type { SiteChrome } from "../../../views/site.js";
import type { Supporter } from "../donation.repository.js";
import type { DonationStatus, Frequency } from "../donation.table.js";
import { formatMoney } from "../money.js";

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

/** What the thank-you page knows of the gift, when Stripe sent the reader back with its session. */
export interface ThanksGift {
  amount: number;
  currency: string;
  status: DonationStatus;
  frequency: Frequency;
}

function GiftLine(props: { gift: ThanksGift; language: string; title: string }) {
  const { gift } = props;
  const amount = formatMoney(gift, props.language);
  const what = gift.frequency === "monthly" ? `${amount} a month` : amount;
  if (gift.status === "paid") return <p>We have received your gift of {what}. A receipt is in your inbox.</p>;
  if (gift.status === "pending") {
    return (
      <p>
        Your gift of {what} is being confirmed by the payment service. A receipt follows by e-mail once it is.
      </p>
    );
  }
  return <p>This payment did not go through, and nothing was charged by {props.title}.</p>;
}

export function ThanksPage(props: { chrome: SiteChrome; gift?: ThanksGift | undefined }) {
  const { chrome } = props;
  const { settings } = chrome;
  return (
    <Layout chrome={chrome} meta={{ title: "Thank you", path: "/donate/thanks/", noindex: true }}>
      <article class="donate-thanks">
        <h1>Thank you</h1>
        {props.gift ? (
          <GiftLine gift={props.gift} language={settings.language} title={settings.title} />
        ) : null}
        <p>Your support keeps {settings.title} independent.</p>
        <p>
          <a href="/supporters/">See our supporters</a> · <a href="/">Back to the news</a>
        </p>
      </article>
    </Layout>
  );
}
