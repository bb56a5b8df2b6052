import { createHash } from "node:crypto";
import { Parser } from "htmlparser2";
import { computeSecurityHeaders, PUBLIC_CSP_DIRECTIVES } from "../../http/security.js";

type Directive = "scriptSrc" | "styleSrc" | "imgSrc" | "fontSrc" | "connectSrc" | "frameSrc";

/** Which directive lets an element's external file load, by the element and its attribute. */
const LOADS: Record<string, { attribute: string; directive: Directive }> = {
  script: { attribute: "src", directive: "scriptSrc" },
  link: { attribute: "href", directive: "styleSrc" },
  img: { attribute: "src", directive: "imgSrc" },
  iframe: { attribute: "src", directive: "frameSrc" },
};

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

function originOf(address: string): string | undefined {
  try {
    const url = new URL(address);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the owner's injected code needs from the CSP (decision 0047): a hash of each inline <script>
 * and <style> exactly as written, and the origin of each external file, under the directive that
 * loads it. External origins may also be called by the scripts (analytics beacons): connect-src.
 */
export function injectionSources(html: string): Partial<Record<Directive, string[]>> {
  const sources: Record<Directive, Set<string>> = {
    scriptSrc: new Set(),
    styleSrc: new Set(),
    imgSrc: new Set(),
    fontSrc: new Set(),
    connectSrc: new Set(),
    frameSrc: new Set(),
  };
  let inline: { directive: Directive; text: string } | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const loads = LOADS[name];
        const address = loads && attributes[loads.attribute];
        const origin = address ? originOf(address) : undefined;
        if (loads && origin) {
          sources[loads.directive].add(origin);
          sources.connectSrc.add(origin);
        }
        if ((name === "script" && !attributes.src) || name === "style")
          inline = { directive: name === "script" ? "scriptSrc" : "styleSrc", text: "" };
      },
      ontext(text) {
        if (inline) inline.text += text;
      },
      onclosetag(name) {
        if (inline && (name === "script" || name === "style")) {
          if (inline.text.trim()) sources[inline.directive].add(sha256(inline.text));
          inline = undefined;
        }
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  return Object.fromEntries(
    Object.entries(sources)
      .filter(([, found]) => found.size > 0)
      .map(([directive, found]) => [directive, [...found]]),
  );
}

/**
 * The public pages' Content-Security-Policy with the injected code allowed, or undefined when there
 * is none (the strict policy stays). Computed once per change of settings, never per request.
 */
export function injectionPolicy(headCode: string, footerCode: string): string | undefined {
  if (!headCode.trim() && !footerCode.trim()) return undefined;
  const extra = injectionSources(`${headCode}\n${footerCode}`);
  const directives: Record<string, string[]> = { ...PUBLIC_CSP_DIRECTIVES };
  for (const [directive, sources] of Object.entries(extra)) {
    directives[directive] = [...(directives[directive] ?? ["'self'"]), ...sources];
  }
  return computeSecurityHeaders({ contentSecurityPolicy: { useDefaults: false, directives } })[
    "content-security-policy"
  ];
}
