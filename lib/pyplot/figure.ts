// Figure and Axes: the part of matplotlib the tutorials use, drawn to PNG with a 2D canvas.
// Sizes follow matplotlib's defaults (rcParams): figures in inches at a dpi, text and lines
// in points, subplot parameters as fractions of the figure.
import fs from "node:fs";
import path from "node:path";
import { createCanvas, GlobalFonts, PDFDocument, SvgExportFlag, type SKRSContext2D } from "@napi-rs/canvas";
import { CYCLE, getCmap, lutBytes, parseFmt, toCSS, type Color } from "./colors";
import { formatTicks, tickValues } from "./ticker";

export const rcParams: Record<string, any> = {
  "figure.figsize": [6.4, 4.8],
  "figure.dpi": 100,
  "savefig.dpi": "figure",
  // Where plt.show() writes its PNG files (matplotlib's default folder for saving figures).
  "savefig.directory": ".",
  "font.size": 10,
  "lines.linewidth": 1.5,
  "lines.markersize": 6,
  "image.cmap": "viridis",
};

const FONT = registerFont();
function registerFont(): string {
  // matplotlib draws with DejaVu Sans; use it when the system has it.
  if (!GlobalFonts.has("DejaVu Sans")) {
    for (const p of ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf"]) {
      if (fs.existsSync(p)) { GlobalFonts.registerFromPath(p, "DejaVu Sans"); break; }
    }
  }
  return GlobalFonts.has("DejaVu Sans") ? "DejaVu Sans" : "sans-serif";
}

// ---------------------------------------------------------------- inputs

export interface NumpyLike { data: ArrayLike<number | bigint | boolean>; shape: readonly number[] }
interface TensorLike { numpy(): NumpyLike; detach?(): TensorLike; cpu?(): TensorLike }
/** What plot/imshow take: arrays, typed arrays, tensors, t.numpy() results. */
export type ArrayInput = ArrayLike<number> | number[][] | NumpyLike | TensorLike;

interface NDArray { data: Float64Array; shape: number[] }

function isTensorLike(v: any): v is TensorLike { return v != null && typeof v === "object" && typeof v.numpy === "function"; }
function isNumpyLike(v: any): v is NumpyLike { return v != null && typeof v === "object" && "data" in v && Array.isArray(v.shape); }
function isImageLike(v: any): boolean {
  return v != null && typeof v === "object" && typeof v.width === "number" && typeof v.height === "number" && v.data != null && typeof v.data.length === "number";
}
function isArrayInput(v: any): boolean {
  return Array.isArray(v) || ArrayBuffer.isView(v) || isTensorLike(v) || isNumpyLike(v) || isImageLike(v);
}

function toND(v: any): NDArray {
  if (isTensorLike(v)) {
    let t: TensorLike = v;
    if (typeof t.detach === "function") t = t.detach();
    if (typeof t.cpu === "function") t = t.cpu();
    v = t.numpy();
  }
  if (isImageLike(v)) {
    // An image (PIL-like): height x width, plus channels when it has more than one.
    const { width: w, height: h } = v;
    const c = v.data.length / (w * h);
    return { data: Float64Array.from(v.data as ArrayLike<number>, Number), shape: c === 1 ? [h, w] : [h, w, c] };
  }
  if (isNumpyLike(v)) return { data: Float64Array.from(v.data as ArrayLike<any>, Number), shape: [...v.shape] };
  if (ArrayBuffer.isView(v)) return { data: Float64Array.from(v as unknown as ArrayLike<number>, Number), shape: [(v as any).length] };
  if (Array.isArray(v)) {
    const shape: number[] = [];
    for (let x: any = v; Array.isArray(x); x = x[0]) shape.push(x.length);
    const flat = (v as any[]).flat(Infinity).map((x: any) => (isTensorLike(x) ? Number(toND(x).data[0]) : Number(x)));
    if (flat.length !== shape.reduce((a, b) => a * b, 1)) throw new Error("setting an array element with a sequence. The requested array has an inhomogeneous shape");
    return { data: Float64Array.from(flat), shape };
  }
  if (typeof v === "number") return { data: Float64Array.of(v), shape: [] };
  throw new TypeError(`cannot plot an object of type ${v?.constructor?.name ?? typeof v}`);
}

/** Columns of a 1-D or 2-D array, as matplotlib plots them. */
function columns(a: NDArray): number[][] {
  if (a.shape.length <= 1) return [Array.from(a.data)];
  if (a.shape.length !== 2) throw new Error(`x and y can be no greater than 2D, but have shapes ${a.shape}`);
  const [n, k] = a.shape;
  return Array.from({ length: k }, (_, j) => Array.from({ length: n }, (_, i) => a.data[i * k + j]));
}

// ---------------------------------------------------------------- artists

export interface LineOptions {
  color?: Color; c?: Color; label?: string; linewidth?: number; lw?: number; linestyle?: string; ls?: string;
  marker?: string; markersize?: number; ms?: number; markerfacecolor?: Color; alpha?: number;
}

export class Line2D {
  constructor(
    public xs: number[], public ys: number[], public color: string, public linestyle: string,
    public marker: string | null, public linewidth: number, public markersize: number,
    public label: string, public markerfacecolor: string, public alpha = 1,
  ) {}
  get_label() { return this.label; }
  set_label(s: string) { this.label = s; }
}

export interface ImshowOptions {
  cmap?: string; vmin?: number; vmax?: number; interpolation?: string; aspect?: "equal" | "auto" | number; alpha?: number;
}

export class AxesImage {
  constructor(public rgba: Uint8ClampedArray, public width: number, public height: number, public smooth: boolean, public aspect: "equal" | "auto" | number) {}
  /** The extent (left, right, bottom, top) with origin 'upper', as matplotlib sets it. */
  get_extent(): [number, number, number, number] { return [-0.5, this.width - 0.5, this.height - 0.5, -0.5]; }
}

// matplotlib's named font sizes, relative to rcParams["font.size"] (font_manager.font_scalings).
const FONT_SCALINGS: Record<string, number> = {
  "xx-small": 0.579, "x-small": 0.694, small: 0.833, medium: 1, large: 1.2, "x-large": 1.44, "xx-large": 1.728, larger: 1.2, smaller: 0.833,
};
export type FontSize = number | string;
/** A fontsize keyword (points, or a name such as 'large') in points. */
export function fontPoints(v: FontSize | null | undefined, dflt: number): number {
  if (v == null) return dflt;
  if (typeof v === "number") return v;
  const k = FONT_SCALINGS[v];
  if (k == null) {
    if (Number.isFinite(Number(v))) return Number(v);
    throw new Error(`Size is invalid. Valid font size are ${Object.keys(FONT_SCALINGS).join(", ")}`);
  }
  return k * rcParams["font.size"];
}
export interface TextOptions { fontsize?: FontSize; size?: FontSize; color?: Color; ha?: string; va?: string; horizontalalignment?: string; verticalalignment?: string; rotation?: number }

export class Text {
  constructor(public text: string, public fontsize: number, public x = 0, public y = 0, public opts: TextOptions = {}) {}
  get_text() { return this.text; }
  set_text(s: string) { this.text = s; }
}

