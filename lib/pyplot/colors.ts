import { createCanvas } from "@napi-rs/canvas";

// Colors, colormaps and plot format strings as matplotlib reads them (matplotlib/colors.py, axes/_base.py).

export type Color = string | number[];

const BASE: Record<string, string> = {
  b: "#0000ff", g: "#008000", r: "#ff0000", c: "#00bfbf", m: "#bf00bf", y: "#bfbf00", k: "#000000", w: "#ffffff",
};
// The default property cycle ("tab10").
export const CYCLE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const TAB = ["blue", "orange", "green", "red", "purple", "brown", "pink", "gray", "olive", "cyan"];

/** A CSS color for anything matplotlib accepts as a color; throws matplotlib's error otherwise. */
export function toCSS(c: Color): string {
  if (Array.isArray(c)) {
    if (c.length !== 3 && c.length !== 4) throw new Error(`Invalid RGBA argument: ${JSON.stringify(c)}`);
    const [r, g, b, a = 1] = c;
    return `rgba(${Math.round(r * 255)},${Math.round(g * 255)},${Math.round(b * 255)},${a})`;
  }
  const s = c.trim();
  if (BASE[s]) return BASE[s];
  const cn = /^C(\d)$/.exec(s);
  if (cn) return CYCLE[Number(cn[1])];
  if (s.startsWith("tab:")) {
    const i = TAB.indexOf(s.slice(4));
    if (i >= 0) return CYCLE[i];
  }
  if (/^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(s)) return s;
  if (/^(0(\.\d*)?|1(\.0*)?|\.\d+)$/.test(s)) { const v = Math.round(Number(s) * 255); return `rgb(${v},${v},${v})`; } // gray level
  if (s.toLowerCase() === "none") return "rgba(0,0,0,0)";
  if (/^[a-z]{3,}$/i.test(s) && isCSSName(s.toLowerCase())) return s.toLowerCase(); // matplotlib's named colors are CSS's
  throw new Error(`Invalid RGBA argument: '${s}'`);
}

let probe: { fillStyle: unknown } | undefined;
function isCSSName(s: string): boolean {
  probe ??= createCanvas(1, 1).getContext("2d") as unknown as { fillStyle: unknown };
  probe.fillStyle = "#010203";
  probe.fillStyle = s;
  return probe.fillStyle !== "#010203";
}

function isColor(s: string): boolean {
  try { toCSS(s); return true; } catch { return false; }
}

export const MARKERS = new Set([".", ",", "o", "v", "^", "<", ">", "1", "2", "3", "4", "s", "p", "*", "h", "H", "+", "x", "X", "D", "d", "|", "_"]);
export const LINESTYLES = ["--", "-.", "-", ":"];

export interface Fmt { color?: string; marker?: string; linestyle?: string }

/** axes/_base.py _process_plot_format: "-x", "r*", "g*-", "b", "--". */
export function parseFmt(fmt: string): Fmt {
  // A whole color ("red", "0.5", "C1") is a color, except digits that are the tri markers.
  if (isColor(fmt) && !/^[1-4]$/.test(fmt)) return { color: toCSS(fmt), linestyle: "-" };
  const out: Fmt = {};
  let i = 0;
  while (i < fmt.length) {
    const two = fmt.slice(i, i + 2);
    if (two === "--" || two === "-.") {
      if (out.linestyle) throw new Error(`'${fmt}' is not a valid format string (two linestyle symbols)`);
      out.linestyle = two; i += 2; continue;
    }
    const ch = fmt[i];
    if (ch === "-" || ch === ":") {
      if (out.linestyle) throw new Error(`'${fmt}' is not a valid format string (two linestyle symbols)`);
      out.linestyle = ch;
    } else if (MARKERS.has(ch)) {
      if (out.marker) throw new Error(`'${fmt}' is not a valid format string (two marker symbols)`);
      out.marker = ch;
    } else if (ch in BASE) {
      if (out.color) throw new Error(`'${fmt}' is not a valid format string (two color symbols)`);
      out.color = BASE[ch];
    } else if (ch === "C" && /\d/.test(fmt[i + 1] ?? "")) {
      if (out.color) throw new Error(`'${fmt}' is not a valid format string (two color symbols)`);
      out.color = CYCLE[Number(fmt[i + 1])]; i += 2; continue;
    } else {
      throw new Error(`'${fmt}' is not a valid format string (unrecognized character '${ch}')`);
    }
    i++;
  }
  if (!out.linestyle) out.linestyle = out.marker ? "None" : "-";
  return out;
}

// Colormaps: 'gray' is linear; 'viridis' (the default) is interpolated from its ten-step palette.
const VIRIDIS = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"]
  .map((h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16)));

/** A colormap: a value in [0, 1] to RGB in [0, 1]. */
export type Colormap = (v: number) => [number, number, number];

/** The 8-bit color of lookup-table entry i of 256, as matplotlib's Colormap(..., bytes=True) gives it. */
export function lutBytes(cmap: Colormap, i: number): [number, number, number] {
  // The table is sampled at linspace(0, 1, 256) and converted to bytes by truncation.
  const [r, g, b] = cmap(i * (1 / 255));
  return [Math.floor(r * 255), Math.floor(g * 255), Math.floor(b * 255)];
}

function interp(stops: number[][]): Colormap {
  return (v) => {
    const x = Math.min(Math.max(v, 0), 1) * (stops.length - 1);
    const i = Math.min(Math.floor(x), stops.length - 2), f = x - i;
    const a = stops[i], b = stops[i + 1];
    return [(a[0] + (b[0] - a[0]) * f) / 255, (a[1] + (b[1] - a[1]) * f) / 255, (a[2] + (b[2] - a[2]) * f) / 255];
  };
}

const CMAPS: Record<string, Colormap> = {
  gray: (v) => { const g = Math.min(Math.max(v, 0), 1); return [g, g, g]; },
  viridis: interp(VIRIDIS),
};
CMAPS.grey = CMAPS.gray;
CMAPS.gray_r = (v) => CMAPS.gray(1 - v);
CMAPS.Greys = CMAPS.gray_r;
CMAPS.viridis_r = (v) => CMAPS.viridis(1 - v);

export function getCmap(name: string | undefined): Colormap {
  const cm = CMAPS[name ?? "viridis"];
  if (!cm) throw new Error(`'${name}' is not a valid value for cmap; supported values are ${Object.keys(CMAPS).map((k) => `'${k}'`).join(", ")}`);
  return cm;
}
