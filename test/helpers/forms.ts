/**
 * The payload and headers of a URL-encoded form as a browser posts it, spread into an inject call:
 * `app.inject({ method: "POST", url, cookies, ...formBody({ confirm: "yes" }) })`.
 */
export const formBody = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
});
