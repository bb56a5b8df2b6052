/**
 * A tiny JSX-to-string runtime. Text and attribute values are escaped unless they are already
 * `Html` (the output of another element or of `trustedHtml`), so escaping is the default and
 * injecting markup needs a visible, greppable call.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Child = Html | string | number | bigint | boolean | null | undefined | Child[];
type Props = Record<string, unknown> & { children?: Child };
type Component<P> = (props: P) => Html;

const VOID_ELEMENTS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

const NEEDS_ESCAPING = /[&<>"']/;

export function escapeHtml(text: string): string {
  // Most text has nothing to escape: testing first skips building a new string and a call per match.
  return NEEDS_ESCAPING.test(text) ? text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch) : text;
}

/** Marks already-sanitised markup (rendered Markdown, JSON-LD) as safe to embed as is. */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}

function renderChild(child: Child): string {
  if (child === null || child === undefined || child === false || child === true) return "";
  if (child instanceof Html) return child.value;
  if (Array.isArray(child)) {
    let out = "";
    for (const item of child) out += renderChild(item);
    return out;
  }
  return escapeHtml(String(child));
}

function renderAttributes(props: Props | null): string {
  let out = "";
  for (const name in props) {
    const value = props[name];
    if (name === "children" || value === null || value === undefined || value === false) continue;
    const attr = name === "className" ? "class" : name;
    out += value === true ? ` ${attr}` : ` ${attr}="${escapeHtml(String(value))}"`;
  }
  return out;
}

/**
 * Elements render straight from the props they were given; only components get a props object of their
 * own with the children in it (an uncached article page makes thousands of elements).
 */
export function h<P extends Props>(tag: string | Component<P>, props: P | null, ...children: Child[]): Html {
  if (typeof tag === "function") {
    const allProps = { ...(props ?? {}) } as P;
    if (children.length > 0) allProps.children = children.length === 1 ? children[0] : children;
    return tag(allProps);
  }
  const attributes = renderAttributes(props);
  if (VOID_ELEMENTS.has(tag)) return new Html(`<${tag}${attributes}>`);
  const content = children.length > 0 ? renderChild(children) : renderChild(props?.children);
  return new Html(`<${tag}${attributes}>${content}</${tag}>`);
}

export function Fragment(props: { children?: Child }): Html {
  return new Html(renderChild(props.children));
}

export function renderDocument(page: Html): string {
  return `<!DOCTYPE html>${page.value}`;
}

declare global {
  namespace JSX {
    type Element = Html;
    interface ElementChildrenAttribute {
      children: unknown;
    }
    interface IntrinsicElements {
      [element: string]: Record<string, unknown>;
    }
  }
}
