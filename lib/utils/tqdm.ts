// import { tqdm } from "torch-node/utils/tqdm": a progress bar over any iterable (a DataLoader's
// total comes from its length), drawn as tqdm draws it on a terminal. When the stream is not
// a terminal (CI, a log file) it prints plain lines instead: one every `mininterval` seconds
// (10 by default there) and one when the loop ends.

export interface TqdmOptions {
  desc?: string;
  total?: number | null;
  leave?: boolean;
  unit?: string;
  /** Width of the whole line; the terminal's width by default. */
  ncols?: number;
  /** Seconds between refreshes: 0.1 on a terminal, 10 otherwise. */
  mininterval?: number;
  disable?: boolean;
  postfix?: Record<string, unknown> | string;
  initial?: number;
  /** Where to draw: process.stderr by default, as tqdm. */
  file?: { write(s: string): unknown; isTTY?: boolean; columns?: number };
}

/** tqdm's format_sizeof-free number format for postfix values: 3 significant digits, or str() if shorter. */
export function format_num(n: number): string {
  const f = fmtG(n, 3).replace("e+0", "e+").replace("e-0", "e-");
  const s = Number.isInteger(n) ? String(n) : pyRepr(n);
  return f.length < s.length ? f : s;
}

function pyRepr(n: number): string {
  if (Number.isInteger(n)) return n.toFixed(1);
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}

