// Votes without a page reload, and the reader's own vote shown as pressed. Without this file the
// buttons are a plain form that posts and comes back to the article.
(() => {
  const widget = document.querySelector(".vote-widget[data-slug]");
  if (!widget) return;
  const api = `/api/v1/articles/${encodeURIComponent(widget.dataset.slug)}/votes`;
  // "{count} points" in the page's language: its plural forms come with the widget.
  const forms = JSON.parse(widget.dataset.points);
  const lang = document.documentElement.lang;
  const plurals = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  const label = (points) =>
    (forms[plurals.select(points)] ?? forms.other).replace("{count}", numbers.format(points));

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

  /** The value a press sends: pressing the button that is already pressed takes the vote back. */
  const valueFor = (pressed) => (pressed === Number(widget.dataset.mine) ? 0 : pressed);

  async function send(pressed) {
    try {
      show(
        await request({
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ value: valueFor(pressed) }),
        }),
      );
    } catch (error) {
      widget.querySelector(".vote-points").textContent = error.message;
    }
  }

  // Presses wait their turn: each is read against the vote the one before it left, so Up, Down,
  // Down pressed quickly ends with no vote, as it would pressed slowly. The form says it is busy meanwhile.
  const form = widget.querySelector("form");
  let queue = Promise.resolve();
  let waiting = 0;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const pressed = Number(event.submitter?.value ?? 0);
    waiting += 1;
    form.setAttribute("aria-busy", "true");
    queue = queue
      .then(() => send(pressed))
      .finally(() => {
        waiting -= 1;
        if (waiting === 0) form.removeAttribute("aria-busy");
      });
  });

  request({ method: "GET" }).then(show, () => {});
})();
