/**
 * Progress of long work (imports, backups, sends, seeding): a redrawn bar on a terminal, and on
 * anything else (a log file, CI) a plain line at most every few seconds, so logs stay readable.
 */
export interface Progress {
  /** `done` of the total are finished. */
  update(done: number): void;
  /** The work is over; prints the last figures. */
  finish(summary?: string): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  /** What a unit is called in the figures ("articles", "MB"). */
  unit: string;
  stream?: NodeJS.WriteStream;
  now?: () => number;
}

const PLAIN_LINE_EVERY_MS = 5_000;
const REDRAW_EVERY_MS = 100;
const BAR_WIDTH = 24;

const figure = (value: number) => Math.round(value).toLocaleString("en");

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}

/** One line of figures: "1,234 / 5,000 articles (25%), 812 articles/s, about 5 s left". */
export function progressLine(done: number, total: number, unit: string, elapsedMs: number): string {
  const rate = done / Math.max(elapsedMs / 1000, 0.001);
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  const left = total > done && rate > 0 ? `, about ${eta((total - done) / rate)} left` : "";
  return `${figure(done)} / ${figure(total)} ${unit} (${percent}%), ${figure(rate)} ${unit}/s${left}`;
}

export function startProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stdout;
  const now = options.now ?? Date.now;
  const started = now();
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let done = 0;
  const interval = stream.isTTY ? REDRAW_EVERY_MS : PLAIN_LINE_EVERY_MS;
  const draw = () => {
    const line = progressLine(done, options.total, options.unit, now() - started);
    if (!stream.isTTY) return void stream.write(`${options.label}: ${line}\n`);
    const filled = options.total > 0 ? Math.round((done / options.total) * BAR_WIDTH) : BAR_WIDTH;
    const bar = `${"█".repeat(Math.min(filled, BAR_WIDTH))}${"░".repeat(Math.max(BAR_WIDTH - filled, 0))}`;
    stream.write(`\r\x1b[2K${options.label} ${bar} ${line}`);
  };
  return {
    update(value) {
      done = value;
      if (now() - lastDrawn < interval) return;
      lastDrawn = now();
      draw();
    },
    finish(summary) {
      draw();
      if (stream.isTTY) stream.write("\n");
      if (summary) stream.write(`${options.label}: ${summary}\n`);
    },
  };
}
