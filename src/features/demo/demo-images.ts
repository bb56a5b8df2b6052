import type { MediaStore } from "../../storage/media-store.js";
import type { DemoImageSpec } from "./demo-content.js";

export interface GeneratedImage {
  fileName: string;
  width: number;
  height: number;
}

const DEFAULT_SIZE = { width: 1200, height: 675 } as const;

/** Renders a deterministic abstract JPEG (no text) for the spec and stores it under `key`. */
export async function generateDemoImage(
  spec: DemoImageSpec,
  media: MediaStore,
  key: string,
  size: { width: number; height: number } = DEFAULT_SIZE,
): Promise<GeneratedImage> {
  const width = Math.max(1, Math.round(size.width));
  const height = Math.max(1, Math.round(size.height));
  const svg = renderSvg(spec, width, height);
  const { default: sharp } = await import("sharp");
  const jpeg = await sharp(Buffer.from(svg))
    .resize(width, height, { fit: "fill" })
    .flatten({ background: hslToHex(spec.hue, 30, 20) })
    .jpeg({ quality: 70, mozjpeg: true })
    .toBuffer();
  await media.put(key, jpeg, "image/jpeg");
  return { fileName: key.split("/").pop() ?? key, width, height };
}

function renderSvg(spec: DemoImageSpec, width: number, height: number): string {
  // Seeding from the visual fields (not the caption) keeps an image stable while copy is edited.
  const rand = mulberry32(fnv1a(`${spec.pattern}|${spec.hue}|${spec.alt}`));
  const hue = ((spec.hue % 360) + 360) % 360;
  const defs: string[] = [
    `<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">` +
      `<stop offset="0" stop-color="${hslToHex(hue, 55, 62)}"/>` +
      `<stop offset="1" stop-color="${hslToHex(hue + 35, 50, 24)}"/>` +
      `</linearGradient>`,
  ];
  const shapes: string[] = [`<rect width="${width}" height="${height}" fill="url(#bg)"/>`];
  const draw = PATTERNS[spec.pattern];
  draw({ width, height, hue, rand, defs, shapes });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}"><defs>${defs.join("")}</defs>${shapes.join("")}</svg>`
  );
}

interface Canvas {
  width: number;
  height: number;
  hue: number;
  rand: () => number;
  defs: string[];
  shapes: string[];
}

