import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { defaultSiteSettings, type SiteSettings } from "../settings/settings.js";
import { contrastRatio, inkOn, READABLE, readableOn } from "./colors.js";
import { injectionPolicy, injectionSources } from "./injection.js";
import { buildTheme, SITE_PALETTES, themeCss } from "./theme.js";

const assetUrl = (name: string) => `/assets/${name}`;
const theme = (changes: Partial<SiteSettings>) =>
  themeCss({ ...defaultSiteSettings(), ...changes }, assetUrl, SITE_PALETTES);
const hexColour = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 3, maxLength: 3 })
  .map((parts) => `#${parts.map((part) => part.toString(16).padStart(2, "0")).join("")}`);

describe("colours", () => {
  it("measures contrast as WCAG 2 does", () => {
    assert.equal(contrastRatio("#000000", "#ffffff"), 21);
    assert.equal(contrastRatio("#777777", "#777777"), 1);
    assert.ok(Math.abs(contrastRatio("#767676", "#ffffff") - 4.54) < 0.01);
  });

  it("makes any accent readable on both of site.css's papers, and the text on it readable too", () => {
    const papers = [SITE_PALETTES.light["--paper"], SITE_PALETTES.dark["--paper"]] as string[];
    fc.assert(
      fc.property(hexColour, (accent) => {
        for (const paper of papers) {
          const readable = readableOn(paper, accent);
          assert.ok(contrastRatio(readable, paper) >= READABLE, `${accent} on ${paper}: ${readable}`);
          assert.ok(contrastRatio(inkOn(readable), readable) >= 4.5, `text on ${readable}`);
        }
      }),
    );
  });

  it("leaves an accent that already reads alone", () => {
    assert.equal(readableOn("#ffffff", "#1f3a93"), "#1f3a93");
  });
});

describe("theme stylesheet", () => {
  it("reads both palettes from site.css", () => {
    assert.equal(SITE_PALETTES.light["--paper"], "#ffffff");
    assert.equal(SITE_PALETTES.dark["--paper"], "#15171a");
    assert.equal(SITE_PALETTES.light["--button-bg"], "#b3261e");
  });

  it("declares only the chosen shipped fonts, swapping while they load", () => {
    const css = theme({ headingFont: "literata", bodyFont: "literata" });
    assert.equal(css.match(/@font-face/g)?.length, 1);
    assert.match(
      css,
      /font-family: "Literata Variable";[^}]*font-display: swap;[^}]*url\(\/assets\/font-literata\.woff2\)/,
    );
    assert.match(css, /--serif: "Literata Variable", Georgia/);
    assert.doesNotMatch(theme({}), /@font-face/);
  });

  it("is empty for the default design, which links no stylesheet at all", () => {
    assert.equal(theme({}), "");
    assert.equal(buildTheme(defaultSiteSettings(), assetUrl).url, undefined);
  });

  it("keeps the house palette when no accent is chosen and the scheme follows the reader", () => {
    const css = theme({ bodyFont: "inter" });
    assert.doesNotMatch(css, /--accent|color-scheme|prefers-color-scheme|--serif/);
    assert.match(css, /--sans: "Inter Variable"/);
  });

  it("gives each palette its own readable accent under auto", () => {
    const css = theme({ accentColor: "#ffd000" });
    const [light, dark] = [...css.matchAll(/--accent: (#[0-9a-f]{6})/g)].map((match) => match[1] as string);
    assert.ok(light && dark);
    assert.ok(contrastRatio(light, "#ffffff") >= 4.5);
    assert.ok(contrastRatio(dark, "#15171a") >= 4.5);
    assert.match(css, /@media \(prefers-color-scheme: dark\) \{\n:root \{\n {2}--accent: /);
  });

  it("forces dark with site.css's dark palette for everyone", () => {
    const css = theme({ colorScheme: "dark" });
    assert.doesNotMatch(css, /prefers-color-scheme/);
    assert.match(css, /color-scheme: dark;/);
    assert.match(css, /--paper: #15171a;/);
    assert.match(css, /--ink: #e9e7e2;/);
  });

  it("forces light by undoing the dark palette where the reader prefers dark", () => {
    const css = theme({ colorScheme: "light" });
    assert.match(
      css,
      /@media \(prefers-color-scheme: dark\) \{\n:root \{\n {2}color-scheme: light;[^}]*--paper: #ffffff;/,
    );
  });

  it("appends the owner's custom CSS last", () => {
    const css = theme({ accentColor: "#123456", customCss: "body { letter-spacing: 0.01em }" });
    assert.ok(css.trimEnd().endsWith("body { letter-spacing: 0.01em }"));
  });

  it("names the stylesheet after its content and says which schemes the page supports", () => {
    const a = buildTheme({ ...defaultSiteSettings(), accentColor: "#123456" }, assetUrl);
    const b = buildTheme({ ...defaultSiteSettings(), accentColor: "#123457" }, assetUrl);
    assert.notEqual(a.url, b.url);
    assert.equal(a.colorSchemes, "light dark");
    assert.equal(
      buildTheme({ ...defaultSiteSettings(), colorScheme: "dark" }, assetUrl).colorSchemes,
      "dark",
    );
  });
});

describe("code injection policy", () => {
  const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

  it("is the strict default (none) without injected code", () => {
    assert.equal(injectionPolicy("", "  \n"), undefined);
  });

  it("hashes inline scripts and styles as written and names external origins", () => {
    const sources = injectionSources(
      `<script>a &amp;&amp; b()</script><script src="https://cdn.example.net/x.js"></script>
       <link rel="stylesheet" href="https://fonts.example.com/a.css"><style> p{} </style>
       <img src="https://pixel.example/p.gif" alt=""><iframe src="https://video.example/e/1"></iframe>
       <script src="/local.js"></script><script type="application/ld+json">{}</script>`,
    );
    assert.deepEqual(sources.scriptSrc, [hash("a &amp;&amp; b()"), "https://cdn.example.net", hash("{}")]);
    assert.deepEqual(sources.styleSrc, ["https://fonts.example.com", hash(" p{} ")]);
    assert.deepEqual(sources.imgSrc, ["https://pixel.example"]);
    assert.deepEqual(sources.frameSrc, ["https://video.example"]);
    assert.ok(sources.connectSrc?.includes("https://cdn.example.net"));
  });

  it("adds them to the public policy and keeps the rest strict", () => {
    const policy = injectionPolicy(
      '<script src="https://cdn.example.net/x.js"></script>',
      "<style>a{}</style>",
    );
    assert.match(String(policy), /script-src 'self' https:\/\/cdn\.example\.net;/);
    assert.match(String(policy), new RegExp(`style-src 'self' ${hash("a{}").replace(/[+/]/g, "\\$&")}`));
    assert.match(String(policy), /object-src 'none'/);
    assert.match(String(policy), /frame-ancestors 'none'/);
  });
});
