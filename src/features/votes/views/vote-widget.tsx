import type { I18n } from "../../../i18n/i18n.js";
import { h } from "../../../views/jsx.js";
import type { VoteSummary } from "../vote.math.js";
import type { VoteValue } from "../vote.table.js";

/**
 * "What do you think?" with the exact figures and the reader's own vote pressed. Rendered from the
 * live counters (the rest of the page is cached); buttons are a plain form, votes.js enhances them.
 * "Take my vote back" is there only when there is a vote to take back. `data-points` carries the
 * site language's plural forms of "{count} points", so votes.js words the new score the same way.
 */
export function VoteWidget(props: { slug: string; summary: VoteSummary; mine: VoteValue; i18n: I18n }) {
  const { summary, mine, i18n } = props;
  const { t } = i18n;
  return (
    <div
      class="vote-widget"
      data-slug={props.slug}
      data-mine={String(mine)}
      data-points={JSON.stringify(i18n.pluralForms("votes.points"))}
    >
      <h2 id="votes-title">{t("votes.question")}</h2>
      <p class="vote-points" data-field="pointsLabel">
        {t("votes.points", { count: summary.points })}
      </p>
      <form class="vote-buttons" method="post" action={`/${props.slug}/vote`}>
        <button type="submit" name="value" value="1" class="vote-up" aria-pressed={String(mine === 1)}>
          {t("votes.up")}
        </button>{" "}
        <button type="submit" name="value" value="-1" class="vote-down" aria-pressed={String(mine === -1)}>
          {t("votes.down")}
        </button>{" "}
        <button type="submit" name="value" value="0" class="vote-clear link-button" hidden={mine === 0}>
          {t("votes.clear")}
        </button>
      </form>
      <dl class="vote-stats">
        <div>
          <dt>{t("votes.total")}</dt> <dd data-field="total">{summary.total}</dd>
        </div>
        <div>
          <dt>{t("votes.upCount")}</dt> <dd data-field="up">{summary.up}</dd>
        </div>
        <div>
          <dt>{t("votes.upPercent")}</dt> <dd data-field="upPercent">{summary.upPercent}%</dd>
        </div>
        <div>
          <dt>{t("votes.downCount")}</dt> <dd data-field="down">{summary.down}</dd>
        </div>
        <div>
          <dt>{t("votes.downPercent")}</dt> <dd data-field="downPercent">{summary.downPercent}%</dd>
        </div>
      </dl>
    </div>
  );
}