export interface LegendOptions { loc?: string | number; fontsize?: FontSize; frameon?: boolean; title?: string; labels?: string[]; handles?: Line2D[] }

interface Ticks { locs: number[]; labels: string[] | null }

const LOCS = ["best", "upper right", "upper left", "lower left", "lower right", "right", "center left", "center right", "lower center", "upper center", "center"];

function parseLimits(args: any[], name: "left" | "bottom"): [number | null, number | null] | null {
  const other = name === "left" ? "right" : "top";
  if (!args.length) return null;
  if (Array.isArray(args[0])) return [args[0][0] ?? null, args[0][1] ?? null];
  if (args.length === 1 && args[0] && typeof args[0] === "object") return [args[0][name] ?? null, args[0][other] ?? null];
  return [args[0] ?? null, args[1] ?? null];
}

export class Axes {
  lines: Line2D[] = [];
  images: AxesImage[] = [];
  title: Text | null = null;
  _xlabel: Text | null = null;
  _ylabel: Text | null = null;
  _xticks: Ticks | null = null;
  _yticks: Ticks | null = null;
  _xlim: [number | null, number | null] = [null, null];
  _ylim: [number | null, number | null] = [null, null];
  _axisOn = true;
  _legend: LegendOptions | null = null;
  _grid = false;
  _cycle = 0;
  texts: Text[] = [];
  // Tick label size and rotation of each axis. tick_params' labelsize also sets locsize, the size
  // the locator spaces ticks for; xticks(fontsize) restyles the labels only, as in matplotlib.
  _tickStyle = {
    x: { fontsize: rcParams["font.size"] as number, rotation: 0, locsize: rcParams["font.size"] as number },
    y: { fontsize: rcParams["font.size"] as number, rotation: 0, locsize: rcParams["font.size"] as number },
  };

  constructor(public figure: Figure, public spec: { nrows: number; ncols: number; index: number }) {}

  /** plot([x], y, [fmt], ..., { color, label, linewidth, marker, ... }) */
  plot(...args: any[]): Line2D[] {
    let opts: LineOptions = {};
    if (args.length && !isArrayInput(args[args.length - 1]) && typeof args[args.length - 1] === "object") opts = args.pop();
    const out: Line2D[] = [];
    let i = 0;
    if (!args.length) return out;
    while (i < args.length) {
      const arrs: NDArray[] = [];
      while (i < args.length && arrs.length < 2 && typeof args[i] !== "string") arrs.push(toND(args[i++]));
      const fmt = typeof args[i] === "string" ? parseFmt(args[i++]) : null;
      if (!arrs.length) throw new Error("plot() requires data before a format string");
      const ycols = columns(arrs[arrs.length - 1]);
      const xcols = arrs.length === 2 ? columns(arrs[0]) : [ycols[0].map((_, k) => k)];
      if (xcols[0].length !== ycols[0].length) {
        throw new Error(`x and y must have same first dimension, but have shapes (${xcols[0].length},) and (${ycols[0].length},)`);
      }
      for (let j = 0; j < ycols.length; j++) {
        const xs = xcols[Math.min(j, xcols.length - 1)];
        const colorOpt = opts.color ?? opts.c;
        const color = colorOpt != null ? toCSS(colorOpt) : fmt?.color ?? CYCLE[this._cycle++ % CYCLE.length];
        const marker = opts.marker ?? fmt?.marker ?? null;
        let linestyle = opts.linestyle ?? opts.ls ?? fmt?.linestyle ?? "-";
        if (linestyle === "" || linestyle === " " || linestyle === "none") linestyle = "None";
        const line = new Line2D(
          xs, ycols[j], color, linestyle, marker && marker !== "None" && marker !== "" ? marker : null,
          opts.linewidth ?? opts.lw ?? rcParams["lines.linewidth"], opts.markersize ?? opts.ms ?? rcParams["lines.markersize"],
          opts.label ?? `_child${this.lines.length}`, opts.markerfacecolor != null ? toCSS(opts.markerfacecolor) : color, opts.alpha ?? 1,
        );
        this.lines.push(line);
        out.push(line);
      }
    }
    return out;
  }

  /** imshow(X, { cmap, vmin, vmax }): X is H x W (colormapped), H x W x 3 or H x W x 4 (RGB[A]). */
  imshow(X: ArrayInput | any, opts: ImshowOptions = {}): AxesImage {
    const a = toND(X);
    const s = a.shape;
    if (!(s.length === 2 || (s.length === 3 && (s[2] === 3 || s[2] === 4)))) {
      throw new TypeError(`Invalid shape (${s.join(", ")}${s.length === 1 ? "," : ""}) for image data`);
    }
    const [h, w] = s;
    const rgba = new Uint8ClampedArray(w * h * 4);
    const alpha = Math.round((opts.alpha ?? 1) * 255);
    if (s.length === 2) {
      const cmap = getCmap(opts.cmap ?? rcParams["image.cmap"]);
      const lut = Array.from({ length: 256 }, (_, i) => lutBytes(cmap, i));
      let lo = opts.vmin, hi = opts.vmax;
      if (lo == null || hi == null) {
        let mn = Infinity, mx = -Infinity;
        for (const v of a.data) if (Number.isFinite(v)) { if (v < mn) mn = v; if (v > mx) mx = v; }
        lo ??= mn; hi ??= mx;
      }
      for (let k = 0; k < w * h; k++) {
        const v = hi > lo ? (a.data[k] - lo) / (hi - lo) : 0;
        // Colormap lookup tables have 256 entries: index floor(v * 256), clipped (matplotlib/colors.py).
        const [r, g, b] = lut[Math.min(Math.max(Math.floor(v * 256), 0), 255)];
        rgba[4 * k] = r; rgba[4 * k + 1] = g; rgba[4 * k + 2] = b; rgba[4 * k + 3] = alpha;
      }
    } else {
      // Floats are in [0, 1]; integers in [0, 255] (matplotlib's rule for RGB data).
      const isFloat = a.data.some((v) => !Number.isInteger(v)) || (X?.dtype && /float/.test(String(X.dtype)));
      const c = s[2];
      for (let k = 0; k < w * h; k++) {
        for (let ch = 0; ch < 4; ch++) {
          const v = ch < c ? a.data[k * c + ch] : isFloat ? 1 : 255;
          rgba[4 * k + ch] = isFloat ? Math.round(Math.min(Math.max(v, 0), 1) * 255) : v;
        }
        if (c === 3) rgba[4 * k + 3] = alpha;
      }
    }
    const img = new AxesImage(rgba, w, h, opts.interpolation != null && opts.interpolation !== "nearest" && opts.interpolation !== "none", opts.aspect ?? "equal");
    this.images.push(img);
    return img;
  }

