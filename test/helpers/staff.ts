import type { InjectOptions, LightMyRequestResponse } from "fastify";
import type { Role } from "../../src/features/accounts/roles.js";
import type { StaffUser } from "../../src/features/accounts/user.js";
import { createStaffUser } from "../../src/features/accounts/user.service.js";
import type { TestApp } from "./app.js";

export const TEST_PASSWORD = "correct horse battery staple";

/** A signed-in browser: its cookies, and a CSRF token valid with them. */
export interface StaffSession {
  user: StaffUser;
  cookies: Record<string, string>;
  csrf: string;
  /** Sends a request as this browser, keeping any cookies the response sets. */
  request(
    options: InjectOptions & { form?: Record<string, string | string[]> },
  ): Promise<LightMyRequestResponse>;
}

let counter = 0;

function rememberCookies(cookies: Record<string, string>, response: LightMyRequestResponse) {
  for (const cookie of response.cookies) {
    if (cookie.maxAge === 0 || cookie.value === "") delete cookies[cookie.name];
    else cookies[cookie.name] = cookie.value;
  }
}

/** A browser with no account: it can fetch a CSRF token and post forms, like a visitor on the sign-in page. */
export async function anonymousBrowser(testApp: TestApp) {
  const cookies: Record<string, string> = {};
  const request: StaffSession["request"] = async ({ form, ...options }) => {
    const payload = form
      ? new URLSearchParams(
          Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
        ).toString()
      : options.payload;
    const response = await testApp.app.inject({
      ...options,
      cookies: { ...cookies, ...(options.cookies ?? {}) },
      payload,
      headers: {
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        ...(options.headers ?? {}),
      },
    });
    rememberCookies(cookies, response);
    return response;
  };
  const signInPage = await request({ method: "GET", url: "/admin/signin" });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(signInPage.body)?.[1];
  if (!csrf) throw new Error("no CSRF token on the sign-in page");
  return { cookies, csrf, request };
}

/** Creates a staff member with this role and signs them in through the real sign-in form. */
export async function signInAs(
  testApp: TestApp,
  role: Role,
  name = `${role} ${++counter}`,
): Promise<StaffSession> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${++counter}@example.org`;
  const user = await createStaffUser(
    testApp.storage.db,
    { email, name, role, password: TEST_PASSWORD },
    testApp.now(),
  );
  const browser = await anonymousBrowser(testApp);
  const response = await browser.request({
    method: "POST",
    url: "/admin/signin",
    form: { _csrf: browser.csrf, email, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 303) throw new Error(`sign-in failed with ${response.statusCode}`);
  return { user, ...browser };
}
