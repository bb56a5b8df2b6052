/** A JSON request to the staff area, with the CSRF token; a non-2xx answer throws with its message and status. */
export async function postJson<T>(url: string, body: unknown, csrf: string): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": csrf },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok)
    throw Object.assign(new Error(answer.message ?? `HTTP ${response.status}`), { status: response.status });
  return answer as T;
}
