import { createRequire } from "node:module";

/**
 * The fonts a site may choose (decision 0047): two system stacks, which cost no download, and three
 * OFL fonts shipped in npm packages, served by the site itself so no reader's request leaves it.
 * Only the Latin subset of each, in one variable-weight file; browsers slant it for italics.
 */
export interface ShippedFont {
  label: string;
  /** The CSS font-family value, the shipped face first when there is one. */
  stack: string;
  /** The face's name in @font-face and the package file it comes from. */
  face?: { family: string; packageFile: string };
}

const SANS_FALLBACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const SERIF_FALLBACK = 'Georgia, "Iowan Old Style", "Times New Roman", serif';

const shipped = (family: string, packageFile: string, fallback: string): Omit<ShippedFont, "label"> => ({
  stack: `"${family}", ${fallback}`,
  face: { family, packageFile },
});

export const FONTS = {
  "system-sans": { label: "System sans-serif (no download)", stack: SANS_FALLBACK },
  "system-serif": { label: "System serif (no download)", stack: SERIF_FALLBACK },
  inter: {
    label: "Inter (sans-serif)",
    ...shipped(
      "Inter Variable",
      "@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
      SANS_FALLBACK,
    ),
  },
  "source-serif-4": {
    label: "Source Serif 4 (serif)",
    ...shipped(
      "Source Serif 4 Variable",
      "@fontsource-variable/source-serif-4/files/source-serif-4-latin-wght-normal.woff2",
      SERIF_FALLBACK,
    ),
  },
  literata: {
    label: "Literata (serif)",
    ...shipped(
      "Literata Variable",
      "@fontsource-variable/literata/files/literata-latin-wght-normal.woff2",
      SERIF_FALLBACK,
    ),
  },
} satisfies Record<string, ShippedFont>;

export type FontId = keyof typeof FONTS;
export const FONT_IDS = Object.keys(FONTS) as FontId[];

/** The asset name a shipped face is served under (/assets/font-inter.<hash>.woff2). */
export const fontAssetName = (id: FontId) => `font-${id}.woff2`;

/** The font files to serve as assets, by asset name, resolved from the installed packages. */
export function fontAssetFiles(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const files: Record<string, string> = {};
  for (const id of FONT_IDS) {
    const font: ShippedFont = FONTS[id];
    if (font.face) files[fontAssetName(id)] = require.resolve(font.face.packageFile);
  }
  return files;
}
