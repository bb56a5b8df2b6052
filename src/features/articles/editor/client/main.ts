import { Editor, type JSONContent } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { startAutosave } from "./autosave.js";
import { Attribution, Embed, Figure, Gallery, PullQuote } from "./blocks.js";
import { askFields, pickImages } from "./dialogs.js";
import { postJson } from "./http.js";
import { uploadImage } from "./upload.js";

// The staff editor: Tiptap on the body, the document kept as JSON in the form's hidden `body` field.
const form = document.querySelector<HTMLFormElement>("form.editor");
const mount = document.querySelector<HTMLElement>("#body-editor");
const field = document.querySelector<HTMLInputElement>("#body-json");

const csrfOf = (form: HTMLFormElement) =>
  (form.elements.namedItem("_csrf") as HTMLInputElement | null)?.value ?? "";

function start(form: HTMLFormElement, mount: HTMLElement, field: HTMLInputElement) {
  const csrf = csrfOf(form);
  const wordCount = document.querySelector<HTMLElement>("#word-count");
  const editor = new Editor({
    element: mount,
    // Our CSP allows no inline <style>; the editor's styles are in admin.css.
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        code: false,
        codeBlock: false,
        strike: false,
        underline: false,
        heading: { levels: [2, 3, 4] },
        link: {
          openOnClick: false,
          autolink: true,
          HTMLAttributes: { target: null, rel: null, class: null },
        },
      }),
      PullQuote,
      Figure,
      Gallery,
      Embed,
      Attribution,
    ],
    content: JSON.parse(field.value) as JSONContent,
    editorProps: {
      attributes: {
        class: "body-editor",
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": "body-label",
      },
      // DOM handlers run before ProseMirror parses the clipboard itself (which would apply the pasted
      // inline styles to scratch elements, against our CSP, only to have them thrown away).
      handleDOMEvents: {
        paste: (_view, event) => {
          if (handlePaste(event)) event.preventDefault();
          return event.defaultPrevented;
        },
        drop: (view, event) => {
          const files = imageFiles(event.dataTransfer);
          if (files.length === 0) return false;
          event.preventDefault();
          const dropped = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos;
          // A figure is a block: it goes after the top-level block it was dropped on.
          const $dropped = dropped === undefined ? undefined : view.state.doc.resolve(dropped);
          void insertUploads(files, $dropped && $dropped.depth > 0 ? $dropped.after(1) : dropped);
          return true;
        },
      },
    },
    onUpdate: () => sync(),
  });

  function sync() {
    field.value = JSON.stringify(editor.getJSON());
    const words = editor.getText({ blockSeparator: " " }).split(/\s+/).filter(Boolean).length;
    if (wordCount)
      wordCount.textContent = `${words} words · ${Math.max(1, Math.round(words / 230))} min read`;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }
  sync();

  /** Pasted files upload; pasted HTML and Markdown are converted by the server (one tested converter). */
  function handlePaste(event: ClipboardEvent): boolean {
    const data = event.clipboardData;
    const files = imageFiles(data);
    if (files.length > 0) {
      void insertUploads(files);
      return true;
    }
    const html = data?.getData("text/html") ?? "";
    const plain = data?.getData("text/plain") ?? "";
    // An address pasted alone on an empty line becomes a card, as in Ghost and WordPress.
    const { $from, empty } = editor.state.selection;
    const onEmptyLine = empty && $from.parent.type.name === "paragraph" && $from.parent.content.size === 0;
    if (onEmptyLine && /^https?:\/\/\S+$/.test(plain.trim()) && URL.canParse(plain.trim())) {
      void insertLinkCard(editor, csrf, plain.trim());
      return true;
    }
    const markdown = !html && /^(#{1,6} |> |[-*+] |\d+\. )|\*\*[^*]+\*\*|\[[^\]]+\]\([^)]+\)/m.test(plain);
    if (!html && !markdown) return false;
    // Pasted text replaces selected text, never a selected block (a figure or a card).
    const { selection } = editor.state;
    const insertAt = "node" in selection ? { from: selection.to, to: selection.to } : selection;
    postJson<JSONContent>("/admin/editor/paste", html ? { html } : { markdown: plain }, csrf)
      .then((doc) =>
        editor
          .chain()
          .focus()
          .insertContentAt({ from: insertAt.from, to: insertAt.to }, doc.content ?? [])
          .run(),
      )
      .catch(() =>
        editor.chain().focus().insertContentAt({ from: insertAt.from, to: insertAt.to }, plain).run(),
      );
    return true;
  }

  async function insertUploads(files: File[], at?: number) {
    for (const file of files) {
      const image = await uploadImage(file, csrf).catch(() => null);
      if (!image) continue;
      const figure = { type: "figure", attrs: { ...image, caption: "", credit: "" } };
      if (at === undefined) insertBlock(editor, figure);
      else editor.chain().insertContentAt(at, figure).run();
    }
  }

  buildToolbar(editor, mount, csrf);
  startLivePreview(editor, csrf);
  startAutosave({ form, field, csrf });
}