  set_title(label: string, opts: TextOptions = {}): Text { return (this.title = new Text(String(label), fontPoints(opts.fontsize ?? opts.size, rcParams["font.size"] * 1.2))); }
  get_title(): string { return this.title?.text ?? ""; }
  set_xlabel(label: string, opts: TextOptions = {}): Text { return (this._xlabel = new Text(String(label), fontPoints(opts.fontsize ?? opts.size, rcParams["font.size"]))); }
  set_ylabel(label: string, opts: TextOptions = {}): Text { return (this._ylabel = new Text(String(label), fontPoints(opts.fontsize ?? opts.size, rcParams["font.size"]))); }
  /** text(x, y, s, { fontsize, color, ha, va, rotation }): text at data coordinates. */
  text(x: number, y: number, s: string, opts: TextOptions = {}): Text {
    const t = new Text(String(s), fontPoints(opts.fontsize ?? opts.size, rcParams["font.size"]), x, y, opts);
    this.texts.push(t);
    return t;
  }
  /** tick_params({ axis: 'x' | 'y' | 'both', labelsize, labelrotation }). */
  tick_params(opts: { axis?: "x" | "y" | "both"; labelsize?: FontSize; labelrotation?: number; which?: string } = {}) {
    const axes = opts.axis === "x" ? ["x"] : opts.axis === "y" ? ["y"] : ["x", "y"];
    for (const a of axes as ("x" | "y")[]) {
      const st = this._tickStyle[a];
      if (opts.labelsize != null) st.fontsize = st.locsize = fontPoints(opts.labelsize, st.fontsize);
      if (opts.labelrotation != null) st.rotation = opts.labelrotation;
    }
  }
  get_xlabel(): string { return this._xlabel?.text ?? ""; }
  get_ylabel(): string { return this._ylabel?.text ?? ""; }
  set_xticks(ticks: ArrayLike<number>, labels?: ArrayLike<string | number>) { this._xticks = { locs: Array.from(ticks), labels: labels ? Array.from(labels, String) : null }; }
  set_yticks(ticks: ArrayLike<number>, labels?: ArrayLike<string | number>) { this._yticks = { locs: Array.from(ticks), labels: labels ? Array.from(labels, String) : null }; }
  set_xticklabels(labels: ArrayLike<string | number>) { this._xticks = { locs: this._xticks?.locs ?? [], labels: Array.from(labels, String) }; }
  set_yticklabels(labels: ArrayLike<string | number>) { this._yticks = { locs: this._yticks?.locs ?? [], labels: Array.from(labels, String) }; }
  set_xlim(...args: any[]): [number, number] { const l = parseLimits(args, "left"); if (l) this._xlim = l; return this.get_xlim(); }
  set_ylim(...args: any[]): [number, number] { const l = parseLimits(args, "bottom"); if (l) this._ylim = l; return this.get_ylim(); }
  get_xlim(): [number, number] { return this._limits().x; }
  get_ylim(): [number, number] { return this._limits().y; }
  /** The axes box in figure fractions, from the bottom left: { bounds: [x0, y0, width, height] }. */
  get_position(): { bounds: [number, number, number, number]; x0: number; y0: number; width: number; height: number } {
    const { W, H, boxes } = layout(this.figure, this.figure.dpi);
    const b = boxes[this.figure.axes.indexOf(this)];
    const bounds: [number, number, number, number] = [b.x / W, 1 - (b.y + b.h) / H, b.w / W, b.h / H];
    return { bounds, x0: bounds[0], y0: bounds[1], width: bounds[2], height: bounds[3] };
  }
  get_xticks(): number[] { return axisTicks(this, "x").locs; }
  get_yticks(): number[] { return axisTicks(this, "y").locs; }
  get_xticklabels(): Text[] { return axisTicks(this, "x").labels.map((s) => new Text(s, this._tickStyle.x.fontsize)); }
  get_yticklabels(): Text[] { return axisTicks(this, "y").labels.map((s) => new Text(s, this._tickStyle.y.fontsize)); }
  grid(visible = true) { this._grid = visible; }
  set_axis_off() { this._axisOn = false; }
  set_axis_on() { this._axisOn = true; }

  /** axis('off') / axis('on') / axis([xmin, xmax, ymin, ymax]); returns the limits. */
  axis(arg?: string | boolean | number[]): [number, number, number, number] {
    if (arg === "off" || arg === false) this._axisOn = false;
    else if (arg === "on" || arg === true) this._axisOn = true;
    else if (Array.isArray(arg)) { this._xlim = [arg[0], arg[1]]; this._ylim = [arg[2], arg[3]]; }
    else if (arg != null && !["equal", "scaled", "tight", "auto", "image", "square"].includes(arg as string)) {
      throw new Error(`Unrecognized string '${arg}' to axis; try 'on' or 'off'`);
    }
    const { x, y } = this._limits();
    return [x[0], x[1], y[0], y[1]];
  }

  /** legend() / legend(labels) / legend(handles, labels), then { loc }. */
  legend(...args: any[]): void {
    let opts: LegendOptions = {};
    if (args.length && !Array.isArray(args[args.length - 1]) && typeof args[args.length - 1] === "object") opts = args.pop();
    let handles: Line2D[] | undefined = opts.handles, labels: string[] | undefined = opts.labels;
    if (args.length === 1) labels = args[0].map(String);
    else if (args.length === 2) { handles = args[0]; labels = args[1].map(String); }
    if (opts.loc != null) {
      const loc = typeof opts.loc === "number" ? LOCS[opts.loc] : opts.loc;
      if (!LOCS.includes(loc)) throw new Error(`'${opts.loc}' is not a valid value for loc; supported values are ${LOCS.map((l) => `'${l}'`).join(", ")}`);
    }
    this._legend = { ...opts, handles, labels };
  }

  // The view limits: explicit ones, else the data's with matplotlib's 5% margins (images fit exactly).
  _limits(): { x: [number, number]; y: [number, number] } {
    const lim = (vals: number[][], margin: boolean): [number, number] => {
      let lo = Infinity, hi = -Infinity;
      for (const vs of vals) for (const v of vs) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
      if (lo === Infinity) return [0, 1];
      if (lo === hi) { const d = lo === 0 ? 0.05 : Math.abs(lo) * 0.05; lo -= d; hi += d; }
      if (margin) { const m = (hi - lo) * 0.05; lo -= m; hi += m; }
      return [lo, hi];
    };
    let x: [number, number], y: [number, number];
    if (this.images.length) {
      const ex = this.images.map((im) => im.get_extent());
      const lx = lim([...ex.map((e) => [e[0], e[1]]), ...this.lines.map((l) => l.xs)], false);
      const ly = lim([...ex.map((e) => [e[2], e[3]]), ...this.lines.map((l) => l.ys)], false);
      x = lx; y = [ly[1], ly[0]]; // origin 'upper': y grows downward
    } else {
      x = lim(this.lines.map((l) => l.xs), true);
      y = lim(this.lines.map((l) => l.ys), true);
    }
    return {
      x: [this._xlim[0] ?? x[0], this._xlim[1] ?? x[1]],
      y: [this._ylim[0] ?? y[0], this._ylim[1] ?? y[1]],
    };
  }
}

// ---------------------------------------------------------------- figure

