import sharp from "sharp";
import type { TestApp } from "./app.js";
import { type StaffSession, signInAs } from "./staff.js";

export const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: "#3a6ea5" } })
    .png()
    .toBuffer();

/** A multipart body as a browser builds it, plus its content-type header. */
export async function multipart(file: { name: string; type: string; data: Uint8Array } | null, alt = "") {
  const form = new FormData();
  form.append("alt", alt);
  if (file) form.append("file", new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  const response = new Response(form);
  return {
    payload: Buffer.from(await response.arrayBuffer()),
    headers: { "content-type": response.headers.get("content-type") ?? "" },
  };
}

/** A signed-in editor, and a function that uploads through the media library's form as a session. */
export async function mediaUploader(testApp: TestApp) {
  const editor = await signInAs(testApp, "editor");
  const upload = async (
    session: StaffSession,
    file: { name: string; type: string; data: Uint8Array } | null,
    alt = "",
    csrf: string | null = session.csrf,
  ) => {
    const body = await multipart(file, alt);
    const url = csrf === null ? "/admin/media/" : `/admin/media/?_csrf=${encodeURIComponent(csrf)}`;
    return session.request({ method: "POST", url, ...body });
  };
  return { editor, upload };
}
