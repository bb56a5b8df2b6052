import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PUBLIC_DIR } from "../../http/assets.js";
import type { SiteSettings } from "../settings/settings.js";
import { inkOn, isLight, mix, readableOn } from "./colors.js";
import { FONTS, type FontId, fontAssetName, type ShippedFont } from "./fonts.js";

type Tokens = Record<string, string>;

/** site.css's two palettes, read from the file itself so the forced schemes never drift from it. */
export interface Palettes {
  light: Tokens;
  dark: Tokens;
}

const DARK_BLOCK = /@media \(prefers-color-scheme: dark\) \{\s*:root \{([^}]*)\}/;
const ROOT_BLOCK = /^:root \{([^}]*)\}/gm;

function declarations(block: string): Tokens {
  const tokens: Tokens = {};
  for (const [, name, value] of block.matchAll(/(--[\w-]+):\s*([^;]+);/g))
    tokens[name as string] = value as string;
  return tokens;
}

export function palettesOf(css: string): Palettes {
  const light = Object.assign(
    {},
    ...[...css.matchAll(ROOT_BLOCK)].map(([, block]) => declarations(block ?? "")),
  );
  const dark = declarations(DARK_BLOCK.exec(css)?.[1] ?? "");
  if (!light["--paper"] || !dark["--paper"]) throw new Error("site.css lost its --paper tokens");
  return { light, dark };
}

export const SITE_PALETTES = palettesOf(readFileSync(join(PUBLIC_DIR, "assets", "site.css"), "utf8"));

/** The Latin subset's range, as fontsource declares it: other scripts fall back to the system stack. */
const LATIN_RANGE =
  "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD";

function fontFace(id: FontId, assetUrl: (name: string) => string): string {
  const { face }: ShippedFont = FONTS[id];
  if (!face) return "";
  return `@font-face {
  font-family: "${face.family}";
  font-style: normal;
  font-display: swap;
  font-weight: 100 900;
  src: url(${assetUrl(fontAssetName(id))}) format("woff2");
  unicode-range: ${LATIN_RANGE};
}
`;
}

/** The accent and what goes with it, made readable on this palette's paper. */
function accentTokens(accentColor: string, paper: string): Tokens {
  const accent = readableOn(paper, accentColor);
  return {
    "--accent": accent,
    "--button-bg": accent,
    "--button-ink": inkOn(accent),
    "--button-bg-hover": mix(accent, isLight(paper) ? "#000000" : "#ffffff", 0.2),
  };
}

const rule = (selector: string, tokens: Tokens) =>
  `${selector} {\n${Object.entries(tokens)
    .map(([name, value]) => `  ${name}: ${value};\n`)
    .join("")}}\n`;

const whenDark = (body: string) => `@media (prefers-color-scheme: dark) {\n${body}}\n`;

/** The colour part: the palette the owner forces, if any, and the accent on each palette in use. */
function colourRules(settings: SiteSettings, palettes: Palettes): string {
  const { accentColor, colorScheme } = settings;
  const accentOn = (paper: string | undefined): Tokens =>
    accentColor && paper ? accentTokens(accentColor, paper) : {};
  const light = accentOn(palettes.light["--paper"]);
  const dark = accentOn(palettes.dark["--paper"]);
  if (colorScheme === "dark") return rule(":root", { "color-scheme": "dark", ...palettes.dark, ...dark });
  if (colorScheme === "light") {
    // Undo only what site.css's dark block changes, with the light values.
    const undone = Object.fromEntries(
      Object.keys(palettes.dark).map((name) => [name, palettes.light[name] ?? ""]),
    );
    return (
      rule(":root", { "color-scheme": "light", ...light }) +
      whenDark(rule(":root", { "color-scheme": "light", ...undone, ...light }))
    );
  }
  if (!accentColor) return "";
  return rule(":root", light) + whenDark(rule(":root", dark));
}

/** The site's theme stylesheet, served after site.css (never inline: the CSP forbids inline styles). */
export function themeCss(
  settings: SiteSettings,
  assetUrl: (name: string) => string,
  palettes: Palettes,
): string {
  const fonts = [...new Set([settings.headingFont, settings.bodyFont])];
  // site.css's own stacks are the system ones: only a change of font needs a rule.
  const stacks: Tokens = {};
  if (settings.headingFont !== SITE_SERIF) stacks["--serif"] = FONTS[settings.headingFont].stack;
  if (settings.bodyFont !== SITE_SANS) stacks["--sans"] = FONTS[settings.bodyFont].stack;
  return [
    ...fonts.map((id) => fontFace(id, assetUrl)),
    Object.keys(stacks).length > 0 ? rule(":root", stacks) : "",
    colourRules(settings, palettes),
    settings.customCss ? `/* The owner's custom CSS. */\n${settings.customCss}\n` : "",
  ].join("");
}

const SITE_SERIF: FontId = "system-serif";
const SITE_SANS: FontId = "system-sans";

export interface Theme {
  css: string;
  /**
   * Versioned by the stylesheet's own hash, so browsers may keep it for a year; undefined when the
   * design is the default, so a default site costs no extra request.
   */
  url?: string;
  /** For `<meta name="color-scheme">`: which schemes the page supports. */
  colorSchemes: string;
}

export function buildTheme(settings: SiteSettings, assetUrl: (name: string) => string): Theme {
  const css = themeCss(settings, assetUrl, SITE_PALETTES);
  const hash = createHash("sha256").update(css).digest("hex").slice(0, 12);
  return {
    css,
    url: css ? `/theme/${hash}.css` : undefined,
    colorSchemes: settings.colorScheme === "auto" ? "light dark" : settings.colorScheme,
  };
}
