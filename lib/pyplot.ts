// import plt from "torch-node/pyplot": matplotlib.pyplot's state machine over figures that
// are written as PNG files. plt.show() saves every open figure into
// rcParams["savefig.directory"] and prints where it went.
import "./pyplot/_canvas";
import path from "node:path";
import { Axes, AxesImage, Figure, Line2D, Text, fontPoints, rcParams, type FigureOptions, type FontSize, type ImshowOptions, type LegendOptions, type SavefigOptions, type TextOptions } from "./pyplot/figure";

export { Axes, AxesImage, Figure, Line2D, Text, rcParams };
export type { FigureOptions, ImshowOptions, LegendOptions, SavefigOptions, TextOptions };

const figures = new Map<number, Figure>();
let current: Figure | null = null;
let shown = 0;

function isOptions(v: unknown): v is Record<string, any> {
  return v != null && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v) && !("shape" in (v as object)) && typeof (v as any).numpy !== "function";
}

/** figure(num?, { figsize, dpi, facecolor, num }): a new figure, or the existing one with that number or label. */
export function figure(num?: number | string | FigureOptions | Figure, opts: FigureOptions = {}): Figure {
  if (num instanceof Figure) { figures.set(num.number, num); return (current = num); }
  if (isOptions(num)) { opts = num; num = opts.num; }
  if (num != null) {
    const found = typeof num === "number" ? figures.get(num) : [...figures.values()].find((f) => f.label === num);
    if (found) return (current = found);
  }
  const number = typeof num === "number" ? num : Math.max(0, ...figures.keys()) + 1;
  const fig = new Figure(number, typeof num === "string" ? num : "", opts);
  figures.set(number, fig);
  return (current = fig);
}

export function gcf(): Figure { return current ?? figure(); }
export function gca(): Axes { return gcf().gca(); }
export function sca(ax: Axes): void { figure(ax.figure); ax.figure.sca(ax); }

/** subplot(nrows, ncols, index) or subplot(pos) with a three-digit pos: selects or creates that axes. */
export function subplot(nrows: number = 111, ncols?: number, index?: number): Axes {
  return gcf().add_subplot(nrows, ncols, index);
}

export interface SubplotsOptions extends FigureOptions { squeeze?: boolean; sharex?: boolean; sharey?: boolean }

/**
 * subplots(nrows, ncols, { figsize }) returns [fig, axes] as matplotlib does: one Axes for 1x1,
 * an array for one row or column, an array of rows otherwise (squeeze: false: always rows).
 */
export function subplots(nrows?: number | SubplotsOptions, ncols?: number | SubplotsOptions, opts: SubplotsOptions = {}): [Figure, any] {
  if (isOptions(nrows)) { opts = nrows; nrows = undefined; }
  if (isOptions(ncols)) { opts = ncols; ncols = undefined; }
  const nr = (nrows as number | undefined) ?? (opts as any).nrows ?? 1, nc = (ncols as number | undefined) ?? (opts as any).ncols ?? 1;
  if (!(Number.isInteger(nr) && nr > 0)) throw new Error(`Number of rows must be a positive integer, not ${nr}`);
  if (!(Number.isInteger(nc) && nc > 0)) throw new Error(`Number of columns must be a positive integer, not ${nc}`);
  const fig = figure(opts);
  const grid: Axes[][] = [];
  for (let i = 0; i < nr; i++) {
    grid.push([]);
    for (let j = 0; j < nc; j++) grid[i].push(fig.add_subplot(nr, nc, i * nc + j + 1));
  }
  fig.sca(grid[0][0]);
  if (opts.squeeze === false) return [fig, grid];
  if (nr === 1 && nc === 1) return [fig, grid[0][0]];
  if (nr === 1) return [fig, grid[0]];
  if (nc === 1) return [fig, grid.map((row) => row[0])];
  return [fig, grid];
}