export interface FigureOptions { figsize?: [number, number] | number[]; dpi?: number; facecolor?: Color; num?: number | string }
export interface SavefigOptions { dpi?: number | "figure"; facecolor?: Color; format?: string }
const FORMATS = ["jpeg", "jpg", "pdf", "png", "svg", "webp"];
export interface SubplotPars { left: number; right: number; bottom: number; top: number; wspace: number; hspace: number }

export class Figure {
  axes: Axes[] = [];
  _current: Axes | null = null;
  _suptitle: Text | null = null;
  subplotpars: SubplotPars = { left: 0.125, right: 0.9, bottom: 0.11, top: 0.88, wspace: 0.2, hspace: 0.2 };
  figsize: [number, number];
  dpi: number;
  facecolor: string;

  constructor(public number: number, public label: string, opts: FigureOptions = {}) {
    const fs_ = opts.figsize ?? rcParams["figure.figsize"];
    if (!(fs_.length === 2 && fs_.every((v: number) => Number.isFinite(v) && v > 0))) {
      throw new Error(`figure size must be positive finite not ${JSON.stringify(fs_)}`);
    }
    this.figsize = [fs_[0], fs_[1]];
    this.dpi = opts.dpi ?? rcParams["figure.dpi"];
    this.facecolor = toCSS(opts.facecolor ?? "white");
  }

  get_size_inches(): [number, number] { return [...this.figsize]; }
  set_size_inches(w: number | number[], h?: number) { this.figsize = Array.isArray(w) ? [w[0], w[1]] : [w, h!]; }
  get_label(): string { return this.label; }

  /** add_subplot(nrows, ncols, index) or add_subplot(pos) with pos a three-digit number. */
  add_subplot(nrows: number = 111, ncols?: number, index?: number): Axes {
    if (ncols == null) {
      if (!(Number.isInteger(nrows) && nrows >= 111 && nrows <= 999)) throw new Error(`Integer subplot specification must be a three-digit number, not ${nrows}`);
      [nrows, ncols, index] = [Math.floor(nrows / 100), Math.floor(nrows / 10) % 10, nrows % 10];
    }
    if (!(Number.isInteger(index) && index! >= 1 && index! <= nrows * ncols)) {
      throw new Error(`num must be an integer with 1 <= num <= ${nrows * ncols}, not ${index}`);
    }
    const found = this.axes.find((a) => a.spec.nrows === nrows && a.spec.ncols === ncols && a.spec.index === index);
    if (found) return (this._current = found);
    const ax = new Axes(this, { nrows, ncols: ncols!, index: index! });
    this.axes.push(ax);
    return (this._current = ax);
  }

  gca(): Axes { return this._current ?? this.add_subplot(1, 1, 1); }
  sca(ax: Axes) { this._current = ax; }
  /**
   * tight_layout({ pad, h_pad, w_pad }): sets the subplot parameters now so that the decorations of
   * the axes that exist now fit (in font sizes of padding), as matplotlib does; later axes follow
   * those parameters without being laid out.
   */
  tight_layout(opts: { pad?: number; h_pad?: number | null; w_pad?: number | null } = {}) {
    if (!this.axes.length) return;
    const W = Math.round(this.figsize[0] * this.dpi), H = Math.round(this.figsize[1] * this.dpi);
    const r = new Renderer(measureCtx(), this.dpi);
    this.subplotpars = tightPars(this, W, H, r, this.subplotpars, opts.pad ?? 1.08, opts.h_pad, opts.w_pad);
  }
  suptitle(t: string, opts: TextOptions = {}): Text { return (this._suptitle = new Text(t, fontPoints(opts.fontsize ?? opts.size, rcParams["font.size"] * 1.2))); }
  /** subplots_adjust({ left, right, top, bottom, wspace, hspace }): null or absent keeps a value. */
  subplots_adjust(p: Partial<Record<keyof SubplotPars, number | null>> = {}) {
    const next = { ...this.subplotpars };
    for (const k of Object.keys(next) as (keyof SubplotPars)[]) if (p[k] != null) next[k] = p[k]!;
    if (next.left >= next.right) throw new Error("left cannot be >= right");
    if (next.bottom >= next.top) throw new Error("bottom cannot be >= top");
    this.subplotpars = next;
  }

  /**
   * savefig(fname, { dpi, facecolor, format }): the format is `format`, else the file's extension,
   * else png. png, jpg/jpeg and webp are raster (figsize x dpi pixels); pdf and svg are vector
   * (figsize x 72 points, text as paths in svg), with imshow images embedded as raster images.
   */
  savefig(fname: string, opts: SavefigOptions = {}): void {
    let dpi = opts.dpi ?? rcParams["savefig.dpi"];
    if (dpi === "figure") dpi = this.dpi;
    const ext = path.extname(fname);
    const fmt = (opts.format ?? (ext ? ext.slice(1) : "png")).toLowerCase();
    if (!FORMATS.includes(fmt)) throw new Error(`Format '${fmt}' is not supported (supported formats: ${FORMATS.join(", ")})`);
    const file = ext || opts.format ? fname : fname + ".png";
    const buf = render(this, dpi as number, opts.facecolor != null ? toCSS(opts.facecolor) : this.facecolor, fmt);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, buf);
  }
}

// ---------------------------------------------------------------- rendering

interface Box { x: number; y: number; w: number; h: number }
interface Decor { l: number; r: number; t: number; b: number }
interface AxisTicks { locs: number[]; labels: string[]; offsetText: string }

