import { h } from "./jsx.js";

/**
 * A list's one-field filter: a GET form sending `q` (at most 200 characters, as the lists' schemas
 * allow) back to the list's own address.
 */
export function SearchFilter(props: {
  action: string;
  label: string;
  value: string;
  button: string;
  /** The form's class (`filters` lays the field and the button out in a row). */
  class?: string;
  buttonClass?: string;
}) {
  return (
    <form class={props.class} method="get" action={props.action}>
      <label>
        {props.label}
        <input type="search" name="q" maxlength={200} value={props.value} />
      </label>
      <button type="submit" class={props.buttonClass}>
        {props.button}
      </button>
    </form>
  );
}
