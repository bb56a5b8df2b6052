import type { PickedImage } from "./dialogs.js";

const status = () => document.querySelector<HTMLElement>("#save-status");

/**
 * Uploads one image to the media library (XMLHttpRequest, for its upload progress) and answers with
 * the library copy's URL and size, so the figure's width and height are known.
 */
export function uploadImage(
  file: File,
  csrf: string,
  onProgress?: (share: number) => void,
): Promise<PickedImage> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    body.append("alt", "");
    body.append("file", file);
    const request = new XMLHttpRequest();
    request.open("POST", `/admin/media/?_csrf=${encodeURIComponent(csrf)}`);
    request.setRequestHeader("accept", "application/json");
    request.upload.addEventListener("progress", (event) => {
      if (!event.lengthComputable) return;
      onProgress?.(event.loaded / event.total);
      const line = status();
      if (line)
        line.textContent = `Uploading ${file.name}: ${Math.round((100 * event.loaded) / event.total)}%`;
    });
    request.addEventListener("load", () => {
      const answer = JSON.parse(request.responseText || "{}");
      const line = status();
      if (request.status !== 200) {
        if (line) line.textContent = `Upload failed: ${answer.message ?? request.status}`;
        return reject(new Error(answer.message));
      }
      if (line) line.textContent = `Uploaded ${file.name}`;
      resolve({ src: answer.url, alt: answer.alt, width: answer.width, height: answer.height });
    });
    request.addEventListener("error", () => reject(new Error("network")));
    request.send(body);
  });
}