const imageFiles = (data: DataTransfer | null | undefined) =>
  [...(data?.files ?? [])].filter((file) => file.type.startsWith("image/"));

interface ToolButton {
  label: string;
  keys?: string;
  run: () => void;
  active?: () => boolean;
}

function buildToolbar(editor: Editor, mount: HTMLElement, csrf: string) {
  const chain = () => editor.chain().focus();
  const buttons: ToolButton[] = [
    { label: "Paragraph", keys: "Ctrl+Alt+0", run: () => chain().setParagraph().run() },
    ...([2, 3, 4] as const).map((level) => ({
      label: `Heading ${level}`,
      keys: `Ctrl+Alt+${level}`,
      run: () => chain().toggleHeading({ level }).run(),
      active: () => editor.isActive("heading", { level }),
    })),
    {
      label: "Bold",
      keys: "Ctrl+B",
      run: () => chain().toggleBold().run(),
      active: () => editor.isActive("bold"),
    },
    {
      label: "Italic",
      keys: "Ctrl+I",
      run: () => chain().toggleItalic().run(),
      active: () => editor.isActive("italic"),
    },
    {
      label: "Link",
      keys: "Ctrl+K",
      run: () => void editLink(editor),
      active: () => editor.isActive("link"),
    },
    {
      label: "Quote",
      keys: "Ctrl+Shift+B",
      run: () => chain().toggleBlockquote().run(),
      active: () => editor.isActive("blockquote"),
    },
    {
      label: "Bulleted list",
      keys: "Ctrl+Shift+8",
      run: () => chain().toggleBulletList().run(),
      active: () => editor.isActive("bulletList"),
    },
    {
      label: "Numbered list",
      keys: "Ctrl+Shift+7",
      run: () => chain().toggleOrderedList().run(),
      active: () => editor.isActive("orderedList"),
    },
    { label: "Rule", run: () => chain().setHorizontalRule().run() },
    {
      label: "Pull quote",
      run: () => chain().setNode("pullQuote").run(),
      active: () => editor.isActive("pullQuote"),
    },
    { label: "Image", run: () => void insertFigure(editor, csrf) },
    { label: "Gallery", run: () => void insertGallery(editor) },
    { label: "Embed", run: () => void insertEmbed(editor, csrf) },
    { label: "Source", run: () => void insertAttribution(editor) },
    { label: "Undo", keys: "Ctrl+Z", run: () => chain().undo().run() },
    { label: "Redo", keys: "Ctrl+Shift+Z", run: () => chain().redo().run() },
  ];
  const toolbar = document.createElement("div");
  toolbar.className = "editor-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "Formatting");
  const elements = buttons.map((button) => {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = button.label;
    if (button.keys) {
      element.title = `${button.label} (${button.keys})`;
      element.setAttribute("aria-keyshortcuts", button.keys.replace("Ctrl", "Control"));
    }
    element.addEventListener("click", button.run);
    toolbar.append(element);
    return { element, button };
  });
  const refresh = () => {
    for (const { element, button } of elements) {
      if (button.active) element.setAttribute("aria-pressed", String(button.active()));
    }
  };
  editor.on("selectionUpdate", refresh);
  editor.on("transaction", refresh);
  refresh();
  mount.before(toolbar);
  editor.view.dom.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
      event.preventDefault();
      void editLink(editor);
    }
  });
  // Arrow keys move between toolbar buttons (one tab stop for the whole toolbar would need roving
  // tabindex; every button stays reachable by Tab too).
  toolbar.addEventListener("keydown", (event) => {
    const index = elements.findIndex(({ element }) => element === document.activeElement);
    if (index < 0 || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) return;
    const next = (index + (event.key === "ArrowRight" ? 1 : elements.length - 1)) % elements.length;
    elements[next]?.element.focus();
  });
}

