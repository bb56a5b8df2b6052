// The donate form: as the reader changes the amount or currency, rewards the gift does not reach are
// disabled (and a chosen one falls back to "no gift"). Only a hint: the server decides again on submit,
// and without JavaScript the form works the same, with the minimums written next to each reward.
(() => {
  const form = document.querySelector(".donate-form");
  if (!form) return;
  const rewards = [...form.querySelectorAll("input[name=reward][data-minimums]")];
  const none = form.querySelector("#reward-none");

  /** The typed or chosen amount in the currency's minor units, or null if it is not a plain number. */
  function amountInMinorUnits(currency) {
    const custom = form.querySelector("#custom").value.trim();
    const text = custom || form.querySelector("input[name=preset]:checked")?.value || "";
    const match = /^([0-9]{1,12})(?:[.,]([0-9]{1,12}))?$/.exec(text);
    if (!match) return null;
    const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits;
    const fraction = (match[2] ?? "").replace(/0+$/, "");
    if (fraction.length > digits) return null;
    return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  }

  /** The preset amounts in the chosen currency ("€20", "$20"), worded as the server words them. */
  function showPresetsIn(currency) {
    // Presets are whole amounts: no ".00", as formatMoney drops it on the server.
    const format = new Intl.NumberFormat(form.dataset.language, {
      style: "currency",
      currency,
      minimumFractionDigits: 0,
    });
    for (const amount of form.querySelectorAll(".preset-amount[data-preset]"))
      amount.textContent = format.format(Number(amount.dataset.preset));
  }

  function update() {
    const currency = form.querySelector("#currency").value;
    showPresetsIn(currency);
    const amount = amountInMinorUnits(currency);
    for (const input of rewards) {
      const minimum = JSON.parse(input.dataset.minimums)[currency];
      const soldOut = input.dataset.soldOut === "1";
      const qualifies = !soldOut && amount !== null && minimum !== undefined && amount >= minimum;
      input.disabled = !qualifies;
      input.closest(".reward")?.classList.toggle("reward-unavailable", !qualifies);
      if (!qualifies && input.checked && none) none.checked = true;
    }
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
