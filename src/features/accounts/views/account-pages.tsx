import { FormError } from "../../../views/fields.js";
import { h } from "../../../views/jsx.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import { MIN_PASSWORD_LENGTH } from "../password.js";

export function SignInPage(props: { view: AdminView; email?: string; next?: string; error?: string }) {
  return (
    <AdminLayout view={props.view} title="Sign in">
      <form class="stacked" method="post" action="/admin/signin">
        <CsrfField view={props.view} />
        <FormError problem={props.error} />
        <input type="hidden" name="next" value={props.next ?? "/admin/"} />
        <label>
          E-mail
          <input type="email" name="email" autocomplete="username" required value={props.email ?? ""} />
        </label>
        <label>
          Password
          <input type="password" name="password" autocomplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
        <a href="/admin/forgot">Forgot your password?</a>
      </form>
    </AdminLayout>
  );
}

export function ForgotPage(props: { view: AdminView }) {
  return (
    <AdminLayout view={props.view} title="Reset your password">
      <form class="stacked" method="post" action="/admin/forgot">
        <CsrfField view={props.view} />
        <label>
          E-mail
          <input type="email" name="email" autocomplete="username" required />
        </label>
        <button type="submit">Send me a reset link</button>
      </form>
    </AdminLayout>
  );
}

function PasswordField() {
  return (
    <label>
      New password <small>at least {MIN_PASSWORD_LENGTH} characters</small>
      <input
        type="password"
        name="password"
        autocomplete="new-password"
        required
        minlength={MIN_PASSWORD_LENGTH}
      />
    </label>
  );
}

export function SetupPage(props: { view: AdminView; token: string; error?: string }) {
  return (
    <AdminLayout view={props.view} title="Create the owner account">
      <form class="stacked" method="post" action={`/admin/setup/${props.token}`}>
        <CsrfField view={props.view} />
        <FormError problem={props.error} />
        <p class="hint">
          This first account owns the site: it can manage staff, settings and hand ownership on.
        </p>
        <label>
          Name
          <input type="text" name="name" required maxlength={200} />
        </label>
        <label>
          E-mail
          <input type="email" name="email" autocomplete="username" required />
        </label>
        <PasswordField />
        <button type="submit">Create account</button>
      </form>
    </AdminLayout>
  );
}

export function SetPasswordPage(props: { view: AdminView; token: string; error?: string }) {
  return (
    <AdminLayout view={props.view} title="Choose a password">
      <form class="stacked" method="post" action={`/admin/password/${props.token}`}>
        <CsrfField view={props.view} />
        <FormError problem={props.error} />
        <PasswordField />
        <button type="submit">Set password</button>
      </form>
    </AdminLayout>
  );
}

export function InvalidLinkPage(props: { view: AdminView }) {
  return (
    <AdminLayout view={props.view} title="This link no longer works">
      <p>It was already used, or it expired. Ask an administrator for a new one, or reset your password.</p>
      <p>
        <a href="/admin/forgot">Reset your password</a>
      </p>
    </AdminLayout>
  );
}

export function AccountPage(props: { view: AdminView }) {
  const { staff } = props.view;
  return (
    <AdminLayout view={props.view} title="Your account">
      <p>
        {staff?.name} · {staff?.email} · {staff?.role}
      </p>
      <form method="post" action="/admin/account/password-link">
        <CsrfField view={props.view} />
        <button type="submit" class="secondary">
          Change password
        </button>
      </form>
      <form method="post" action="/admin/signout-everywhere">
        <CsrfField view={props.view} />
        <button type="submit" class="secondary">
          Sign out on every other device
        </button>
      </form>
    </AdminLayout>
  );
}
