import { XMLParser } from "fast-xml-parser";

/**
 * Checks an RSS document against the RSS 2.0 specification (https://www.rssboard.org/rss-specification)
 * and the namespaces we use, element by element. An element without a rule here is itself a
 * violation, so a feed cannot start emitting something nobody checked. Returns the violations found.
 */
export function rssViolations(xml: string): string[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    isArray: (name) => !name.startsWith("@"),
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
  });
  const document = parser.parse(xml) as Node;
  const violations: string[] = [];
  const report = (message: string) => violations.push(message);
  const roots = children(document, "rss");
  if (roots.length !== 1) return ["the document has no single <rss> root"];
  const rss = roots[0] as Node;
  if (rss["@version"] !== "2.0") report(`<rss version> is ${rss["@version"]}, not 2.0`);
  const channels = children(rss, "channel");
  if (channels.length !== 1) return [...violations, "<rss> needs exactly one <channel>"];
  checkNamespaces(rss, report);
  checkChannel(channels[0] as Node, report);
  return violations;
}

type Node = Record<string, unknown>;
type Report = (message: string) => void;

const NAMESPACES: Record<string, string> = {
  dc: "http://purl.org/dc/elements/1.1/",
  content: "http://purl.org/rss/1.0/modules/content/",
  atom: "http://www.w3.org/2005/Atom",
};

const children = (node: Node, name: string) => (node[name] as Node[] | undefined) ?? [];
const elementNames = (node: Node) =>
  Object.keys(node).filter((key) => !key.startsWith("@") && key !== "#text");
const textOf = (node: Node | string) => (typeof node === "string" ? node : String(node["#text"] ?? ""));

const MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";
const RFC822 = new RegExp(
  `^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (${MONTHS}) \\d{4} \\d{2}:\\d{2}:\\d{2} (GMT|UT|[+-]\\d{4})$`,
);
/** RSS 2.0 wants an e-mail address, optionally followed by the person's name in parentheses. */
const EMAIL_FORM = /^[^@\s()]+@[^@\s()]+\.[^@\s()]+( \([^()]+\))?$/;
const MIME_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/;

const isAbsoluteUrl = (value: string) => {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

function checkDate(value: string, where: string, report: Report) {
  // The day name must also agree with the date: parse and print it again.
  if (!RFC822.test(value) || new Date(value).toUTCString().slice(0, 3) !== value.slice(0, 3)) {
    report(`${where} is not an RFC 822 date: ${value}`);
  }
}

function checkNamespaces(rss: Node, report: Report) {
  for (const [prefix, uri] of Object.entries(NAMESPACES)) {
    const declared = rss[`@xmlns:${prefix}`];
    if (declared !== undefined && declared !== uri) report(`xmlns:${prefix} is ${declared}, not ${uri}`);
  }
  const used = new Set<string>();
  const walk = (node: Node) => {
    for (const name of elementNames(node)) {
      if (name.includes(":")) used.add(name.split(":")[0] as string);
      for (const child of children(node, name)) if (typeof child === "object") walk(child);
    }
  };
  walk(rss);
  for (const prefix of used) {
    if (rss[`@xmlns:${prefix}`] === undefined) report(`the ${prefix}: namespace is used but not declared`);
  }
}

/** `count`: "1" exactly once, "?" at most once, "*" any number. */
type Rule = { count: "1" | "?" | "*"; check?: (node: Node | string, where: string, report: Report) => void };

const text: Rule["check"] = (node, where, report) => {
  if (textOf(node).trim() === "") report(`${where} is empty`);
};
const url: Rule["check"] = (node, where, report) => {
  if (!isAbsoluteUrl(textOf(node))) report(`${where} is not an absolute URL: ${textOf(node)}`);
};
const date: Rule["check"] = (node, where, report) => checkDate(textOf(node), where, report);
const email: Rule["check"] = (node, where, report) => {
  if (!EMAIL_FORM.test(textOf(node))) report(`${where} is not an e-mail address: ${textOf(node)}`);
};
const category: Rule["check"] = (node, where, report) => {
  text(node, where, report);
  const domain = typeof node === "object" ? node["@domain"] : undefined;
  if (domain !== undefined && String(domain).trim() === "") report(`${where} has an empty domain`);
};

const CHANNEL_RULES: Record<string, Rule> = {
  title: { count: "1", check: text },
  link: { count: "1", check: url },
  description: { count: "1", check: text },
  language: {
    count: "?",
    check: (node, where, report) => {
      if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(textOf(node)))
        report(`${where} is not a language code`);
    },
  },
  copyright: { count: "?", check: text },
  managingEditor: { count: "?", check: email },
  webMaster: { count: "?", check: email },
  pubDate: { count: "?", check: date },
  lastBuildDate: { count: "?", check: date },
  category: { count: "*", check: category },
  generator: { count: "?", check: text },
  docs: { count: "?", check: url },
  ttl: {
    count: "?",
    check: (node, where, report) => {
      if (!/^\d+$/.test(textOf(node))) report(`${where} is not a whole number of minutes`);
    },
  },
  image: { count: "?" },
  "atom:link": {
    count: "*",
    check: (node, where, report) => {
      const link = node as Node;
      if (!isAbsoluteUrl(String(link["@href"]))) report(`${where} href is not an absolute URL`);
      if (link["@rel"] === "self" && link["@type"] !== "application/rss+xml") {
        report(`${where} rel=self should have type application/rss+xml`);
      }
    },
  },
  item: { count: "*" },
};

