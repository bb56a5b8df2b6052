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

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** Marks already-sanitised markup (rendered Markdown, JSON-LD) as safe to embed as is. */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}

function renderChild(child: Child): string {
  if (child === null || child === undefined || child === false || child === true) return "";
  if (child instanceof Html) return child.value;
  if (Array.isArray(child)) return child.map(renderChild).join("");
  return escapeHtml(String(child));
}

function renderAttributes(props: Props): string {
  let out = "";
  for (const [name, value] of Object.entries(props)) {
    if (name === "children" || value === null || value === undefined || value === false) continue;
    const attr = name === "className" ? "class" : name;
    out += value === true ? ` ${attr}` : ` ${attr}="${escapeHtml(String(value))}"`;
  }
  return out;
}

export function h<P extends Props>(tag: string | Component<P>, props: P | null, ...children: Child[]): Html {
  const allProps = { ...(props ?? {}) } as P;
  if (children.length > 0) allProps.children = children.length === 1 ? children[0] : children;
  if (typeof tag === "function") return tag(allProps);
  if (VOID_ELEMENTS.has(tag)) return new Html(`<${tag}${renderAttributes(allProps)}>`);
  return new Html(`<${tag}${renderAttributes(allProps)}>${renderChild(allProps.children)}</${tag}>`);
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
