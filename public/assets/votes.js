// Votes without a page reload, and the reader's own vote shown as pressed. Without this file the
// buttons are a plain form that posts and comes back to the article.
(() => {
  const widget = document.querySelector(".vote-widget[data-slug]");
  if (!widget) return;
  const api = `/api/v1/articles/${encodeURIComponent(widget.dataset.slug)}/votes`;
  const label = (points) => `${points} ${Math.abs(points) === 1 ? "point" : "points"}`;

  function show(state) {
    widget.querySelector('[data-field="pointsLabel"]').textContent = label(state.points);
    for (const field of ["total", "up", "down"])
      widget.querySelector(`[data-field="${field}"]`).textContent = state[field];
    widget.querySelector('[data-field="upPercent"]').textContent = `${state.upPercent}%`;
    widget.querySelector('[data-field="downPercent"]').textContent = `${state.downPercent}%`;
    widget.querySelector(".vote-up").setAttribute("aria-pressed", String(state.mine === 1));
    widget.querySelector(".vote-down").setAttribute("aria-pressed", String(state.mine === -1));
    widget.querySelector(".vote-clear").hidden = state.mine === 0;
    widget.dataset.mine = String(state.mine);
  }

  async function request(init) {
    const response = await fetch(api, { credentials: "same-origin", ...init });
    if (!response.ok) throw new Error((await response.json()).error?.message ?? response.statusText);
    return response.json();
  }

  widget.querySelector("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const pressed = Number(event.submitter?.value ?? 0);
    // Pressing the button that is already pressed takes the vote back.
    const value = pressed === Number(widget.dataset.mine) ? 0 : pressed;
    try {
      show(
        await request({
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ value }),
        }),
      );
    } catch (error) {
      widget.querySelector(".vote-points").textContent = error.message;
    }
  });

  request({ method: "GET" }).then(show, () => {});
})();
