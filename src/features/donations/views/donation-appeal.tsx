import type { I18n } from "../../../i18n/i18n.js";
import { h } from "../../../views/jsx.js";
import type { SiteSettings } from "../../settings/settings.js";

/**
 * The article page's appeal: the settings' donation and reader appeals with a Donate button. It comes
 * from settings only, so it can sit in the cached page (a settings change bumps the content version).
 */
export function DonationAppeal(props: {
  settings: Pick<SiteSettings, "donationAppeal" | "readerAppeal">;
  i18n: I18n;
}) {
  const { donationAppeal, readerAppeal } = props.settings;
  return (
    <div class="donation-appeal">
      {donationAppeal ? <p class="appeal-lead">{donationAppeal}</p> : null}
      {readerAppeal ? readerAppeal.split(/\n\s*\n/).map((paragraph) => <p>{paragraph.trim()}</p>) : null}
      <p>
        <a class="donate-button" href="/donate/">
          {props.i18n.t("layout.donate")}
        </a>
      </p>
    </div>
  );
}