async function editLink(editor: Editor) {
  const current = String(editor.getAttributes("link").href ?? "");
  const answer = await askFields(
    "Link",
    [{ name: "href", label: "Address (https://…)", value: current, type: "url" }],
    {
      remove: current ? "Remove link" : undefined,
    },
  );
  const chain = editor.chain().focus().extendMarkRange("link");
  if (answer === "remove") chain.unsetLink().run();
  else if (answer?.href) chain.setLink({ href: answer.href }).run();
}

async function insertFigure(editor: Editor, csrf: string) {
  const [image] = await pickImages({ multiple: false, csrf });
  if (image) insertBlock(editor, { type: "figure", attrs: { ...image, caption: "", credit: "" } });
}

/** Adds a block after the selection, never in its place (a selected figure would be replaced). */
function insertBlock(editor: Editor, content: JSONContent) {
  editor.chain().focus().insertContentAt(editor.state.selection.to, content).run();
}

async function insertGallery(editor: Editor) {
  const images = await pickImages({ multiple: true, csrf: "" });
  if (images.length > 0)
    insertBlock(editor, {
      type: "gallery",
      attrs: { images: images.map((image) => ({ ...image, caption: "" })) },
    });
}

interface LinkCard {
  url: string;
  site: string;
  title: string;
  image: string | null;
  note?: string;
}

/**
 * An embed card: the server fetches the page's title and image when it safely can (else the card is a
 * plain one naming the site); a title the writer typed wins.
 */
async function insertLinkCard(editor: Editor, csrf: string, address: string, typedTitle = "") {
  const url = new URL(address);
  const status = document.querySelector<HTMLElement>("#editor-notice");
  if (status) status.textContent = `Making a card for ${url.hostname}…`;
  const card = await postJson<LinkCard>("/admin/editor/embed", { url: url.toString() }, csrf).catch(
    () => null,
  );
  if (status) status.textContent = card?.note ? `Plain card: ${card.note}` : "";
  const site = card?.site ?? url.hostname.replace(/^www\./, "");
  const attrs = {
    url: url.toString(),
    site,
    title: typedTitle || card?.title || "",
    image: card?.image ?? null,
  };
  insertBlock(editor, { type: "embed", attrs });
}

async function insertEmbed(editor: Editor, csrf: string) {
  const answer = await askFields("Embed a post or video", [
    { name: "url", label: "Address of the post (https://…)", type: "url" },
    { name: "title", label: "Title shown on the card (optional; else the page's own)" },
  ]);
  if (!answer || answer === "remove" || !/^https?:\/\//.test(answer.url ?? "")) return;
  if (URL.canParse(answer.url ?? ""))
    await insertLinkCard(editor, csrf, answer.url ?? "", answer.title ?? "");
}

async function insertAttribution(editor: Editor) {
  const answer = await askFields("Source attribution", [
    {
      name: "kind",
      label: "Kind",
      options: [
        ["via", "Via"],
        ["quoted", "Quoted by"],
        ["source", "Source"],
      ],
    },
    { name: "outlet", label: "Outlet" },
    { name: "url", label: "Link (https://…, optional)", type: "url" },
  ]);
  if (!answer || answer === "remove" || !answer.outlet) return;
  const attrs = { kind: answer.kind ?? "via", outlet: answer.outlet, url: answer.url || null };
  insertBlock(editor, { type: "attribution", attrs });
}

/** The public HTML of the body as the server renders it, at a phone's or a desktop's width. */
export function startLivePreview(editor: Editor, csrf: string) {
  const target = document.querySelector<HTMLElement>("#live-preview");
  if (!target) return;
  const widthButtons = [...document.querySelectorAll<HTMLButtonElement>("[data-preview-width]")];
  for (const button of widthButtons) {
    button.addEventListener("click", () => {
      target.style.maxWidth = `${button.dataset.previewWidth}px`;
      for (const other of widthButtons) other.setAttribute("aria-pressed", String(other === button));
    });
  }
  target.style.maxWidth = "390px";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    postJson<{ html: string }>("/admin/editor/preview", { body: editor.getJSON() }, csrf)
      .then(({ html }) => {
        target.innerHTML = html;
      })
      .catch(() => {});
  };
  editor.on("update", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 800);
  });
  // What was typed offline is previewed once the connection is back.
  window.addEventListener("online", refresh);
  refresh();
}

// Last, so that every function and constant above is defined when it runs.
if (form && mount && field) start(form, mount, field);
