import { uploadImage } from "./upload.js";

export interface DialogField {
  name: string;
  label: string;
  value?: string;
  type?: string;
  options?: Array<[string, string]>;
}

/** A modal <dialog> with labelled fields: keyboard-friendly (focus moves in, Escape cancels). */
function openDialog(title: string, build: (form: HTMLFormElement) => void): HTMLDialogElement {
  const dialog = document.createElement("dialog");
  dialog.className = "editor-dialog";
  dialog.setAttribute("aria-label", title);
  const form = document.createElement("form");
  form.method = "dialog";
  const heading = document.createElement("h2");
  heading.textContent = title;
  form.append(heading);
  build(form);
  dialog.append(form);
  document.body.append(dialog);
  dialog.addEventListener("close", () => dialog.remove());
  dialog.showModal();
  return dialog;
}

function button(label: string, value: string): HTMLButtonElement {
  const element = document.createElement("button");
  element.value = value;
  element.textContent = label;
  return element;
}

/** Asks for some fields; resolves with their values, "remove", or null when cancelled. */
export function askFields(
  title: string,
  fields: DialogField[],
  options: { remove?: string | undefined } = {},
): Promise<Record<string, string> | "remove" | null> {
  return new Promise((resolve) => {
    const dialog = openDialog(title, (form) => {
      for (const field of fields) {
        const label = document.createElement("label");
        label.textContent = field.label;
        const control = field.options ? document.createElement("select") : document.createElement("input");
        control.name = field.name;
        if (control instanceof HTMLSelectElement) {
          for (const [value, text] of field.options ?? []) control.add(new Option(text, value));
        } else {
          control.type = field.type ?? "text";
        }
        control.value = field.value ?? control.value;
        label.append(control);
        form.append(label);
      }
      const actions = document.createElement("p");
      actions.append(button("OK", "ok"));
      if (options.remove) actions.append(" ", button(options.remove, "remove"));
      actions.append(" ", button("Cancel", "cancel"));
      form.append(actions);
    });
    dialog.addEventListener("close", () => {
      if (dialog.returnValue === "remove") return resolve("remove");
      if (dialog.returnValue !== "ok") return resolve(null);
      const form = dialog.querySelector("form") as HTMLFormElement;
      const values: Record<string, string> = {};
      for (const field of fields)
        values[field.name] = (form.elements.namedItem(field.name) as HTMLInputElement).value.trim();
      resolve(values);
    });
  });
}

export interface PickedImage {
  src: string;
  alt: string;
  width: number;
  height: number;
}

interface LibraryImage {
  url: string;
  alt: string;
  width: number;
  height: number;
}

/** The media library as a picker (with an upload field), so an image's size is always known. */
export function pickImages(options: { multiple: boolean; csrf: string }): Promise<PickedImage[]> {
  return new Promise((resolve) => {
    const chosen: PickedImage[] = [];
    const dialog = openDialog(
      options.multiple ? "Choose images for the gallery" : "Choose an image",
      (form) => {
        const list = document.createElement("ul");
        list.className = "media-picker";
        const upload = document.createElement("label");
        upload.textContent = "Upload a new image";
        const file = document.createElement("input");
        file.type = "file";
        file.accept = "image/*";
        upload.append(file);
        const progress = document.createElement("progress");
        progress.max = 1;
        progress.value = 0;
        progress.hidden = true;
        progress.setAttribute("aria-label", "Upload progress");
        file.addEventListener("change", async () => {
          const picked = file.files?.[0];
          if (!picked) return;
          progress.hidden = false;
          const image = await uploadImage(picked, options.csrf, (share) => {
            progress.value = share;
          }).catch(() => null);
          progress.hidden = true;
          if (image) {
            chosen.push(image);
            if (!options.multiple) dialog.close("ok");
          }
        });
        form.append(upload, progress, list);
        const actions = document.createElement("p");
        if (options.multiple) actions.append(button("Insert", "ok"), " ");
        actions.append(button("Cancel", "cancel"));
        form.append(actions);
        fetch("/admin/media.json", { credentials: "same-origin" })
          .then((response) => (response.ok ? response.json() : []))
          .then((images: LibraryImage[]) => {
            for (const image of images) {
              const item = document.createElement("li");
              const pick = document.createElement("button");
              pick.type = "button";
              pick.setAttribute("aria-pressed", "false");
              pick.setAttribute("aria-label", `Choose: ${image.alt || image.url}`);
              const thumbnail = document.createElement("img");
              thumbnail.src = image.url;
              thumbnail.alt = "";
              pick.append(thumbnail);
              pick.addEventListener("click", () => {
                chosen.push({ src: image.url, alt: image.alt, width: image.width, height: image.height });
                pick.setAttribute("aria-pressed", "true");
                if (!options.multiple) dialog.close("ok");
              });
              item.append(pick);
              list.append(item);
            }
          })
          .catch(() => {});
      },
    );
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok" ? chosen : []));
  });
}
