/** Colour arithmetic for the theme: WCAG 2 contrast, and nudging an accent until it is readable. */

type Rgb = [number, number, number];

const parseHex = (hex: string): Rgb =>
  [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) as Rgb;

const toHex = (rgb: Rgb) => `#${rgb.map((part) => Math.round(part).toString(16).padStart(2, "0")).join("")}`;

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((part) => {
    const c = part / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** `color` mixed with `toward` by `share` (0: unchanged, 1: `toward`). */
export function mix(color: string, toward: string, share: number): string {
  const from = parseHex(color);
  const to = parseHex(toward);
  return toHex(from.map((part, i) => part + ((to[i] as number) - part) * share) as Rgb);
}

/** AA for normal text, with a little room so rounding never lands just under it. */
export const READABLE = 4.6;

/**
 * The accent as close to the owner's choice as can be while it reads on `background` (AA): mixed, a step
 * at a time, toward black on a light page or white on a dark one. Black and white always get there.
 */
export function readableOn(background: string, accent: string): string {
  const toward = luminance(background) > 0.5 ? "#000000" : "#ffffff";
  for (let share = 0; share < 1; share += 0.02) {
    const candidate = mix(accent, toward, share);
    if (contrastRatio(candidate, background) >= READABLE) return candidate;
  }
  return toward;
}

/** Black or white, whichever reads better on `background` (text on an accent-coloured button). */
export const inkOn = (background: string) =>
  contrastRatio("#000000", background) >= contrastRatio("#ffffff", background) ? "#000000" : "#ffffff";

/** Whether dark text reads better than light on this colour: a light background. */
export const isLight = (background: string) => inkOn(background) === "#000000";
