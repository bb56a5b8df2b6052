import { h } from "../../../views/jsx.js";
import { pointsLabel, type VoteSummary } from "../vote.math.js";
import type { VoteValue } from "../vote.table.js";

/**
 * "What do you think?" with the exact figures and the reader's own vote pressed. Rendered from the
 * live counters (the rest of the page is cached); buttons are a plain form, votes.js enhances them.
 * "Take my vote back" is there only when there is a vote to take back.
 */
export function VoteWidget(props: { slug: string; summary: VoteSummary; mine: VoteValue }) {
  const { summary, mine } = props;
  return (
    <div class="vote-widget" data-slug={props.slug} data-mine={String(mine)}>
      <h2 id="votes-title">What do you think?</h2>
      <p class="vote-points" data-field="pointsLabel">
        {pointsLabel(summary.points)}
      </p>
      <form class="vote-buttons" method="post" action={`/${props.slug}/vote`}>
        <button type="submit" name="value" value="1" class="vote-up" aria-pressed={String(mine === 1)}>
          Upvote
        </button>{" "}
        <button type="submit" name="value" value="-1" class="vote-down" aria-pressed={String(mine === -1)}>
          Downvote
        </button>{" "}
        <button type="submit" name="value" value="0" class="vote-clear link-button" hidden={mine === 0}>
          Take my vote back
        </button>
      </form>
      <dl class="vote-stats">
        <div>
          <dt>Total votes:</dt> <dd data-field="total">{summary.total}</dd>
        </div>
        <div>
          <dt>Upvotes:</dt> <dd data-field="up">{summary.up}</dd>
        </div>
        <div>
          <dt>Upvotes percentage:</dt> <dd data-field="upPercent">{summary.upPercent}%</dd>
        </div>
        <div>
          <dt>Downvotes:</dt> <dd data-field="down">{summary.down}</dd>
        </div>
        <div>
          <dt>Downvotes percentage:</dt> <dd data-field="downPercent">{summary.downPercent}%</dd>
        </div>
      </dl>
    </div>
  );
}