class Renderer {
  constructor(public ctx: SKRSContext2D, public dpi: number) {}
  pt(v: number) { return (v * this.dpi) / 72; }
  font(sizePt: number) { return `${this.pt(sizePt)}px "${FONT}"`; }
  /** Width of the widest line. */
  textWidth(s: string, sizePt: number) {
    this.ctx.font = this.font(sizePt);
    return Math.max(...String(s).split("\n").map((l) => this.ctx.measureText(l).width));
  }
  // Baseline to baseline: the descent of "lp" plus 1.2 (linespacing) times its height above the
  // baseline (matplotlib/text.py _get_layout); with Agg's hinted DejaVu Sans metrics that comes
  // to about 1.28 em (measured on matplotlib's multi-line titles).
  lineStep(sizePt: number) { return this.pt(sizePt) * 1.28; }
  // matplotlib's text box is as tall as "lp" (DejaVu Sans: 0.76 em above the baseline, 0.208
  // below); each further line adds a line step.
  textHeight(sizePt: number, s = "") { return this.pt(sizePt) * 0.968 + (String(s).split("\n").length - 1) * this.lineStep(sizePt); }
  /** The box a text takes once rotated by `rotation` degrees (counterclockwise). */
  textBox(s: string, sizePt: number, rotation = 0): { w: number; h: number } {
    const w = this.textWidth(s, sizePt), h = this.textHeight(sizePt, s);
    const a = (rotation * Math.PI) / 180, c = Math.abs(Math.cos(a)), sn = Math.abs(Math.sin(a));
    return { w: w * c + h * sn, h: w * sn + h * c };
  }
  /**
   * Draws text with its box aligned at (x, y): ha left|center|right, va top|center|bottom|baseline.
   * Lines split at "\n", each aligned as ha says. rotate true: turned 90 degrees about the anchor
   * (axis labels); a number of degrees: the rotated box is aligned, as matplotlib's default
   * rotation_mode does.
   */
  text(s: string, x: number, y: number, sizePt: number, ha: string, va: string, color = "black", rotate: boolean | number = false) {
    const ctx = this.ctx;
    const lines = String(s).split("\n");
    ctx.save();
    ctx.font = this.font(sizePt);
    ctx.fillStyle = color;
    ctx.textBaseline = "alphabetic";
    const em = this.pt(sizePt), asc = em * 0.76, desc = em * 0.208, step = this.lineStep(sizePt);
    const extra = (lines.length - 1) * step;
    const widths = lines.map((l) => ctx.measureText(l).width), w = Math.max(...widths);
    const fx = ha === "center" ? 0.5 : ha === "right" ? 1 : 0;
    if (typeof rotate === "number" && rotate % 360 !== 0) {
      // Corners of the unrotated block (top-left origin), rotated; align their bounding box.
      const a = (-rotate * Math.PI) / 180, c = Math.cos(a), sn = Math.sin(a), h = asc + desc + extra;
      const pts = [[0, 0], [w, 0], [0, h], [w, h]].map(([px, py]) => [px * c - py * sn, px * sn + py * c]);
      const xsr = pts.map((p) => p[0]), ysr = pts.map((p) => p[1]);
      const x0 = Math.min(...xsr), x1 = Math.max(...xsr), y0 = Math.min(...ysr), y1 = Math.max(...ysr);
      const dx = ha === "center" ? (x0 + x1) / 2 : ha === "right" ? x1 : x0;
      const dy = va === "center" ? (y0 + y1) / 2 : va === "bottom" ? y1 : y0;
      ctx.translate(x - dx, y - dy);
      ctx.rotate(a);
      ctx.textAlign = "left";
      lines.forEach((l, i) => ctx.fillText(l, (w - widths[i]) * fx, asc + i * step));
      ctx.restore();
      return;
    }
    ctx.textAlign = ha === "center" ? "center" : ha === "right" ? "right" : "left";
    // 'baseline': the last line's baseline on the anchor, as matplotlib places titles.
    const off = va === "top" ? asc : va === "bottom" ? -desc - extra : va === "center" ? (asc - desc - extra) / 2 : -extra;
    ctx.translate(x, y);
    if (rotate === true) ctx.rotate(-Math.PI / 2);
    lines.forEach((l, i) => ctx.fillText(l, 0, off + i * step));
    ctx.restore();
  }
}

const TICK_LEN = 3.5, TICK_PAD = 3.5, LABEL_PAD = 4, TITLE_PAD = 6;

function computeTicks(ax: Axes, which: "x" | "y", lim: [number, number], lengthPx: number, r: Renderer, all_ = false): AxisTicks {
  const fixed = which === "x" ? ax._xticks : ax._yticks;
  const lo = Math.min(lim[0], lim[1]), hi = Math.max(lim[0], lim[1]);
  const eps = (hi - lo) * 1e-10;
  if (fixed) {
    const keep = fixed.locs.map((v, i) => [v, i] as const).filter(([v]) => all_ || (v >= lo - eps && v <= hi + eps));
    const fmt = formatTicks(fixed.locs);
    return { locs: keep.map(([v]) => v), labels: keep.map(([, i]) => (fixed.labels ? fixed.labels[i] ?? "" : fmt.labels[i])), offsetText: fixed.labels ? "" : fmt.offsetText };
  }
  const fontPt = ax._tickStyle[which].locsize;
  const lengthPt = (lengthPx * 72) / r.dpi;
  const space = Math.floor(lengthPt / (fontPt * (which === "x" ? 3 : 2)));
  const nbins = Math.max(1, Math.min(9, space));
  const all = tickValues(lo, hi, nbins);
  const fmt = formatTicks(all);
  if (all_) return { locs: all, labels: fmt.labels, offsetText: fmt.offsetText };
  const keep = all.map((v, i) => [v, i] as const).filter(([v]) => v >= lo - eps && v <= hi + eps);
  return { locs: keep.map(([v]) => v), labels: keep.map(([, i]) => fmt.labels[i]), offsetText: fmt.offsetText };
}

// Space the decorations (ticks, labels, title) take outside the axes box, in pixels.
function decorations(ax: Axes, box: Box, r: Renderer): Decor {
  const fontPt = rcParams["font.size"];
  const xs = ax._tickStyle.x, ys = ax._tickStyle.y;
  const d: Decor = { l: 0, r: 0, t: 0, b: 0 };
  if (ax._axisOn) {
    const { x, y } = ax._limits();
    const xt = computeTicks(ax, "x", x, box.w, r), yt = computeTicks(ax, "y", y, box.h, r);
    const tick = r.pt(TICK_LEN + TICK_PAD);
    if (yt.labels.length) d.l = tick + Math.max(...yt.labels.map((s) => r.textBox(s, ys.fontsize, ys.rotation).w));
    if (xt.labels.length) {
      d.b = tick + Math.max(...xt.labels.map((s) => r.textBox(s, xs.fontsize, xs.rotation).h));
      const x0 = (xt.locs[0] - x[0]) / (x[1] - x[0]) * box.w, x1 = (xt.locs[xt.locs.length - 1] - x[0]) / (x[1] - x[0]) * box.w;
      d.l = Math.max(d.l, r.textBox(xt.labels[0], xs.fontsize, xs.rotation).w / 2 - x0);
      d.r = Math.max(d.r, r.textBox(xt.labels[xt.labels.length - 1], xs.fontsize, xs.rotation).w / 2 - (box.w - x1));
    }
    if (yt.offsetText) d.t = Math.max(d.t, r.textHeight(fontPt) + r.pt(2));
    if (ax._ylabel?.text) d.l += r.pt(LABEL_PAD) + r.textHeight(ax._ylabel.fontsize, ax._ylabel.text);
    if (ax._xlabel?.text) d.b += r.pt(LABEL_PAD) + r.textHeight(ax._xlabel.fontsize, ax._xlabel.text);
  }
  if (ax.title?.text) {
    // The title's baseline sits TITLE_PAD above the axes; its lines rise above that.
    d.t = Math.max(d.t, r.pt(TITLE_PAD) + r.textHeight(ax.title.fontsize, ax.title.text) - r.pt(ax.title.fontsize) * 0.208);
    const over = (r.textWidth(ax.title.text, ax.title.fontsize) - box.w) / 2;
    d.l = Math.max(d.l, over); d.r = Math.max(d.r, over);
  }
  return d;
}

function gridCells(fig: Figure, W: number, H: number, p: SubplotPars): Box[] {
  return fig.axes.map((ax) => {
    const { nrows, ncols, index } = ax.spec;
    const row = Math.floor((index - 1) / ncols), col = (index - 1) % ncols;
    const totW = (p.right - p.left) * W, totH = (p.top - p.bottom) * H;
    const cellW = totW / (ncols + p.wspace * (ncols - 1)), cellH = totH / (nrows + p.hspace * (nrows - 1));
    return { x: p.left * W + col * cellW * (1 + p.wspace), y: (1 - p.top) * H + row * cellH * (1 + p.hspace), w: cellW, h: cellH };
  });
}

