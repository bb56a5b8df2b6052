import type { I18n } from "../../../i18n/i18n.js";
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
export function SignInForm(props: { i18n: I18n; returnTo: string; email?: string }) {
  const { t } = props.i18n;
  return (
    <form class="reader-form" method="post" action="/account/sign-in">
      <input type="hidden" name="return_to" value={props.returnTo} />
      <label>
        {t("account.email")}
        <input
          type="email"
          name="email"
          autocomplete="email"
          required
          maxlength="320"
          value={props.email ?? ""}
        />
      </label>
      <button type="submit">{t("account.sendLink")}</button>
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
  const { t, i18n } = props.chrome;
  return (
    <AccountLayout chrome={props.chrome} title={t("account.signIn")}>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      <p>{t("account.noPassword")}</p>
      <SignInForm i18n={i18n} returnTo={props.returnTo} email={props.email} />
    </AccountLayout>
  );
}

/** The page a sign-in link opens: a button, so mail scanners that fetch links do not use it up. */
export function ConfirmSignInPage(props: { chrome: SiteChrome; token: string; usable: boolean }) {
  const { t } = props.chrome;
  return (
    <AccountLayout chrome={props.chrome} title={t("account.signIn")}>
      {props.usable ? (
        <form class="reader-form" method="post" action={`/account/sign-in/${props.token}`}>
          <button type="submit">{t("account.signIn")}</button>
        </form>
      ) : (
        <>
          <Notice kind="error" text={t("account.linkUnusable")} />
          <p>
            <a href="/account/">{t("account.newLink")}</a>
          </p>
        </>
      )}
    </AccountLayout>
  );
}

export function ProfilePage(props: { chrome: SiteChrome; reader: Reader; notice?: string; error?: string }) {
  const { reader } = props;
  const { t, i18n } = props.chrome;
  return (
    <AccountLayout chrome={props.chrome} title={t("account.title")}>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      <p>
        {i18n.rich("account.signedInAs", { email: <strong class="reader-email">{reader.email}</strong> })}
      </p>
      <form class="reader-form" method="post" action="/account/name">
        <label>
          {t("account.displayName")}
          <input
            type="text"
            name="display_name"
            required
            maxlength={DISPLAY_NAME_MAX}
            value={reader.displayName}
          />
        </label>
        <button type="submit">{t("account.saveName")}</button>
      </form>
      <p>
        <a href="/account/newsletters/">{t("account.newsletters")}</a>
      </p>
      <h2>{t("account.data")}</h2>
      <p>
        <a href="/account/data" download="my-data.json">
          {t("account.download")}
        </a>
      </p>
      <form class="reader-form" method="post" action="/account/delete">
        <label>
          <input type="checkbox" name="confirm" value="yes" required /> {t("account.deleteConfirm")}
        </label>
        <button type="submit">{t("account.delete")}</button>
      </form>
      <form class="reader-form" method="post" action="/account/sign-out">
        <button type="submit">{t("account.signOut")}</button>
      </form>
    </AccountLayout>
  );
}
