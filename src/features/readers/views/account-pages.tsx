import { type Child, Fragment, h } from "../../../views/jsx.js";
import { Layout } from "../../../views/layout.js";
import type { SiteChrome } from "../../../views/site.js";
import { DISPLAY_NAME_MAX, type Reader } from "../reader.js";

/**
 * The frame of every page about one reader's own things (other features' account pages use it too).
 * They are kept out of search engines unless `indexable`: a page anyone may find, such as the list of newsletters.
 */
export function AccountLayout(props: {
  chrome: SiteChrome;
  title: string;
  children?: Child;
  path?: string;
  indexable?: boolean;
}) {
  return (
    <Layout
      chrome={props.chrome}
      meta={{ title: props.title, path: props.path ?? "/account/", noindex: !props.indexable }}
      head={<link rel="stylesheet" href={props.chrome.assetUrl("comments.css")} />}
    >
      <section class="reader-account" aria-labelledby="account-title">
        <h1 id="account-title">{props.title}</h1>
        {props.children}
      </section>
    </Layout>
  );
}

export const Notice = (props: { text?: string; kind?: "ok" | "error" }) =>
  props.text ? (
    <p
      class={`form-notice form-notice-${props.kind ?? "ok"}`}
      role={props.kind === "error" ? "alert" : "status"}
    >
      {props.text}
    </p>
  ) : null;

/** The e-mail form that sends a sign-in link; also used under articles for "sign in to comment". */
export function SignInForm(props: { returnTo: string; email?: string }) {
  return (
    <form class="reader-form" method="post" action="/account/sign-in">
      <input type="hidden" name="return_to" value={props.returnTo} />
      <label>
        E-mail
        <input
          type="email"
          name="email"
          autocomplete="email"
          required
          maxlength="320"
          value={props.email ?? ""}
        />
      </label>
      <button type="submit">E-mail me a sign-in link</button>
    </form>
  );
}

export function SignInPage(props: {
  chrome: SiteChrome;
  returnTo: string;
  email?: string;
  notice?: string;
  error?: string;
}) {
  return (
    <AccountLayout chrome={props.chrome} title="Sign in">
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      <p>No password: we e-mail you a link that signs you in on this device.</p>
      <SignInForm returnTo={props.returnTo} email={props.email} />
    </AccountLayout>
  );
}

/** The page a sign-in link opens: a button, so mail scanners that fetch links do not use it up. */
export function ConfirmSignInPage(props: { chrome: SiteChrome; token: string; usable: boolean }) {
  return (
    <AccountLayout chrome={props.chrome} title="Sign in">
      {props.usable ? (
        <form class="reader-form" method="post" action={`/account/sign-in/${props.token}`}>
          <button type="submit">Sign in</button>
        </form>
      ) : (
        <>
          <Notice kind="error" text="This sign-in link is invalid, already used or expired." />
          <p>
            <a href="/account/">Ask for a new link</a>
          </p>
        </>
      )}
    </AccountLayout>
  );
}

export function ProfilePage(props: { chrome: SiteChrome; reader: Reader; notice?: string; error?: string }) {
  const { reader } = props;
  return (
    <AccountLayout chrome={props.chrome} title="Your account">
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      <p>
        Signed in as <strong class="reader-email">{reader.email}</strong>. Your e-mail address is never shown
        to other readers.
      </p>
      <form class="reader-form" method="post" action="/account/name">
        <label>
          Display name
          <input
            type="text"
            name="display_name"
            required
            maxlength={DISPLAY_NAME_MAX}
            value={reader.displayName}
          />
        </label>
        <button type="submit">Save name</button>
      </form>
      <p>
        <a href="/account/newsletters/">Your newsletters</a>
      </p>
      <h2>Your data</h2>
      <p>
        <a href="/account/data" download="my-data.json">
          Download everything we keep about you (JSON)
        </a>
      </p>
      <form class="reader-form" method="post" action="/account/delete">
        <label>
          <input type="checkbox" name="confirm" value="yes" required /> Delete my account. My comments stay,
          signed "deleted reader".
        </label>
        <button type="submit">Delete my account</button>
      </form>
      <form class="reader-form" method="post" action="/account/sign-out">
        <button type="submit">Sign out</button>
      </form>
    </AccountLayout>
  );
}