// aspect 'equal' (imshow's default): shrink the box to the data's shape, keeping it centered.
function applyAspect(ax: Axes, box: Box): Box {
  const img = ax.images.find((im) => im.aspect !== "auto");
  if (!img) return box;
  const { x, y } = ax._limits();
  const ratio = (Math.abs(y[1] - y[0]) / Math.abs(x[1] - x[0])) * (typeof img.aspect === "number" ? img.aspect : 1);
  if (box.h / box.w > ratio) { const h = box.w * ratio; return { ...box, y: box.y + (box.h - h) / 2, h }; }
  const w = box.h / ratio;
  return { ...box, x: box.x + (box.w - w) / 2, w };
}

function cellPos(ax: Axes) {
  const { nrows, ncols, index } = ax.spec;
  return { row: Math.floor((index - 1) / ncols), col: (index - 1) % ncols, nrows, ncols };
}

// tight_layout: subplot parameters that make every axes' decorations fit, with 1.08 font sizes
// of padding around the figure and between neighbours (matplotlib/_tight_layout.py).
function tightPars(fig: Figure, W: number, H: number, r: Renderer, start: SubplotPars, padFs = 1.08, hPad?: number | null, wPad?: number | null): SubplotPars {
  const nrows = Math.max(...fig.axes.map((a) => a.spec.nrows)), ncols = Math.max(...fig.axes.map((a) => a.spec.ncols));
  const pad = r.pt(padFs * rcParams["font.size"]);
  const hpad = r.pt((wPad ?? padFs) * rcParams["font.size"]), vpad = r.pt((hPad ?? padFs) * rcParams["font.size"]);
  // One pass from the current positions, as matplotlib's _auto_adjust_subplotpars: the margins
  // each axes' decorations need beyond its grid cell (negative where an aspect-shrunk box leaves
  // room), summed across each boundary between neighbouring cells of a row or column.
  const cells = gridCells(fig, W, H, start);
  const hs = Array.from({ length: nrows }, () => new Array(ncols + 1).fill(0));
  const vs = Array.from({ length: nrows + 1 }, () => new Array(ncols).fill(0));
  fig.axes.forEach((ax, k) => {
    const c = cells[k], b = applyAspect(ax, c), d = decorations(ax, b, r), a = cellPos(ax);
    hs[a.row][a.col] += d.l - (b.x - c.x);
    hs[a.row][a.col + 1] += d.r - (c.x + c.w - b.x - b.w);
    vs[a.row][a.col] += d.t - (b.y - c.y);
    vs[a.row + 1][a.col] += d.b - (c.y + c.h - b.y - b.h);
  });
  const max = (v: number[]) => (v.length ? Math.max(...v) : 0);
  const L = Math.max(max(hs.map((row) => row[0])), 0), R = Math.max(max(hs.map((row) => row[ncols])), 0);
  let T = Math.max(max(vs[0]), 0);
  const B = Math.max(max(vs[nrows]), 0);
  if (fig._suptitle) T += r.textHeight(fig._suptitle.fontsize, fig._suptitle.text) + r.pt(4);
  const hgap = max(hs.flatMap((row) => row.slice(1, -1))) + hpad, vgap = max(vs.slice(1, -1).flat()) + vpad;
  const left = (L + pad) / W, right = 1 - (R + pad) / W, top = 1 - (T + pad) / H, bottom = (B + pad) / H;
  const cellW = ((right - left) * W - (ncols - 1) * hgap) / ncols, cellH = ((top - bottom) * H - (nrows - 1) * vgap) / nrows;
  if (!(cellW > 0 && cellH > 0)) return start; // decorations bigger than the figure: keep the parameters
  return { left, right, top, bottom, wspace: ncols > 1 ? hgap / cellW : start.wspace, hspace: nrows > 1 ? vgap / cellH : start.hspace };
}

function snap(v: number, lw: number): number {
  // Thin axis lines on pixel centres stay crisp.
  return Math.round(lw) % 2 === 1 ? Math.floor(v) + 0.5 : Math.round(v);
}

// A small canvas whose context measures text.
let measuring: SKRSContext2D | null = null;
function measureCtx(): SKRSContext2D { return (measuring ??= createCanvas(1, 1).getContext("2d")); }

function layout(fig: Figure, dpi: number, ctx: SKRSContext2D = measureCtx()) {
  const W = Math.round(fig.figsize[0] * dpi), H = Math.round(fig.figsize[1] * dpi);
  const r = new Renderer(ctx, dpi);
  const boxes = gridCells(fig, W, H, fig.subplotpars).map((c, k) => applyAspect(fig.axes[k], c));
  return { W, H, r, boxes };
}

/** The ticks an axes gets when its figure is drawn at the figure's dpi (locator output, view or not). */
export function axisTicks(ax: Axes, which: "x" | "y"): { locs: number[]; labels: string[]; offsetText: string } {
  const { r, boxes } = layout(ax.figure, ax.figure.dpi);
  const box = boxes[ax.figure.axes.indexOf(ax)];
  const { x, y } = ax._limits();
  return computeTicks(ax, which, which === "x" ? x : y, which === "x" ? box.w : box.h, r, true);
}

function draw(fig: Figure, dpi: number, facecolor: string, ctx: SKRSContext2D) {
  const { W, H, r, boxes } = layout(fig, dpi, ctx);
  ctx.fillStyle = facecolor;
  ctx.fillRect(0, 0, W, H);
  fig.axes.forEach((ax, k) => drawAxes(ax, boxes[k], r));
  if (fig._suptitle) r.text(fig._suptitle.text, W / 2, r.pt(4), fig._suptitle.fontsize, "center", "top");
}

function render(fig: Figure, dpi: number, facecolor: string, fmt = "png"): Buffer {
  if (fmt === "pdf" || fmt === "svg") {
    // Vector output is measured in points: 72 units per inch, as matplotlib's PDF and SVG backends.
    const W = Math.round(fig.figsize[0] * 72 * 1000) / 1000, H = Math.round(fig.figsize[1] * 72 * 1000) / 1000;
    if (fmt === "svg") {
      const canvas = createCanvas(Math.ceil(W), Math.ceil(H), SvgExportFlag.ConvertTextToPaths);
      draw(fig, 72, facecolor, canvas.getContext("2d"));
      // The canvas is sized in whole units; state the size in points, as matplotlib does.
      return Buffer.from(canvas.getContent().toString("utf8").replace(/(<svg[^>]*?) width="\d+" height="\d+"/, `$1 width="${W}pt" height="${H}pt" viewBox="0 0 ${W} ${H}"`));
    }
    const doc = new PDFDocument({ creator: "torch-node", producer: "torch-node" });
    draw(fig, 72, facecolor, doc.beginPage(W, H) as unknown as SKRSContext2D);
    doc.endPage();
    return doc.close();
  }
  const canvas = createCanvas(Math.round(fig.figsize[0] * dpi), Math.round(fig.figsize[1] * dpi));
  draw(fig, dpi, facecolor, canvas.getContext("2d"));
  if (fmt === "jpg" || fmt === "jpeg") return canvas.encodeSync("jpeg", 95);
  if (fmt === "webp") return canvas.encodeSync("webp", 80);
  return canvas.toBuffer("image/png");
}