const ITEM_RULES: Record<string, Rule> = {
  title: { count: "?", check: text },
  link: { count: "?", check: url },
  description: { count: "?", check: text },
  author: { count: "?", check: email },
  category: { count: "*", check: category },
  comments: { count: "?", check: url },
  enclosure: {
    count: "?",
    check: (node, where, report) => {
      const enclosure = node as Node;
      if (!isAbsoluteUrl(String(enclosure["@url"]))) report(`${where} url is not an absolute URL`);
      if (!/^\d+$/.test(String(enclosure["@length"]))) report(`${where} length is not a byte count`);
      if (!MIME_TYPE.test(String(enclosure["@type"]))) report(`${where} type is not a MIME type`);
    },
  },
  guid: {
    count: "?",
    check: (node, where, report) => {
      const permalink = typeof node === "object" ? node["@isPermaLink"] : undefined;
      if (permalink !== undefined && permalink !== "true" && permalink !== "false") {
        report(`${where} isPermaLink is neither true nor false`);
      }
      // Without isPermaLink="false" a guid is a permalink, and must be a URL a browser can open.
      if (permalink !== "false" && !isAbsoluteUrl(textOf(node)))
        report(`${where} is a permalink but not a URL`);
      text(node, where, report);
    },
  },
  pubDate: { count: "?", check: date },
  source: { count: "?", check: text },
  "dc:creator": { count: "*", check: text },
  "content:encoded": { count: "?", check: text },
};

const IMAGE_RULES: Record<string, Rule> = {
  url: { count: "1", check: url },
  title: { count: "1", check: text },
  link: { count: "1", check: url },
  width: { count: "?" },
  height: { count: "?" },
  description: { count: "?", check: text },
};

function checkElements(node: Node, rules: Record<string, Rule>, where: string, report: Report) {
  for (const name of elementNames(node)) {
    if (!rules[name]) report(`<${name}> in ${where} is not an element RSS 2.0 (or a declared module) allows`);
  }
  for (const [name, rule] of Object.entries(rules)) {
    const found = children(node, name);
    if (rule.count === "1" && found.length !== 1)
      report(`${where} needs exactly one <${name}>, has ${found.length}`);
    if (rule.count === "?" && found.length > 1)
      report(`${where} may have one <${name}>, has ${found.length}`);
    for (const child of found) rule.check?.(child, `<${name}> in ${where}`, report);
  }
}

function checkChannel(channel: Node, report: Report) {
  checkElements(channel, CHANNEL_RULES, "<channel>", report);
  for (const image of children(channel, "image")) {
    checkElements(image, IMAGE_RULES, "<image>", report);
    // The image links to the channel and is described by its title.
    if (textOf(children(image, "title")[0] ?? "") !== textOf(children(channel, "title")[0] ?? "")) {
      report("<image><title> differs from the channel's title");
    }
    if (textOf(children(image, "link")[0] ?? "") !== textOf(children(channel, "link")[0] ?? "")) {
      report("<image><link> differs from the channel's link");
    }
  }
  children(channel, "item").forEach((item, index) => {
    const where = `<item> ${index + 1}`;
    checkElements(item, ITEM_RULES, where, report);
    if (children(item, "title").length === 0 && children(item, "description").length === 0) {
      report(`${where} needs a <title> or a <description>`);
    }
  });
}