const PATTERNS: Record<DemoImageSpec["pattern"], (c: Canvas) => void> = {
  waves({ width, height, hue, rand, shapes }) {
    const layers = 5;
    for (let i = 0; i < layers; i++) {
      const baseY = height * (0.35 + (i / layers) * 0.6);
      const amplitude = height * (0.04 + rand() * 0.06);
      const wavelength = width * (0.35 + rand() * 0.4);
      const phase = rand() * wavelength;
      let d = `M0 ${height} L0 ${fmt(baseY)}`;
      for (let x = 0; x <= width + 20; x += 20) {
        d += ` L${x} ${fmt(baseY + amplitude * Math.sin(((x + phase) / wavelength) * Math.PI * 2))}`;
      }
      d += ` L${width} ${height} Z`;
      const color = hslToHex(hue + 10 + i * 6, 45 + i * 4, 55 - i * 7);
      shapes.push(`<path d="${d}" fill="${color}" fill-opacity="0.85"/>`);
    }
  },

  grid({ width, height, hue, rand, shapes }) {
    const cols = 8;
    const rows = Math.max(1, Math.round((cols * height) / width));
    const cw = width / cols;
    const ch = height / rows;
    const gap = Math.min(cw, ch) * 0.08;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const light = 30 + Math.floor(rand() * 40);
        const shift = Math.floor(rand() * 40) - 20;
        const opacity = (0.35 + rand() * 0.55).toFixed(2);
        shapes.push(
          `<rect x="${fmt(c * cw + gap)}" y="${fmt(r * ch + gap)}" width="${fmt(cw - 2 * gap)}" ` +
            `height="${fmt(ch - 2 * gap)}" rx="${fmt(gap)}" fill="${hslToHex(hue + shift, 50, light)}" ` +
            `fill-opacity="${opacity}"/>`,
        );
      }
    }
  },

  circles({ width, height, hue, rand, defs, shapes }) {
    const count = 7;
    for (let i = 0; i < count; i++) {
      const id = `c${i}`;
      defs.push(
        `<radialGradient id="${id}" cx="0.35" cy="0.35" r="0.75">` +
          `<stop offset="0" stop-color="${hslToHex(hue + i * 12, 65, 78)}"/>` +
          `<stop offset="1" stop-color="${hslToHex(hue + i * 12, 55, 38)}"/>` +
          `</radialGradient>`,
      );
      const r = Math.min(width, height) * (0.1 + rand() * 0.25);
      const cx = rand() * width;
      const cy = rand() * height;
      const opacity = (0.55 + rand() * 0.4).toFixed(2);
      shapes.push(
        `<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="${fmt(r)}" fill="url(#${id})" fill-opacity="${opacity}"/>`,
      );
    }
  },

  stripes({ width, height, hue, rand, shapes }) {
    const angle = -30 + Math.floor(rand() * 60);
    const span = Math.hypot(width, height);
    const band = span / 14;
    const parts: string[] = [];
    for (let i = 0; i < 14; i++) {
      if (i % 2 === 1) continue;
      const light = 40 + Math.floor(rand() * 30);
      parts.push(
        `<rect x="${fmt(-span / 2 + i * band)}" y="${fmt(-span / 2)}" width="${fmt(band * (0.6 + rand() * 0.8))}" ` +
          `height="${fmt(span)}" fill="${hslToHex(hue - 15 + i * 3, 55, light)}" fill-opacity="0.7"/>`,
      );
    }
    shapes.push(
      `<g transform="translate(${fmt(width / 2)} ${fmt(height / 2)}) rotate(${angle})">${parts.join("")}</g>`,
    );
  },

  mountains({ width, height, hue, rand, defs, shapes }) {
    defs.push(
      `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">` +
        `<stop offset="0" stop-color="${hslToHex(hue + 180, 40, 80)}"/>` +
        `<stop offset="1" stop-color="${hslToHex(hue, 60, 75)}"/>` +
        `</linearGradient>`,
    );
    shapes.push(`<rect width="${width}" height="${height}" fill="url(#sky)"/>`);
    const sunR = Math.min(width, height) * 0.09;
    shapes.push(
      `<circle cx="${fmt(width * (0.2 + rand() * 0.6))}" cy="${fmt(height * (0.18 + rand() * 0.15))}" ` +
        `r="${fmt(sunR)}" fill="${hslToHex(hue + 40, 90, 88)}"/>`,
    );
    const ranges = 4;
    for (let i = 0; i < ranges; i++) {
      const baseY = height * (0.45 + i * 0.13);
      const peaks = 4 + Math.floor(rand() * 4);
      const step = width / peaks;
      let d = `M0 ${height} L0 ${fmt(baseY)}`;
      for (let p = 0; p < peaks; p++) {
        d += ` L${fmt(p * step + step / 2)} ${fmt(baseY - height * (0.08 + rand() * 0.18))}`;
        d += ` L${fmt((p + 1) * step)} ${fmt(baseY + height * rand() * 0.03)}`;
      }
      d += ` L${width} ${height} Z`;
      shapes.push(`<path d="${d}" fill="${hslToHex(hue + 20, 30 + i * 5, 45 - i * 9)}"/>`);
    }
  },
};

function fmt(n: number): string {
  // Fixed precision keeps the SVG text (and therefore the JPEG bytes) identical across runs.
  return n.toFixed(1);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hex rather than CSS hsl() because older librsvg builds do not parse hsl(). */
function hslToHex(hue: number, saturation: number, lightness: number): string {
  const h = (((hue % 360) + 360) % 360) / 360;
  const s = Math.min(100, Math.max(0, saturation)) / 100;
  const l = Math.min(100, Math.max(0, lightness)) / 100;
  const channel = (offset: number): string => {
    const k = (offset + h * 12) % 12;
    const a = s * Math.min(l, 1 - l);
    const value = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
