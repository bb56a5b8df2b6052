// Comments without page reloads: replies open inline under the comment, posting and editing send
// the form with fetch and show the result in place. Without this file every link and form works
// as a plain page. Its words come from the form's data- attributes, in the site's language.
(() => {
  const section = document.getElementById("comments");
  const form = document.getElementById("respond");
  if (!section || !form) return;
  const formHome = form.parentNode;
  const formNext = form.nextSibling;
  const title = form.querySelector(".comment-form-title");
  const defaultTitle = title?.textContent ?? "";

  function notice(text) {
    let box = form.querySelector(".form-notice");
    if (!box) {
      box = document.createElement("p");
      box.className = "form-notice form-notice-error";
      box.setAttribute("role", "alert");
      form.insertBefore(box, title ? title.nextSibling : form.firstChild);
    }
    box.textContent = text;
  }

  function repliesOf(item) {
    let list = item.querySelector(":scope > .comment-replies");
    if (!list) {
      list = document.createElement("ol");
      list.className = "comment-replies";
      item.appendChild(list);
    }
    return list;
  }

  function moveFormUnder(item, name) {
    form.elements.parent_id.value = item.dataset.commentId;
    if (title) title.textContent = form.dataset.replyTo.replace("{name}", name);
    item.appendChild(form);
    form.elements.body.focus();
  }

  function resetForm() {
    form.elements.parent_id.value = "";
    if (title) title.textContent = defaultTitle;
    formHome.insertBefore(form, formNext);
  }

  // Held replies are listed above the form by the server; put them under the comment they answer.
  for (const pending of document.querySelectorAll(".own-comments .comment[data-parent]")) {
    const parent = document.getElementById(`comment-${pending.dataset.parent}`);
    if (parent?.dataset.commentId) repliesOf(parent).appendChild(pending);
  }

  /** Edits a comment in place: the text comes from the edit page, the saved text from the server. */
  async function openEditor(id) {
    const item = document.getElementById(`comment-${id}`);
    const text = item?.querySelector(".comment-text");
    if (!text || item.querySelector(".comment-edit-form")) return;
    const page = await fetch(`/comments/${id}/edit`, { credentials: "same-origin" });
    if (!page.ok) return;
    const editPage = new DOMParser().parseFromString(await page.text(), "text/html");
    const editor = document.createElement("form");
    editor.className = "comment-form comment-edit-form";
    const area = document.createElement("textarea");
    area.name = "body";
    area.rows = 6;
    area.maxLength = 5000;
    area.required = true;
    area.value = editPage.querySelector("textarea[name=body]")?.value ?? "";
    const problem = document.createElement("p");
    problem.className = "form-notice form-notice-error";
    problem.hidden = true;
    const save = document.createElement("button");
    save.type = "submit";
    save.textContent = form.dataset.save;
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = form.dataset.cancel;
    editor.append(problem, area, save, cancel);
    text.hidden = true;
    text.after(editor);
    area.focus();
    const close = () => {
      editor.remove();
      text.hidden = false;
    };
    cancel.addEventListener("click", close);
    editor.addEventListener("submit", async (event) => {
      event.preventDefault();
      const response = await fetch(`/comments/${id}/edit`, {
        method: "POST",
        credentials: "same-origin",
        headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ body: area.value }),
      });
      const result = await response.json();
      if (!response.ok) {
        problem.textContent = result.error?.message ?? response.statusText;
        problem.hidden = false;
        return;
      }
      // Server-rendered: escaped text with paragraphs and links only.
      text.innerHTML = result.html;
      close();
    });
  }

  section.addEventListener("click", (event) => {
    const edit = event.target.closest(".comment-edit-link");
    if (edit?.dataset.edit) {
      event.preventDefault();
      openEditor(edit.dataset.edit);
      return;
    }
    const link = event.target.closest(".comment-reply-link");
    if (!link) return;
    const item = link.closest(".comment");
    if (!item) return;
    event.preventDefault();
    moveFormUnder(item, item.querySelector(".comment-author")?.textContent ?? "");
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(new FormData(form)),
      });
      const result = await response.json();
      if (!response.ok) return notice(result.error?.message ?? response.statusText);
      const holder = document.createElement("div");
      holder.innerHTML = result.html;
      const item = holder.querySelector(".comment");
      const parentId = form.elements.parent_id.value;
      const parent = parentId ? document.getElementById(`comment-${parentId}`) : null;
      let list = parent ? repliesOf(parent) : section.querySelector(":scope > .comment-list");
      if (!list) {
        list = document.createElement("ol");
        list.className = "comment-list";
        formHome.insertBefore(list, form);
      }
      if (item) {
        item.id = `comment-${result.id}`;
        list.appendChild(item);
      }
      form.elements.body.value = "";
      form.querySelector(".form-notice")?.remove();
      resetForm();
      item?.scrollIntoView({ block: "center" });
    } catch (error) {
      notice(error.message);
    } finally {
      button.disabled = false;
    }
  });
})();