export function plot(...args: any[]): Line2D[] { return gca().plot(...args); }
export function imshow(X: any, opts: ImshowOptions = {}): AxesImage { return gca().imshow(X, opts); }
export function title(label: string, opts: TextOptions = {}): Text { return gca().set_title(label, opts); }
export function xlabel(label: string, opts: TextOptions = {}): Text { return gca().set_xlabel(label, opts); }
export function ylabel(label: string, opts: TextOptions = {}): Text { return gca().set_ylabel(label, opts); }
export function text(x: number, y: number, s: string, opts: TextOptions = {}): Text { return gca().text(x, y, s, opts); }
export function tick_params(opts: { axis?: "x" | "y" | "both"; labelsize?: FontSize; labelrotation?: number } = {}): void { gca().tick_params(opts); }
export function legend(...args: any[]): void { gca().legend(...args); }
export function grid(visible = true): void { gca().grid(visible); }
export function axis(arg?: string | boolean | number[]) { return gca().axis(arg); }
export function xlim(...args: any[]): [number, number] { return gca().set_xlim(...args); }
export function ylim(...args: any[]): [number, number] { return gca().set_ylim(...args); }
export function suptitle(t: string, opts: TextOptions = {}): Text { return gcf().suptitle(t, opts); }
export function tight_layout(): void { gcf().tight_layout(); }
export function subplots_adjust(p: Record<string, number>): void { gcf().subplots_adjust(p); }

export interface TicksOptions { ticks?: ArrayLike<number> | null; labels?: ArrayLike<string | number> | null; fontsize?: FontSize; size?: FontSize; rotation?: number }

// xticks(ticks?, labels?, { fontsize, rotation }): sets what is given (the text keywords style
// the tick labels, keeping the ticks) and returns [locs, labels] as matplotlib does.
function ticks(which: "x" | "y", args: any[]): [number[], Text[]] {
  const opts: TicksOptions = args.length && isOptions(args[args.length - 1]) ? args.pop() : {};
  const ax = gca();
  const t = args[0] ?? opts.ticks, l = args[1] ?? opts.labels;
  if (t != null) (which === "x" ? ax.set_xticks(t, l ?? undefined) : ax.set_yticks(t, l ?? undefined));
  const fontsize = opts.fontsize ?? opts.size;
  const st = ax._tickStyle[which];
  if (fontsize != null) st.fontsize = fontPoints(fontsize, st.fontsize);
  if (opts.rotation != null) st.rotation = opts.rotation;
  return which === "x" ? [ax.get_xticks(), ax.get_xticklabels()] : [ax.get_yticks(), ax.get_yticklabels()];
}

/** xticks() / xticks([]) / xticks(ticks, labels) / xticks({ fontsize, rotation }). */
export function xticks(...args: any[]): [number[], Text[]] { return ticks("x", args); }
export function yticks(...args: any[]): [number[], Text[]] { return ticks("y", args); }

export function savefig(fname: string, opts: SavefigOptions = {}): void { gcf().savefig(fname, opts); }

/** close() the current figure, close(fig), close(num or label) or close("all"). */
export function close(fig?: Figure | number | string): void {
  if (fig === "all") { figures.clear(); current = null; return; }
  const f = fig == null ? current : fig instanceof Figure ? fig : typeof fig === "number" ? figures.get(fig) : [...figures.values()].find((x) => x.label === fig);
  if (!f) return;
  figures.delete(f.number);
  if (current === f) current = [...figures.values()].pop() ?? null;
}

export function get_fignums(): number[] { return [...figures.keys()].sort((a, b) => a - b); }

/**
 * show(): there is no window, so each open figure is saved as a PNG in
 * rcParams["savefig.directory"] (named by its label, else figure_<n>), its path printed,
 * and the figure closed. Returns the paths written.
 */
export function show(): string[] {
  const written: string[] = [];
  for (const n of get_fignums()) {
    const fig = figures.get(n)!;
    const name = fig.label ? fig.label.replace(/[^\w.-]+/g, "_") : `figure_${++shown}`;
    const file = path.join(String(rcParams["savefig.directory"]), `${name}.png`);
    fig.savefig(file);
    console.log(`plot saved: ${file}`);
    written.push(file);
  }
  close("all");
  return written;
}

const plt = {
  figure, gcf, gca, sca, subplot, subplots, plot, imshow, title, xlabel, ylabel, text, tick_params, legend, grid, axis, xlim, ylim,
  suptitle, tight_layout, subplots_adjust, xticks, yticks, savefig, close, get_fignums, show, rcParams,
  Figure, Axes,
};
export default plt;
