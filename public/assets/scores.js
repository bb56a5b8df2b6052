// Compact reader scores under the article cards of list pages. The lists are cached and shared, and
// scores change with every vote, so they are fetched live; without JavaScript the cards show none.
// "{count} points" and "{count} votes" come in the page's language on this script's data- attributes.
(() => {
  const cards = [...document.querySelectorAll(".card[data-article-id]")];
  if (cards.length === 0) return;
  const { points, votes } = document.currentScript.dataset;
  const lang = document.documentElement.lang;
  const plurals = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  const word = (forms, count) =>
    (forms[plurals.select(count)] ?? forms.other).replace("{count}", numbers.format(count));
  const [pointForms, voteForms] = [JSON.parse(points), JSON.parse(votes)];
  const ids = [...new Set(cards.map((card) => card.dataset.articleId))].slice(0, 100);
  fetch(`/api/v1/votes?articles=${ids.join(",")}`, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : {}))
    .then((scores) => {
      for (const card of cards) {
        const score = scores[card.dataset.articleId];
        if (!score || score.total === 0) continue;
        const line = document.createElement("p");
        line.className = "card-score";
        line.textContent = `${word(pointForms, score.points)} · ${word(voteForms, score.total)}`;
        (card.querySelector(".card-text") ?? card).append(line);
      }
    })
    .catch(() => {});
})();