function drawAxes(ax: Axes, box: Box, r: Renderer) {
  const ctx = r.ctx;
  const { x: xl, y: yl } = ax._limits();
  const tx = (v: number) => box.x + ((v - xl[0]) / (xl[1] - xl[0])) * box.w;
  const ty = (v: number) => box.y + box.h - ((v - yl[0]) / (yl[1] - yl[0])) * box.h;
  const fontPt = rcParams["font.size"];
  const xs = ax._tickStyle.x, ys = ax._tickStyle.y;

  if (ax._axisOn) { ctx.fillStyle = "white"; ctx.fillRect(box.x, box.y, box.w, box.h); }
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y, box.w, box.h);
  ctx.clip();
  for (const im of ax.images) {
    const c = createCanvas(im.width, im.height);
    const g = c.getContext("2d");
    const data = g.createImageData(im.width, im.height);
    data.data.set(im.rgba);
    g.putImageData(data, 0, 0);
    const [e0, e1, e2, e3] = im.get_extent();
    const x0 = tx(e0), x1 = tx(e1), y0 = ty(e3), y1 = ty(e2);
    const scale = Math.abs(x1 - x0) / im.width;
    ctx.imageSmoothingEnabled = im.smooth || scale < 1;
    ctx.drawImage(c, Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
  }
  if (ax._grid && ax._axisOn) {
    ctx.strokeStyle = "#b0b0b0"; ctx.lineWidth = r.pt(0.8);
    const xt = computeTicks(ax, "x", xl, box.w, r), yt = computeTicks(ax, "y", yl, box.h, r);
    for (const v of xt.locs) { const X = snap(tx(v), ctx.lineWidth); ctx.beginPath(); ctx.moveTo(X, box.y); ctx.lineTo(X, box.y + box.h); ctx.stroke(); }
    for (const v of yt.locs) { const Y = snap(ty(v), ctx.lineWidth); ctx.beginPath(); ctx.moveTo(box.x, Y); ctx.lineTo(box.x + box.w, Y); ctx.stroke(); }
  }
  for (const line of ax.lines) drawLine(line, line.xs.map(tx), line.ys.map(ty), r);
  ctx.restore();

  if (ax._axisOn) {
    const lw = r.pt(0.8);
    ctx.strokeStyle = "black"; ctx.lineWidth = lw;
    const X0 = snap(box.x, lw), X1 = snap(box.x + box.w, lw), Y0 = snap(box.y, lw), Y1 = snap(box.y + box.h, lw);
    ctx.strokeRect(X0, Y0, X1 - X0, Y1 - Y0);
    const tl = r.pt(TICK_LEN), pad = r.pt(TICK_PAD);
    const xt = computeTicks(ax, "x", xl, box.w, r), yt = computeTicks(ax, "y", yl, box.h, r);
    xt.locs.forEach((v, i) => {
      const X = snap(tx(v), lw);
      ctx.beginPath(); ctx.moveTo(X, Y1); ctx.lineTo(X, Y1 + tl); ctx.stroke();
      r.text(xt.labels[i], tx(v), Y1 + tl + pad, xs.fontsize, "center", "top", "black", xs.rotation);
    });
    yt.locs.forEach((v, i) => {
      const Y = snap(ty(v), lw);
      ctx.beginPath(); ctx.moveTo(X0, Y); ctx.lineTo(X0 - tl, Y); ctx.stroke();
      r.text(yt.labels[i], X0 - tl - pad, ty(v), ys.fontsize, "right", "center", "black", ys.rotation);
    });
    if (xt.offsetText) r.text(xt.offsetText, box.x + box.w, Y1 + tl + pad + r.textHeight(fontPt), fontPt, "right", "top");
    if (yt.offsetText) r.text(yt.offsetText, box.x, box.y - r.pt(2), fontPt, "left", "bottom");
    if (ax._xlabel?.text) {
      const y = Y1 + tl + pad + (xt.labels.length ? Math.max(...xt.labels.map((s) => r.textBox(s, xs.fontsize, xs.rotation).h)) : 0) + r.pt(LABEL_PAD);
      r.text(ax._xlabel.text, box.x + box.w / 2, y, ax._xlabel.fontsize, "center", "top");
    }
    if (ax._ylabel?.text) {
      const w = yt.labels.length ? Math.max(...yt.labels.map((s) => r.textBox(s, ys.fontsize, ys.rotation).w)) : 0;
      const x = X0 - tl - pad - w - r.pt(LABEL_PAD);
      r.text(ax._ylabel.text, x, box.y + box.h / 2, ax._ylabel.fontsize, "center", "bottom", "black", true);
    }
  }
  if (ax.title?.text) {
    const off = ax._axisOn && computeTicks(ax, "y", yl, box.h, r).offsetText ? r.textHeight(fontPt) + r.pt(2) : 0;
    r.text(ax.title.text, box.x + box.w / 2, box.y - r.pt(TITLE_PAD) - off, ax.title.fontsize, "center", "baseline");
  }
  for (const t of ax.texts) {
    const o = t.opts;
    r.text(t.text, tx(t.x), ty(t.y), t.fontsize, o.ha ?? o.horizontalalignment ?? "left", o.va ?? o.verticalalignment ?? "baseline",
      o.color != null ? toCSS(o.color) : "black", o.rotation ?? 0);
  }
  if (ax._legend) drawLegend(ax, box, r, tx, ty);
}

const DASHES: Record<string, number[]> = { "--": [3.7, 1.6], "-.": [6.4, 1.6, 1, 1.6], ":": [1, 1.65] };

function drawLine(line: Line2D, xs: number[], ys: number[], r: Renderer) {
  const ctx = r.ctx;
  ctx.save();
  ctx.globalAlpha = line.alpha;
  if (line.linestyle !== "None") {
    ctx.strokeStyle = line.color;
    ctx.lineWidth = r.pt(line.linewidth);
    ctx.lineJoin = "round";
    ctx.lineCap = line.linestyle === "-" ? "square" : "butt";
    const dash = DASHES[line.linestyle];
    ctx.setLineDash(dash ? dash.map((d) => r.pt(d * line.linewidth)) : []);
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < xs.length; i++) {
      if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) { pen = false; continue; }
      if (pen) ctx.lineTo(xs[i], ys[i]); else ctx.moveTo(xs[i], ys[i]);
      pen = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }
  if (line.marker) for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]) && Number.isFinite(ys[i])) drawMarker(ctx, line.marker, xs[i], ys[i], r.pt(line.markersize), line.color, line.markerfacecolor, r.pt(1));
  ctx.restore();
}

