import type { I18n } from "../../../i18n/i18n.js";
import { h } from "../../../views/jsx.js";
import { Layout } from "../../../views/layout.js";
import type { SiteChrome } from "../../../views/site.js";
import type { Supporter } from "../donation.repository.js";
import type { DonationStatus, Frequency } from "../donation.table.js";
import { formatMoney } from "../money.js";

export function SupportersPage(props: { chrome: SiteChrome; supporters: Supporter[] }) {
  const { chrome, supporters } = props;
  const { settings, t, i18n } = chrome;
  return (
    <Layout
      chrome={chrome}
      meta={{
        title: t("supporters.title"),
        description: t("supporters.description", { site: settings.title }),
        path: "/supporters/",
      }}
      head={<link rel="stylesheet" href={chrome.assetUrl("donate.css")} />}
    >
      <article class="supporters">
        <h1>{t("supporters.title")}</h1>
        <p>
          {t("supporters.intro")} <a href="/donate/">{t("supporters.join")}</a>.
        </p>
        {supporters.length === 0 ? (
          <p class="empty">{t("supporters.empty")}</p>
        ) : (
          <ul class="supporter-list">
            {supporters.map((supporter) => (
              <li>
                <strong>{supporter.name}</strong> <small>{i18n.date(supporter.paidAt)}</small>
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

function GiftLine(props: { gift: ThanksGift; i18n: I18n; title: string }) {
  const { gift, i18n } = props;
  const amount = formatMoney(gift, i18n.locale);
  const what = gift.frequency === "monthly" ? i18n.t("thanks.monthly", { amount }) : amount;
  if (gift.status === "paid") return <p>{i18n.t("thanks.paid", { amount: what })}</p>;
  if (gift.status === "pending") return <p>{i18n.t("thanks.pending", { amount: what })}</p>;
  return <p>{i18n.t("thanks.failed", { site: props.title })}</p>;
}

export function ThanksPage(props: { chrome: SiteChrome; gift?: ThanksGift | undefined }) {
  const { chrome } = props;
  const { settings, t } = chrome;
  return (
    <Layout chrome={chrome} meta={{ title: t("thanks.title"), path: "/donate/thanks/", noindex: true }}>
      <article class="donate-thanks">
        <h1>{t("thanks.title")}</h1>
        {props.gift ? <GiftLine gift={props.gift} i18n={chrome.i18n} title={settings.title} /> : null}
        <p>{t("thanks.independent", { site: settings.title })}</p>
        <p>
          <a href="/supporters/">{t("thanks.supporters")}</a> · <a href="/">{t("thanks.back")}</a>
        </p>
      </article>
    </Layout>
  );
}
