import { postJson } from "./http.js";

const EVERY_MS = 5_000;
const RETRY_MAX_MS = 30_000;

interface AutosaveAnswer {
  savedAt: number;
  /** Set when a new article was created by this autosave, with the revision the form now edits. */
  id?: number;
  revision?: number;
  /** Other staff with the article open. */
  others: string[];
}

/** The form as the save would send it, for the autosave endpoint (which checks it with the same schema). */
function formValues(form: HTMLFormElement): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value !== "string") continue;
    const previous = values[name];
    values[name] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return values;
}

/**
 * Saves a copy of the form a few seconds after each change and when the tab is hidden or closed, into
 * the writer's pending copy (never the public article); says when it last saved, and keeps retrying
 * with a visible status while offline.
 */
export function startAutosave(options: { form: HTMLFormElement; field: HTMLInputElement; csrf: string }) {
  const { form, csrf } = options;
  const status = document.querySelector<HTMLElement>("#save-status");
  const presence = document.querySelector<HTMLElement>("#presence");
  let articleUrl = form.getAttribute("action") ?? "/admin/articles/";
  let dirty = false;
  let savedAt: number | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let submitting = false;

  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  const schedule = (delay: number) => {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  };

  async function save() {
    if (!dirty || submitting) return;
    dirty = false;
    try {
      const answer = await postJson<AutosaveAnswer>(`${articleUrl}autosave`, formValues(form), csrf);
      failures = 0;
      savedAt = Date.now();
      if (answer.id) {
        articleUrl = `/admin/articles/${answer.id}/`;
        form.action = articleUrl;
        const revision = form.elements.namedItem("revision") as HTMLInputElement | null;
        if (revision) revision.value = String(answer.revision ?? 1);
        history.replaceState(null, "", articleUrl);
      }
      if (presence)
        presence.textContent =
          answer.others.length > 0
            ? `${answer.others.join(", ")} ${answer.others.length === 1 ? "has" : "have"} this article open.`
            : "";
      tick();
    } catch (error) {
      dirty = true;
      const status = (error as { status?: number }).status;
      if (status && status < 500) return say(`Not saved: ${(error as Error).message}`);
      failures++;
      const delay = Math.min(RETRY_MAX_MS, EVERY_MS * 2 ** failures);
      say(`Offline — your changes are kept here; retrying in ${Math.round(delay / 1000)} s`);
      schedule(delay);
    }
  }

  function tick() {
    if (savedAt === null || failures > 0) return;
    const seconds = Math.round((Date.now() - savedAt) / 1000);
    say(
      dirty
        ? "Unsaved changes"
        : `Saved ${seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`} ago`,
    );
  }
  setInterval(tick, 1000);

  form.addEventListener("input", () => {
    dirty = true;
    say("Unsaved changes");
    schedule(EVERY_MS);
  });
  form.addEventListener("submit", () => {
    submitting = true;
  });
  window.addEventListener("online", () => schedule(0));
  // Before the tab goes away: a keepalive request outlives the page (browsers cap its body at 64 KB;
  // a longer article relies on the autosave a few seconds earlier).
  const flush = () => {
    if (!dirty || submitting) return;
    void fetch(`${articleUrl}autosave`, {
      method: "POST",
      keepalive: true,
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": csrf },
      body: JSON.stringify(formValues(form)),
    }).catch(() => {});
    dirty = false;
  };
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });
}
