// Compact reader scores under the article cards of list pages. The lists are cached and shared, and
// scores change with every vote, so they are fetched live; without JavaScript the cards show none.
(() => {
  const cards = [...document.querySelectorAll(".card[data-article-id]")];
  if (cards.length === 0) return;
  const ids = [...new Set(cards.map((card) => card.dataset.articleId))].slice(0, 100);
  fetch(`/api/v1/votes?articles=${ids.join(",")}`, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : {}))
    .then((scores) => {
      for (const card of cards) {
        const score = scores[card.dataset.articleId];
        if (!score || score.total === 0) continue;
        const line = document.createElement("p");
        line.className = "card-score";
        line.textContent = `${score.points} ${Math.abs(score.points) === 1 ? "point" : "points"} · ${score.total} ${score.total === 1 ? "vote" : "votes"}`;
        (card.querySelector(".card-text") ?? card).append(line);
      }
    })
    .catch(() => {});
})();