/** Python's '{:.Ng}'. */
export function fmtG(x: number, p: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  if (x === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(p)))));
  if (exp < -4 || exp >= p) {
    const [m, e] = x.toExponential(p - 1).split("e");
    const mant = m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m;
    const en = Number(e);
    return `${mant}e${en < 0 ? "-" : "+"}${String(Math.abs(en)).padStart(2, "0")}`;
  }
  const s = x.toFixed(Math.max(0, p - 1 - exp));
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** tqdm.format_interval: [H:]MM:SS. */
export function format_interval(t: number): string {
  t = Math.floor(t);
  const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
  const mm = String(m).padStart(2, "0"), ss = String(s).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** tqdm.format_meter: "desc:  45%|████▌     | 211/469 [00:03<00:04, 62.31it/s, loss=0.123]". */
export function format_meter(n: number, total: number | null, elapsed: number, opts: { ncols?: number; prefix?: string; unit?: string; postfix?: string; rate?: number | null } = {}): string {
  const unit = opts.unit ?? "it";
  const r = opts.rate ?? (elapsed > 0 ? n / elapsed : null);
  const rate = r ? r : null; // tqdm shows "?" for an unknown or zero rate
  const f52 = (v: number) => v.toFixed(2).padStart(5); // '{0:5.2f}'
  const rateFmt = rate == null ? `?${unit}/s` : rate >= 1 ? `${f52(rate)}${unit}/s` : `${f52(1 / rate)}s/${unit}`;
  const postfix = opts.postfix ? `, ${opts.postfix}` : "";
  const prefix = opts.prefix ? `${opts.prefix}: ` : "";
  if (total == null || total <= 0) return `${prefix}${n}${unit} [${format_interval(elapsed)}, ${rateFmt}${postfix}]`;
  const frac = Math.min(n / total, 1);
  const remaining = rate && rate > 0 ? (total - n) / rate : null;
  const pct = `${Math.round(frac * 100)}`.padStart(3) + "%";
  const right = `| ${n}/${total} [${format_interval(elapsed)}<${remaining == null ? "?" : format_interval(remaining)}, ${rateFmt}${postfix}]`;
  const left = `${prefix}${pct}|`;
  const width = opts.ncols ? Math.max(1, opts.ncols - left.length - right.length) : 10;
  return left + bar(frac, width) + right;
}

const BLOCKS = " ▏▎▍▌▋▊▉█";
function bar(frac: number, width: number): string {
  const eighths = Math.floor(frac * width * 8);
  const full = Math.floor(eighths / 8), part = eighths % 8;
  let s = "█".repeat(full);
  if (full < width) s += (part ? BLOCKS[part] : " ") + " ".repeat(width - full - 1);
  return s;
}

export interface Tqdm<T> extends Iterable<T> {
  n: number;
  total: number | null;
  desc: string;
  update(n?: number): void;
  set_description(desc: string, refresh?: boolean): void;
  set_postfix(postfix: Record<string, unknown>, refresh?: boolean): void;
  set_postfix_str(s: string, refresh?: boolean): void;
  refresh(): void;
  close(): void;
  /** The current line, as it is drawn. */
  toString(): string;
}

class TqdmImpl<T> implements Tqdm<T> {
  n: number;
  total: number | null;
  desc: string;
  private iterable: Iterable<T> | null;
  private leave: boolean;
  private unit: string;
  private ncols?: number;
  private mininterval: number;
  private disable: boolean;
  private postfix = "";
  private file: NonNullable<TqdmOptions["file"]>;
  private tty: boolean;
  private start = performance.now();
  private lastPrint = -Infinity;
  private lastLen = 0;
  private closed = false;

  constructor(iterable: Iterable<T> | null, opts: TqdmOptions = {}) {
    this.iterable = iterable;
    const len = iterable && typeof (iterable as any).length === "number" ? (iterable as any).length : null;
    this.total = opts.total ?? len;
    this.desc = opts.desc ?? "";
    this.leave = opts.leave ?? true;
    this.unit = opts.unit ?? "it";
    this.n = opts.initial ?? 0;
    this.file = opts.file ?? process.stderr;
    this.tty = !!this.file.isTTY;
    this.ncols = opts.ncols ?? (this.tty ? this.file.columns : undefined);
    const env = process.env.TQDM_MININTERVAL;
    this.mininterval = opts.mininterval ?? (env ? Number(env) : this.tty ? 0.1 : 10);
    this.disable = opts.disable ?? /^(1|true)$/i.test(process.env.TQDM_DISABLE ?? "");
    if (opts.postfix) typeof opts.postfix === "string" ? this.set_postfix_str(opts.postfix, false) : this.set_postfix(opts.postfix, false);
    if (this.tty && !this.disable) this.draw();
    else this.lastPrint = this.start; // in a log, the first line comes after one interval
  }

  *[Symbol.iterator](): Iterator<T> {
    if (!this.iterable) throw new TypeError("'tqdm' object is not iterable: it was built without an iterable");
    try {
      for (const x of this.iterable) {
        yield x;
        this.update(1);
      }
    } finally {
      this.close();
    }
  }

  update(n = 1): void {
    this.n += n;
    if (this.disable) return;
    const now = performance.now();
    if ((now - this.lastPrint) / 1000 >= this.mininterval) this.draw(now);
  }

  set_description(desc: string, refresh = true) { this.desc = desc; if (refresh) this.refresh(); }
  set_postfix(postfix: Record<string, unknown>, refresh = true) {
    this.postfix = Object.entries(postfix)
      .map(([k, v]) => `${k}=${typeof v === "number" ? format_num(v) : typeof (v as any)?.item === "function" ? format_num((v as any).item()) : String(v)}`)
      .join(", ");
    if (refresh) this.refresh();
  }
  set_postfix_str(s: string, refresh = true) { this.postfix = s; if (refresh) this.refresh(); }

  // On a terminal a refresh redraws the line; in a log it waits for the next interval.
  refresh() { if (!this.disable && this.tty && !this.closed) this.draw(); }

  toString(): string {
    return format_meter(this.n, this.total, (performance.now() - this.start) / 1000, { ncols: this.ncols, prefix: this.desc, unit: this.unit, postfix: this.postfix });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.disable) return;
    if (this.tty) {
      if (this.leave) { this.draw(); this.file.write("\n"); } else this.file.write("\r" + " ".repeat(this.lastLen) + "\r");
    } else if (this.leave) {
      this.file.write(this.toString() + "\n");
    }
  }

  private draw(now = performance.now()) {
    this.lastPrint = now;
    const line = this.toString();
    if (this.tty) {
      this.file.write("\r" + line + " ".repeat(Math.max(0, this.lastLen - line.length)));
      this.lastLen = line.length;
    } else if (this.n > 0 && !this.closed && (this.total == null || this.n < this.total)) {
      this.file.write(line + "\n");
    }
  }
}

export interface TqdmConstructor {
  new <T>(iterable?: Iterable<T> | null, opts?: TqdmOptions): Tqdm<T>;
  <T>(iterable?: Iterable<T> | null, opts?: TqdmOptions): Tqdm<T>;
}

/** tqdm(iterable, { desc, total, leave, ... }); works with or without `new`, as Python's call does. */
export const tqdm = function tqdm<T>(iterable?: Iterable<T> | null, opts?: TqdmOptions): Tqdm<T> {
  return new TqdmImpl<T>(iterable ?? null, opts);
} as TqdmConstructor;

/** trange(n) == tqdm(range(n)). */
export function trange(n: number, opts?: TqdmOptions): Tqdm<number> {
  function* range() { for (let i = 0; i < n; i++) yield i; }
  return tqdm(Object.assign(range(), { length: n }) as Iterable<number>, { total: n, ...opts });
}

export default tqdm;