function drawMarker(ctx: SKRSContext2D, m: string, x: number, y: number, size: number, edge: string, face: string, mew: number) {
  const h = size / 2;
  ctx.save();
  ctx.translate(x, y);
  ctx.strokeStyle = edge; ctx.fillStyle = face; ctx.lineWidth = mew; ctx.lineJoin = "miter"; ctx.setLineDash([]);
  ctx.beginPath();
  const poly = (pts: number[][]) => { pts.forEach(([px, py], i) => (i ? ctx.lineTo(px, py) : ctx.moveTo(px, py))); ctx.closePath(); };
  const star = (n: number, inner: number) => poly(Array.from({ length: 2 * n }, (_, i) => {
    const a = -Math.PI / 2 + (i * Math.PI) / n, rr = i % 2 ? h * inner : h;
    return [rr * Math.cos(a), rr * Math.sin(a)];
  }));
  let filled = true;
  switch (m) {
    case "o": ctx.arc(0, 0, h, 0, 2 * Math.PI); break;
    case ".": ctx.arc(0, 0, h / 2, 0, 2 * Math.PI); break;
    case ",": ctx.rect(-0.5, -0.5, 1, 1); break;
    case "s": ctx.rect(-h * 0.9, -h * 0.9, h * 1.8, h * 1.8); break;
    case "^": poly([[0, -h], [h, h], [-h, h]]); break;
    case "v": poly([[0, h], [h, -h], [-h, -h]]); break;
    case "<": poly([[-h, 0], [h, -h], [h, h]]); break;
    case ">": poly([[h, 0], [-h, -h], [-h, h]]); break;
    case "D": poly([[0, -h], [h, 0], [0, h], [-h, 0]]); break;
    case "d": poly([[0, -h], [h * 0.6, 0], [0, h], [-h * 0.6, 0]]); break;
    case "*": star(5, 0.381966); ctx.lineJoin = "bevel"; break; // matplotlib bevels the star's points
    case "p": poly(Array.from({ length: 5 }, (_, i) => [h * Math.cos(-Math.PI / 2 + (2 * Math.PI * i) / 5), h * Math.sin(-Math.PI / 2 + (2 * Math.PI * i) / 5)])); break;
    case "h": case "H": poly(Array.from({ length: 6 }, (_, i) => [h * Math.cos((m === "h" ? -Math.PI / 2 : 0) + (Math.PI * i) / 3), h * Math.sin((m === "h" ? -Math.PI / 2 : 0) + (Math.PI * i) / 3)])); break;
    case "X": star(4, 0.4); ctx.rotate(Math.PI / 4); break;
    default: {
      filled = false;
      const segs: Record<string, number[][]> = {
        "x": [[-h, -h, h, h], [-h, h, h, -h]], "+": [[-h, 0, h, 0], [0, -h, 0, h]], "|": [[0, -h, 0, h]], "_": [[-h, 0, h, 0]],
        "1": [[0, 0, 0, h], [0, 0, -h * 0.87, -h / 2], [0, 0, h * 0.87, -h / 2]], "2": [[0, 0, 0, -h], [0, 0, -h * 0.87, h / 2], [0, 0, h * 0.87, h / 2]],
        "3": [[0, 0, -h, 0], [0, 0, h / 2, -h * 0.87], [0, 0, h / 2, h * 0.87]], "4": [[0, 0, h, 0], [0, 0, -h / 2, -h * 0.87], [0, 0, -h / 2, h * 0.87]],
      };
      for (const [a, b, c, d] of segs[m] ?? []) { ctx.moveTo(a, b); ctx.lineTo(c, d); }
    }
  }
  if (filled) ctx.fill();
  ctx.stroke();
  ctx.restore();
}

function drawLegend(ax: Axes, box: Box, r: Renderer, tx: (v: number) => number, ty: (v: number) => number) {
  const opts = ax._legend!;
  let entries: [Line2D, string][];
  if (opts.labels) {
    const handles = opts.handles ?? ax.lines;
    entries = opts.labels.slice(0, handles.length).map((l, i) => [handles[i], l]);
  } else {
    entries = (opts.handles ?? ax.lines).filter((l) => !l.label.startsWith("_")).map((l) => [l, l.label]);
  }
  if (!entries.length) return;
  const ctx = r.ctx;
  const fontPt = fontPoints(opts.fontsize, rcParams["font.size"]);
  const fs_ = r.pt(fontPt);
  const borderpad = 0.4 * fs_, labelspacing = 0.5 * fs_, handlelength = 2.0 * fs_, handletextpad = 0.8 * fs_, axespad = 0.5 * fs_;
  // A row is as tall as matplotlib's text box: the height of "lp" (0.968 em in DejaVu Sans).
  const rowH = r.pt(fontPt) * 0.968;
  const textW = Math.max(...entries.map(([, l]) => r.textWidth(l, fontPt)));
  const W = 2 * borderpad + handlelength + handletextpad + textW;
  const H = 2 * borderpad + entries.length * rowH + (entries.length - 1) * labelspacing;
  const place = (loc: string) => {
    const x = loc.includes("left") ? box.x + axespad : loc.includes("right") ? box.x + box.w - axespad - W : box.x + (box.w - W) / 2;
    const y = loc.includes("upper") ? box.y + axespad : loc.includes("lower") ? box.y + box.h - axespad - H : box.y + (box.h - H) / 2;
    return { x, y };
  };
  let loc = typeof opts.loc === "number" ? LOCS[opts.loc] : opts.loc ?? "best";
  if (loc === "best") {
    // The first location (in matplotlib's order) covering the fewest data points.
    let best = Infinity;
    for (const cand of LOCS.slice(1)) {
      const p = place(cand);
      let n = 0;
      for (const l of ax.lines) l.xs.forEach((xv, i) => { const X = tx(xv), Y = ty(l.ys[i]); if (X >= p.x && X <= p.x + W && Y >= p.y && Y <= p.y + H) n++; });
      if (n < best) { best = n; loc = cand; }
    }
  }
  const { x, y } = place(loc);
  if (opts.frameon !== false) {
    ctx.save();
    ctx.beginPath();
    ctx.roundRect(x, y, W, H, 0.2 * fs_);
    ctx.fillStyle = "rgba(255,255,255,0.8)";
    ctx.fill();
    ctx.strokeStyle = "#cccccc"; ctx.lineWidth = r.pt(1);
    ctx.stroke();
    ctx.restore();
  }
  entries.forEach(([line, label], i) => {
    const cy = y + borderpad + i * (rowH + labelspacing) + rowH / 2;
    const hx = x + borderpad;
    const seg = new Line2D([0, 1], [0, 0], line.color, line.linestyle, null, line.linewidth, line.markersize, "", line.markerfacecolor, line.alpha);
    drawLine(seg, [hx, hx + handlelength], [cy, cy], r);
    if (line.marker) drawMarker(ctx, line.marker, hx + handlelength / 2, cy, r.pt(line.markersize), line.color, line.markerfacecolor, r.pt(1));
    r.text(label, hx + handlelength + handletextpad, cy, fontPt, "left", "center");
  });
}
