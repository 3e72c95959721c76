// torchvision.utils' drawing: draw_bounding_boxes, draw_segmentation_masks, draw_keypoints.
// torchvision draws boxes and keypoints with PIL's ImageDraw; the primitives below follow
// Pillow 12's libImaging/Draw.c step for step (integer Bresenham lines, the float32 scan-line
// polygon filler, the two-quarter ellipse) so the pixels are PIL's. Labels are text: written
// with @napi-rs/canvas in PIL's default font (Aileron, 10 px) at PIL's place; its rasteriser
// is Skia's, not FreeType's, so glyph pixels differ slightly (docs/porting.md).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { uint8, type dtype as DType } from "../dtype";
import { bindArgs, valueError, warn } from "../nn/_utils";
import { AILERON_REGULAR } from "./_aileron";
import { V } from "../version";

export type Color = string | readonly number[];
export type Colors = Color | readonly Color[] | null;

// ---- colours: PIL's ImageColor.getrgb ------------------------------------------------------

const NAMES = "aliceblue:f0f8ff,antiquewhite:faebd7,aqua:00ffff,aquamarine:7fffd4,azure:f0ffff,beige:f5f5dc,bisque:ffe4c4,black:000000," +
  "blanchedalmond:ffebcd,blue:0000ff,blueviolet:8a2be2,brown:a52a2a,burlywood:deb887,cadetblue:5f9ea0,chartreuse:7fff00,chocolate:d2691e," +
  "coral:ff7f50,cornflowerblue:6495ed,cornsilk:fff8dc,crimson:dc143c,cyan:00ffff,darkblue:00008b,darkcyan:008b8b,darkgoldenrod:b8860b," +
  "darkgray:a9a9a9,darkgrey:a9a9a9,darkgreen:006400,darkkhaki:bdb76b,darkmagenta:8b008b,darkolivegreen:556b2f,darkorange:ff8c00," +
  "darkorchid:9932cc,darkred:8b0000,darksalmon:e9967a,darkseagreen:8fbc8f,darkslateblue:483d8b,darkslategray:2f4f4f,darkslategrey:2f4f4f," +
  "darkturquoise:00ced1,darkviolet:9400d3,deeppink:ff1493,deepskyblue:00bfff,dimgray:696969,dimgrey:696969,dodgerblue:1e90ff," +
  "firebrick:b22222,floralwhite:fffaf0,forestgreen:228b22,fuchsia:ff00ff,gainsboro:dcdcdc,ghostwhite:f8f8ff,gold:ffd700,goldenrod:daa520," +
  "gray:808080,grey:808080,green:008000,greenyellow:adff2f,honeydew:f0fff0,hotpink:ff69b4,indianred:cd5c5c,indigo:4b0082,ivory:fffff0," +
  "khaki:f0e68c,lavender:e6e6fa,lavenderblush:fff0f5,lawngreen:7cfc00,lemonchiffon:fffacd,lightblue:add8e6,lightcoral:f08080," +
  "lightcyan:e0ffff,lightgoldenrodyellow:fafad2,lightgreen:90ee90,lightgray:d3d3d3,lightgrey:d3d3d3,lightpink:ffb6c1,lightsalmon:ffa07a," +
  "lightseagreen:20b2aa,lightskyblue:87cefa,lightslategray:778899,lightslategrey:778899,lightsteelblue:b0c4de,lightyellow:ffffe0," +
  "lime:00ff00,limegreen:32cd32,linen:faf0e6,magenta:ff00ff,maroon:800000,mediumaquamarine:66cdaa,mediumblue:0000cd,mediumorchid:ba55d3," +
  "mediumpurple:9370db,mediumseagreen:3cb371,mediumslateblue:7b68ee,mediumspringgreen:00fa9a,mediumturquoise:48d1cc," +
  "mediumvioletred:c71585,midnightblue:191970,mintcream:f5fffa,mistyrose:ffe4e1,moccasin:ffe4b5,navajowhite:ffdead,navy:000080," +
  "oldlace:fdf5e6,olive:808000,olivedrab:6b8e23,orange:ffa500,orangered:ff4500,orchid:da70d6,palegoldenrod:eee8aa,palegreen:98fb98," +
  "paleturquoise:afeeee,palevioletred:db7093,papayawhip:ffefd5,peachpuff:ffdab9,peru:cd853f,pink:ffc0cb,plum:dda0dd,powderblue:b0e0e6," +
  "purple:800080,rebeccapurple:663399,red:ff0000,rosybrown:bc8f8f,royalblue:4169e1,saddlebrown:8b4513,salmon:fa8072,sandybrown:f4a460," +
  "seagreen:2e8b57,seashell:fff5ee,sienna:a0522d,silver:c0c0c0,skyblue:87ceeb,slateblue:6a5acd,slategray:708090,slategrey:708090," +
  "snow:fffafa,springgreen:00ff7f,steelblue:4682b4,tan:d2b48c,teal:008080,thistle:d8bfd8,tomato:ff6347,turquoise:40e0d0,violet:ee82ee," +
  "wheat:f5deb3,white:ffffff,whitesmoke:f5f5f5,yellow:ffff00,yellowgreen:9acd32";
const COLORMAP = new Map(NAMES.split(",").map((e) => e.split(":") as [string, string]));

// Python's colorsys.hls_to_rgb and hsv_to_rgb.
function hlsToRgb(h: number, l: number, s: number): number[] {
  if (s === 0) return [l, l, l];
  const m2 = l <= 0.5 ? l * (1.0 + s) : l + s - l * s;
  const m1 = 2.0 * l - m2;
  const v = (hue: number) => {
    hue = ((hue % 1.0) + 1.0) % 1.0;
    if (hue < 1 / 6) return m1 + (m2 - m1) * hue * 6.0;
    if (hue < 0.5) return m2;
    if (hue < 2 / 3) return m1 + (m2 - m1) * (2 / 3 - hue) * 6.0;
    return m1;
  };
  return [v(h + 1 / 3), v(h), v(h - 1 / 3)];
}
function hsvToRgb(h: number, s: number, v: number): number[] {
  if (s === 0) return [v, v, v];
  const i = Math.trunc(h * 6.0), f = h * 6.0 - i;
  const p = v * (1.0 - s), q = v * (1.0 - s * f), t = v * (1.0 - s * (1.0 - f));
  return [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]][((i % 6) + 6) % 6];
}

/** PIL's ImageColor.getrgb: a colour name, #rgb[a], #rrggbb[aa], rgb(), rgba(), hsl(), hsv() / hsb(). */
export function getrgb(color: string): number[] {
  if (color.length > 100) throw valueError("color specifier is too long");
  const c = color.toLowerCase();
  const named = COLORMAP.get(c);
  if (named !== undefined) return getrgb(`#${named}`);
  const hex = (s: string) => parseInt(s, 16);
  if (/^#[a-f0-9]{3,4}$/.test(c)) return [...c.slice(1)].map((d) => hex(d + d));
  if (/^#([a-f0-9]{2}){3,4}$/.test(c)) return c.slice(1).match(/../g)!.map(hex);
  let m = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(c);
  if (m) return m.slice(1, 4).map(Number);
  m = /^rgb\(\s*(\d+)%\s*,\s*(\d+)%\s*,\s*(\d+)%\s*\)$/.exec(c);
  if (m) return m.slice(1, 4).map((v) => Math.trunc((Number(v) * 255) / 100.0 + 0.5));
  const num = String.raw`(\d+\.?\d*)`;
  m = new RegExp(String.raw`^hsl\(\s*${num}\s*,\s*${num}%\s*,\s*${num}%\s*\)$`).exec(c);
  if (m) return hlsToRgb(Number(m[1]) / 360.0, Number(m[3]) / 100.0, Number(m[2]) / 100.0).map((v) => Math.trunc(v * 255 + 0.5));
  m = new RegExp(String.raw`^hs[bv]\(\s*${num}\s*,\s*${num}%\s*,\s*${num}%\s*\)$`).exec(c);
  if (m) return hsvToRgb(Number(m[1]) / 360.0, Number(m[2]) / 100.0, Number(m[3]) / 100.0).map((v) => Math.trunc(v * 255 + 0.5));
  m = /^rgba\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(c);
  if (m) return m.slice(1, 5).map(Number);
  throw valueError(`unknown color specifier: ${pyRepr(c)}`);
}

function pyRepr(v: unknown): string {
  if (typeof v === "string") return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `${v.every((x) => typeof x === "number") ? "(" : "["}${v.map(pyRepr).join(", ")}${v.every((x) => typeof x === "number") ? ")" : "]"}`;
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
}

const isTuple = (c: unknown): c is readonly number[] => Array.isArray(c) && c.every((x) => typeof x === "number");

/** torchvision's _generate_color_palette: (i * [2**25 - 1, 2**15 - 1, 2**21 - 1]) % 255. */
export function _generate_color_palette(num_objects: number): number[][] {
  const p = [2 ** 25 - 1, 2 ** 15 - 1, 2 ** 21 - 1].map((v) => v % 255);
  return Array.from({ length: num_objects }, (_, i) => p.map((v) => ((i % 255) * v) % 255));
}

/** torchvision's _parse_colors: one RGB triple per object (in [0, 1] for a floating dtype). */
export function _parse_colors(colors: Colors | undefined, num_objects: number, dtype: DType = uint8): number[][] {
  let list: readonly Color[];
  if (colors === null || colors === undefined) list = _generate_color_palette(num_objects);
  else if (Array.isArray(colors) && !isTuple(colors)) {
    list = colors as readonly Color[];
    if (list.length < num_objects)
      throw valueError(`Number of colors must be equal or larger than the number of objects, but got ${list.length} < ${num_objects}.`);
  } else if (typeof colors !== "string" && !isTuple(colors)) throw valueError(`colors must be a tuple or a string, or a list thereof, but got ${pyRepr(colors)}.`);
  else if (isTuple(colors) && colors.length !== 3) throw valueError(`If passed as tuple, colors should be an RGB triplet, but got ${pyRepr(colors)}.`);
  else list = Array(num_objects).fill(colors);
  const rgb = list.map((c) => (typeof c === "string" ? getrgb(c) : [...c]));
  return dtype.is_floating_point ? rgb.map((c) => c.map((v) => v / 255)) : rgb;
}

// ---- PIL's drawing primitives (Draw.c) on an RGB image -------------------------------------

/** An 8-bit RGB image, PIL's "RGB" (rows of RGBX in PIL; here packed RGB). */
class Raster {
  constructor(readonly w: number, readonly h: number, readonly d: Uint8Array) {}
  static from(img: Tensor): Raster {
    return new Raster(img.size(2), img.size(1), new Uint8Array(img.permute([1, 2, 0]).contiguous().cpu().numpy().data as Uint8Array));
  }
  toTensor(): Tensor { return torch.from_numpy(this.d).reshape([this.h, this.w, 3]).permute([2, 0, 1]); }
}

// DIV255 and BLEND of ImagingUtils.h.
const div255 = (a: number) => { const t = a + 128; return ((t >> 8) + t) >> 8; };
const blend = (mask: number, in1: number, in2: number) => div255(in1 * (255 - mask) + in2 * mask);

/** A drawing context: ImageDraw.Draw(im) writes ink, ImageDraw.Draw(im, "RGBA") blends it by its alpha. */
class Draw {
  constructor(readonly im: Raster, readonly blend: boolean) {}

  private put(x: number, y: number, ink: number[]): void {
    const o = (y * this.im.w + x) * 3, d = this.im.d;
    if (this.blend) { for (let c = 0; c < 3; c++) d[o + c] = blend(ink[3], d[o + c], ink[c]); }
    else { d[o] = ink[0]; d[o + 1] = ink[1]; d[o + 2] = ink[2]; }
  }

  point(x: number, y: number, ink: number[]): void {
    if (x >= 0 && x < this.im.w && y >= 0 && y < this.im.h) this.put(x, y, ink);
  }

  hline(x0: number, y0: number, x1: number, ink: number[]): void {
    if (y0 < 0 || y0 >= this.im.h) return;
    if (x0 < 0) x0 = 0; else if (x0 >= this.im.w) return;
    if (x1 < 0) return; else if (x1 >= this.im.w) x1 = this.im.w - 1;
    for (; x0 <= x1; x0++) this.put(x0, y0, ink);
  }

  /** Bresenham from (x0, y0), the end point excluded. */
  line(x0: number, y0: number, x1: number, y1: number, ink: number[]): void {
    let dx = x1 - x0, dy = y1 - y0, xs = 1, ys = 1, e: number;
    if (dx < 0) { dx = -dx; xs = -1; }
    if (dy < 0) { dy = -dy; ys = -1; }
    if (dx === 0) { for (let i = 0; i < dy; i++) { this.point(x0, y0, ink); y0 += ys; } }
    else if (dy === 0) { for (let i = 0; i < dx; i++) { this.point(x0, y0, ink); x0 += xs; } }
    else if (dx > dy) {
      const n = dx; dy += dy; e = dy - dx; dx += dx;
      for (let i = 0; i < n; i++) { this.point(x0, y0, ink); if (e >= 0) { y0 += ys; e -= dx; } e += dy; x0 += xs; }
    } else {
      const n = dy; dx += dx; e = dx - dy; dy += dy;
      for (let i = 0; i < n; i++) { this.point(x0, y0, ink); if (e >= 0) { x0 += xs; e -= dy; } e += dx; y0 += ys; }
    }
  }

  rectangle(x0: number, y0: number, x1: number, y1: number, ink: number[], fill: boolean, width: number): void {
    if (y0 > y1) [y0, y1] = [y1, y0];
    if (fill) {
      if (y0 < 0) y0 = 0; else if (y0 >= this.im.h) return;
      if (y1 < 0) return; else if (y1 > this.im.h) y1 = this.im.h;
      for (let y = y0; y <= y1; y++) this.hline(x0, y, x1, ink);
      return;
    }
    if (width === 0) width = 1;
    for (let i = 0; i < width; i++) {
      this.hline(x0, y0 + i, x1, ink);
      this.hline(x0, y1 - i, x1, ink);
      this.line(x1 - i, y0 + width, x1 - i, y1 - width + 1, ink);
      this.line(x0 + i, y0 + width, x0 + i, y1 - width + 1, ink);
    }
  }

  /** polygon_generic: the scan-line filler, in float32 as Draw.c computes. */
  polygonGeneric(e: Edge[], ink: number[]): void {
    const n = e.length;
    if (n <= 0) return;
    let ymin = this.im.h - 1, ymax = 0;
    const table: Edge[] = [];
    for (const ed of e) {
      if (ymin > ed.ymin) ymin = ed.ymin;
      if (ymax < ed.ymax) ymax = ed.ymax;
      if (ed.ymin === ed.ymax) { if (!this.blend) this.hline(ed.xmin, ed.ymin, ed.xmax, ink); continue; }
      table.push(ed);
    }
    if (ymin < 0) ymin = 0;
    if (ymax > this.im.h) ymax = this.im.h;
    const xAt = (ed: Edge, y: number) => f32(f32((y - ed.y0) * ed.dx) + ed.x0);
    for (; ymin <= ymax; ymin++) {
      const xx: number[] = [];
      for (let i = 0; i < table.length; i++) {
        const cur = table[i];
        if (!(ymin >= cur.ymin && ymin <= cur.ymax)) continue;
        xx.push(xAt(cur, ymin));
        if (ymin === cur.ymax && ymin < ymax) { xx.push(xx[xx.length - 1]); continue; }
        if (!((ymin === cur.ymin || ymin === cur.ymax) && cur.dx !== 0)) continue;
        // Connect discontiguous corners.
        for (let k = 0; k < i; k++) {
          const other = table[k];
          if ((ymin !== other.ymin && ymin !== other.ymax) || other.dx === 0) continue;
          const j = xx.length - 1;
          if (roundf(xx[j]) !== roundf(xAt(other, ymin))) continue;
          const offset = ymin === cur.ymax ? -1 : 1;
          const adj = xAt(cur, ymin + offset);
          if (ymin + offset >= other.ymin && ymin + offset <= other.ymax) {
            const adjOther = xAt(other, ymin + offset);
            if (xx[j] > f32(adj + 1) && xx[j] > f32(adjOther + 1)) xx[j] = f32(roundf(Math.max(adj, adjOther)) + 1);
            else if (xx[j] < f32(adj - 1) && xx[j] < f32(adjOther - 1)) xx[j] = f32(roundf(Math.min(adj, adjOther)) - 1);
            break;
          }
        }
      }
      xx.sort((a, b) => a - b);
      const j = xx.length;
      if (this.blend) {
        // Blended ink must not touch a pixel twice: spans and horizontal edges advance x_pos.
        const pos = { x: j === 0 ? -1 : 0 };
        for (let i = 1; i < j; i += 2) {
          const xEnd = roundDown(xx[i]);
          if (xEnd < pos.x) continue;
          this.horizontalLines(e, ink, pos, ymin);
          if (xEnd < pos.x) continue;
          let xStart = roundUp(xx[i - 1]);
          if (pos.x > xStart) { xStart = pos.x; if (xEnd < xStart) continue; }
          this.hline(xStart, ymin, xEnd, ink);
          pos.x = xEnd + 1;
        }
        this.horizontalLines(e, ink, pos, ymin);
      } else {
        for (let i = 1; i < j; i += 2) this.hline(roundUp(xx[i - 1]), ymin, roundDown(xx[i]), ink);
      }
    }
  }

  private horizontalLines(e: Edge[], ink: number[], pos: { x: number }, y: number): void {
    for (const ed of e) {
      if (!(ed.ymin === y && ed.ymin === ed.ymax)) continue;
      let xmin = ed.xmin;
      if (pos.x !== -1 && pos.x < xmin) continue;
      const xmax = ed.xmax;
      if (pos.x > xmin) { xmin = pos.x; if (xmax < xmin) continue; }
      this.hline(xmin, ed.ymin, xmax, ink);
      pos.x = xmax + 1;
    }
  }

  /** ImagingDrawPolygon's fill: the vertices' edges, consecutive horizontal ones merged. */
  polygonFill(xy: number[], ink: number[]): void {
    const count = xy.length / 2;
    if (count <= 0) return;
    const e: Edge[] = [];
    let i = 0;
    for (; i < count - 1; i++) {
      const x0 = xy[i * 2], y0 = xy[i * 2 + 1], x1 = xy[i * 2 + 2], y1 = xy[i * 2 + 3];
      if (y0 === y1 && i !== 0 && y0 === xy[i * 2 - 1]) {
        const last = e[e.length - 1];
        if (x1 > x0 && x0 > xy[i * 2 - 2]) { last.xmax = x1; continue; }
        if (x1 < x0 && x0 < xy[i * 2 - 2]) { last.xmin = x1; continue; }
      }
      e.push(edge(x0, y0, x1, y1));
    }
    if (xy[i * 2] !== xy[0] || xy[i * 2 + 1] !== xy[1]) e.push(edge(xy[i * 2], xy[i * 2 + 1], xy[0], xy[1]));
    this.polygonGeneric(e, ink);
  }

  /** ImagingDrawWideLine: a quadrilateral around the segment. */
  wideLine(x0: number, y0: number, x1: number, y1: number, ink: number[], width: number): void {
    const dx = x1 - x0, dy = y1 - y0;
    if (dx === 0 && dy === 0) { this.point(x0, y0, ink); return; }
    const big = Math.hypot(dx, dy), small = (width - 1) / 2.0;
    const ratioMax = roundUp(small) / big, ratioMin = roundDown(small) / big;
    const dxmin = roundDown(ratioMin * dy), dxmax = roundDown(ratioMax * dy);
    const dymin = roundDown(ratioMin * dx), dymax = roundDown(ratioMax * dx);
    const v = [[x0 - dxmin, y0 + dymax], [x1 - dxmin, y1 + dymax], [x1 + dxmax, y1 - dymin], [x0 + dxmax, y0 - dymin]];
    this.polygonGeneric([0, 1, 2, 3].map((k) => edge(v[k][0], v[k][1], v[(k + 1) % 4][0], v[(k + 1) % 4][1])), ink);
  }

  /** ImageDraw.line: _draw_lines (thin segments and the last point, or wide segments). */
  lines(xy: number[], ink: number[], width: number): void {
    const n = xy.length / 2;
    if (width === 1) {
      for (let i = 0; i < n - 1; i++) this.line(xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], ink);
      if (n > 1) this.point(xy[2 * n - 2], xy[2 * n - 1], ink);
    } else {
      for (let i = 0; i < n - 1; i++) this.wideLine(xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], ink, width);
    }
  }

  /** ellipseNew: rows of two quarter ellipses (outer and inner) on a grid of step 2. */
  ellipse(x0: number, y0: number, x1: number, y1: number, ink: number[], fill: boolean, width: number): void {
    const a = x1 - x0, b = y1 - y0;
    if (a < 0 || b < 0) return;
    if (fill) width = a + b;
    const st = new EllipseState(a, b, width);
    for (let r = st.next(); r !== null; r = st.next())
      this.hline(x0 + Math.trunc((r[0] + a) / 2), y0 + Math.trunc((r[1] + b) / 2), x0 + Math.trunc((r[2] + a) / 2), ink);
  }
}

interface Edge { x0: number; y0: number; xmin: number; ymin: number; xmax: number; ymax: number; dx: number }
const f32 = Math.fround;
function edge(x0: number, y0: number, x1: number, y1: number): Edge {
  return { x0, y0, xmin: Math.min(x0, x1), xmax: Math.max(x0, x1), ymin: Math.min(y0, y1), ymax: Math.max(y0, y1), dx: y0 === y1 ? 0 : f32((x1 - x0) / (y1 - y0)) };
}
// roundf, and Draw.c's ROUND_UP / ROUND_DOWN (halves away from / towards zero); the 0.5F sums in float for a float argument.
const roundf = (v: number) => (v < 0 ? -Math.round(-v) : Math.round(v));
const roundUp = (v: number) => (v >= 0 ? Math.floor(f32(v + 0.5)) : -Math.floor(f32(Math.abs(v) + 0.5))) | 0;
const roundDown = (v: number) => (v >= 0 ? Math.ceil(f32(v - 0.5)) : -Math.ceil(f32(Math.abs(v) - 0.5))) | 0;

class Quarter {
  a = 0; b = 0; cx = 0; cy = 0; ex = 0; ey = 0; a2 = 0n; b2 = 0n; a2b2 = 0n; finished = false;
  constructor(a: number, b: number) {
    if (a < 0 || b < 0) { this.finished = true; return; }
    Object.assign(this, { a, b, cx: a, cy: b % 2, ex: a % 2, ey: b });
    this.a2 = BigInt(a) * BigInt(a); this.b2 = BigInt(b) * BigInt(b); this.a2b2 = this.a2 * this.b2;
  }
  private delta(x: number, y: number): bigint {
    const d = this.a2 * BigInt(y) * BigInt(y) + this.b2 * BigInt(x) * BigInt(x) - this.a2b2;
    return d < 0n ? -d : d;
  }
  next(): [number, number] | null {
    if (this.finished) return null;
    const ret: [number, number] = [this.cx, this.cy];
    if (this.cx === this.ex && this.cy === this.ey) { this.finished = true; return ret; }
    let nx = this.cx, ny = this.cy + 2, nd = this.delta(nx, ny);
    if (nx > 1) {
      let d = this.delta(this.cx - 2, this.cy + 2);
      if (nd > d) { nx = this.cx - 2; ny = this.cy + 2; nd = d; }
      d = this.delta(this.cx - 2, this.cy);
      if (nd > d) { nx = this.cx - 2; ny = this.cy; }
    }
    this.cx = nx; this.cy = ny;
    return ret;
  }
}

class EllipseState {
  private o: Quarter; private i!: Quarter;
  private py = 0; private pl = 0; private pr = 0;
  private buf: [number, number, number][] = [];
  private finished = false; private leftmost: number;
  constructor(a: number, b: number, w: number) {
    this.leftmost = a % 2;
    this.o = new Quarter(a, b);
    const first = w < 1 ? null : this.o.next();
    if (first === null) { this.finished = true; return; }
    [this.pr, this.py] = first;
    this.i = new Quarter(a - 2 * (w - 1), b - 2 * (w - 1));
    this.pl = this.leftmost;
  }
  /** The next row [x0, y, x1], or null. */
  next(): [number, number, number] | null {
    if (this.buf.length === 0) {
      if (this.finished) return null;
      const y = this.py, r = this.pr;
      let l = this.pl, p: [number, number] | null;
      while ((p = this.o.next()) !== null && p[1] <= y) { /* skip rows already covered */ }
      if (p === null) this.finished = true; else [this.pr, this.py] = p;
      let c: [number, number] | null;
      while ((c = this.i.next()) !== null && c[1] <= y) l = c[0];
      this.pl = c === null ? this.leftmost : c[0];
      if ((l > 0 || l < r) && y > 0) this.buf.push([l === 0 ? 2 : l, y, r]);
      if (y > 0) this.buf.push([-r, y, -l]);
      if (l > 0 || l < r) this.buf.push([l === 0 ? 2 : l, -y, r]);
      this.buf.push([-r, -y, -l]);
    }
    return this.buf.pop()!;
  }
}

// ---- text: PIL's default font through @napi-rs/canvas --------------------------------------

type CanvasModule = typeof import("@napi-rs/canvas");
let canvasMod: CanvasModule | undefined;
const registered = new Map<string, string>();
function canvas(): CanvasModule {
  if (canvasMod === undefined) {
    try { canvasMod = require("@napi-rs/canvas") as CanvasModule; } catch {
      throw new Error("draw_bounding_boxes writes labels with @napi-rs/canvas, an optional dependency of torch-node that is not installed here: npm install @napi-rs/canvas");
    }
  }
  return canvasMod;
}

/** A font: PIL's load_default() (Aileron, 10 px) or ImageFont.truetype(font, size). */
class TextFont {
  readonly css: string;
  readonly ascent: number;
  constructor(font: string | null, size: number) {
    const { GlobalFonts, createCanvas } = canvas();
    let family = registered.get(font ?? "");
    if (family === undefined) {
      family = `torchvision-font-${registered.size}`;
      const ok = font === null ? GlobalFonts.register(Buffer.from(AILERON_REGULAR, "base64"), family) : GlobalFonts.registerFromPath(font, family);
      if (!ok) { const e = new Error("cannot open resource"); e.name = "OSError"; throw e; }
      registered.set(font ?? "", family);
    }
    this.css = `${size}px "${family}"`;
    const ctx = createCanvas(1, 1).getContext("2d");
    ctx.font = this.css;
    // FreeType's ascender is rounded up to whole pixels; PIL's anchor "la" puts it at y.
    this.ascent = Math.ceil(ctx.measureText("A").fontBoundingBoxAscent);
  }
  private lines(text: string): string[] { return text.split("\n"); }
  private spacing(): number { return this.ascent + 4; }

  /** ImageDraw.textbbox((x, y), text): the ink's box. */
  bbox(x: number, y: number, text: string): [number, number, number, number] {
    const ctx = canvas().createCanvas(1, 1).getContext("2d");
    ctx.font = this.css;
    let box: [number, number, number, number] | null = null;
    this.lines(text).forEach((line, k) => {
      const m = ctx.measureText(line);
      const base = y + k * this.spacing() + this.ascent;
      const b: [number, number, number, number] = [x + Math.floor(-m.actualBoundingBoxLeft), base - Math.ceil(m.actualBoundingBoxAscent), x + Math.ceil(m.actualBoundingBoxRight), base + Math.ceil(m.actualBoundingBoxDescent)];
      box = box === null ? b : [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])];
    });
    return box!;
  }

  /** ImageDraw.text((x, y), text, fill): the glyphs' coverage blends the ink in. */
  draw(d: Draw, x: number, y: number, text: string, ink: number[]): void {
    const [l, t, r, b] = this.bbox(x, y, text);
    const pad = 2, ox = l - pad, oy = t - pad, w = r - l + 2 * pad, h = b - t + 2 * pad;
    if (w <= 0 || h <= 0) return;
    const c = canvas().createCanvas(w, h), ctx = c.getContext("2d");
    ctx.font = this.css;
    ctx.fillStyle = "#ffffff";
    ctx.textBaseline = "alphabetic";
    this.lines(text).forEach((line, k) => ctx.fillText(line, x - ox, y + k * this.spacing() + this.ascent - oy));
    const alpha = ctx.getImageData(0, 0, w, h).data;
    const im = d.im;
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) {
      const m = alpha[(j * w + i) * 4 + 3], px = ox + i, py = oy + j;
      if (m === 0 || px < 0 || py < 0 || px >= im.w || py >= im.h) continue;
      const o = (py * im.w + px) * 3;
      for (let ch = 0; ch < 3; ch++) im.d[o + ch] = blend(m, im.d[o + ch], ink[ch]);
    }
  }
}

// ---- torchvision.utils ---------------------------------------------------------------------

function checkImage(image: unknown, what: string): asserts image is Tensor {
  if (!(image instanceof Tensor)) throw new TypeError(`${what}, got ${typeName(image)}`);
  if (!(image.dtype === uint8 || image.is_floating_point())) throw valueError(`The image dtype must be uint8 or float, got torch.${image.dtype.name}`);
  if (image.dim() !== 3) throw valueError("Pass individual images, not batches");
}
const typeName = (v: unknown) => `<class '${v === null || v === undefined ? "NoneType" : Array.isArray(v) ? "list" : typeof v === "number" ? (Number.isInteger(v) ? "int" : "float") : typeof v === "string" ? "str" : typeof v === "boolean" ? "bool" : (v as object).constructor?.name ?? "object"}'>`;

// transforms.v2.functional.to_dtype(image, dtype, scale=True) between uint8 and a floating dtype.
const toUint8 = (image: Tensor) => image.mul(255 + 1.0 - 1e-3).to(uint8);
const fromUint8 = (image: Tensor, dt: DType) => image.to(dt).mul_(1.0 / 255);

const trunc = (v: number) => Math.trunc(v);

export interface DrawBoundingBoxesOptions {
  labels?: (string | null)[] | null; colors?: Colors; fill?: boolean | null; width?: number; font?: string | null; font_size?: number | null;
  label_colors?: Colors; label_background_colors?: Colors; fill_labels?: boolean;
}

/**
 * Draws bounding boxes ((N, 4) as (xmin, ymin, xmax, ymax), or (N, 8) oriented corners) on a (C, H, W)
 * uint8 or float image; returns a uint8 RGB image (float in, float out), as torchvision.utils.
 */
export function draw_bounding_boxes(image: Tensor, boxes: Tensor, opts?: DrawBoundingBoxesOptions): Tensor;
export function draw_bounding_boxes(image: Tensor, boxes: Tensor, labels: (string | null)[] | null, opts?: Omit<DrawBoundingBoxesOptions, "labels">): Tensor;
export function draw_bounding_boxes(image: Tensor, boxes: Tensor, labels?: (string | null)[] | null, colors?: Colors, fill?: boolean | null, width?: number, font?: string | null, font_size?: number | null, label_colors?: Colors, label_background_colors?: Colors, fill_labels?: boolean): Tensor;
export function draw_bounding_boxes(...args: unknown[]): Tensor {
  const [imageArg, boxes, labelsArg, colorsArg, fill, width, font, font_size, labelColorsArg, labelBgArg, fill_labels] = bindArgs("draw_bounding_boxes", [
    ["image"], ["boxes"], ["labels", null], ["colors", null], ["fill", false], ["width", 1], ["font", null], ["font_size", null],
    ["label_colors", null], ["label_background_colors", null], ["fill_labels", false]], args) as
    [Tensor, Tensor, (string | null)[] | null, Colors, boolean | null, number, string | null, number | null, Colors, Colors, boolean];
  let image = imageArg;
  if (!(image instanceof Tensor)) throw new TypeError(`Tensor expected, got ${typeName(image)}`);
  checkImage(image, "Tensor expected");
  if (image.size(0) !== 1 && image.size(0) !== 3) throw valueError("Only grayscale and RGB images are supported");
  if (boxes.size(-1) === 4 && (boxes.index(":", 0).gt(boxes.index(":", 2)).any().item() || boxes.index(":", 1).gt(boxes.index(":", 3)).any().item()))
    throw valueError("Boxes need to be in (xmin, ymin, xmax, ymax) format. Use torchvision.ops.box_convert to convert them");
  const num_boxes = boxes.size(0);
  if (num_boxes === 0) { warn("boxes doesn't contain any box. No box was drawn"); return image; }
  const labels = labelsArg ?? Array<null>(num_boxes).fill(null);
  if (labels.length !== num_boxes)
    throw valueError(`Number of boxes (${num_boxes}) and labels (${labels.length}) mismatch. Please specify labels for each box.`);
  const colors = _parse_colors(colorsArg, num_boxes);
  const truthy = (c: Colors | undefined) => c !== null && c !== undefined && !(typeof c === "string" && c === "") && !(Array.isArray(c) && c.length === 0);
  const label_colors = truthy(labelColorsArg) || fill_labels ? _parse_colors(truthy(labelColorsArg) ? labelColorsArg : "black", num_boxes) : colors;
  const label_bg = fill_labels && truthy(labelBgArg) ? _parse_colors(labelBgArg, num_boxes) : colors;
  if (font === null && font_size !== null) warn("Argument 'font_size' will be ignored since 'font' is not set.");
  const hasLabels = labels.some((l) => l !== null);
  const txtFont = hasLabels ? new TextFont(font, font === null ? 10 : font_size || 10) : null;

  if (image.size(0) === 1) image = torch.tile(image, [3, 1, 1]);
  const original = image.dtype;
  if (original.is_floating_point) image = toUint8(image);
  const im = Raster.from(image);
  const draw = new Draw(im, !!fill);
  const coords = boxes.to(torch.int64).tolist() as number[][];
  const ink = (c: number[], alpha = 255) => [trunc(c[0]), trunc(c[1]), trunc(c[2]), alpha];
  for (let k = 0; k < num_boxes; k++) {
    const bbox = coords[k], color = colors[k];
    if (bbox.length > 4) orientedRectangle(draw, bbox, ink(color), fill ? ink(color, 100) : null, width);
    else {
      if (bbox[2] < bbox[0]) throw valueError("x1 must be greater than or equal to x0");
      if (bbox[3] < bbox[1]) throw valueError("y1 must be greater than or equal to y0");
      if (fill) draw.rectangle(bbox[0], bbox[1], bbox[2], bbox[3], ink(color, 100), true, 0);
      if (width !== 0) draw.rectangle(bbox[0], bbox[1], bbox[2], bbox[3], ink(color), false, width);
    }
    const label = labels[k];
    if (label !== null && txtFont !== null) {
      const margin = width + 1, x = bbox[0] + margin, y = bbox[1] + margin;
      if (fill_labels) {
        const [l, t, r, b] = txtFont.bbox(x, y, label);
        draw.rectangle(l - 1, t - 1, r + 1, b + 1, ink(label_bg[k]), true, 0);
      }
      txtFont.draw(draw, x, y, label, ink(label_colors[k]));
    }
  }
  const out = im.toTensor();
  return original.is_floating_point ? fromUint8(out, original) : out;
}

// torchvision's _ImageDrawTV.oriented_rectangle: the first side dashed, the others solid, then the fill.
function orientedRectangle(draw: Draw, xy: number[], outline: number[], fill: number[] | null, width: number): void {
  const line = (x1: number, y1: number, x2: number, y2: number) => { if (width !== 0) draw.lines([x1, y1, x2, y2].map(trunc), outline, width); };
  // dashed_line(((x0, y0), (x1, y1)), dash_length=5, space_length=5)
  let [x1, y1] = [xy[0], xy[1]];
  const [x2, y2] = [xy[2], xy[3]];
  let segment = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, dash = true;
  while (segment > 0) {
    const len = Math.min(segment, 5);
    const angle = Math.atan2(y2 - y1, x2 - x1);
    const ex = x1 + Math.cos(angle) * len, ey = y1 + Math.sin(angle) * len;
    if (dash) line(x1, y1, ex, ey);
    segment -= len;
    [x1, y1] = [ex, ey];
    dash = !dash;
  }
  const n = xy.length;
  for (let i = 2; i < n; i += 2) line(xy[i], xy[i + 1], xy[(i + 2) % n], xy[(i + 3) % n]);
  if (fill !== null) draw.polygonFill(xy.map(trunc), fill);
}

export interface DrawSegmentationMasksOptions { alpha?: number; colors?: Colors }

/** Overlays boolean masks ((H, W) or (N, H, W)) on a (3, H, W) uint8 or float image, as torchvision.utils. */
export function draw_segmentation_masks(image: Tensor, masks: Tensor, opts?: DrawSegmentationMasksOptions): Tensor;
export function draw_segmentation_masks(image: Tensor, masks: Tensor, alpha?: number, colors?: Colors): Tensor;
export function draw_segmentation_masks(...args: unknown[]): Tensor {
  const [image, masksArg, alpha, colorsArg] = bindArgs("draw_segmentation_masks", [["image"], ["masks"], ["alpha", 0.8], ["colors", null]], args) as [Tensor, Tensor, number, Colors];
  checkRgb(image);
  let masks = masksArg;
  if (masks.dim() === 2) masks = masks.unsqueeze(0);
  if (masks.dim() !== 3) throw valueError("masks must be of shape (H, W) or (batch_size, H, W)");
  if (masks.dtype !== torch.bool) throw valueError(`The masks must be of dtype bool. Got torch.${masks.dtype.name}`);
  if (masks.size(-1) !== image.size(-1) || masks.size(-2) !== image.size(-2)) throw valueError("The image and the masks must have the same height and width");
  const num_masks = masks.size(0);
  const overlapping = masks.sum(0).gt(1);
  if (num_masks === 0) { warn("masks doesn't contain any mask. No mask was drawn"); return image; }
  const original = image.dtype;
  const colors = _parse_colors(colorsArg, num_masks, original).map((c) => torch.tensor(c, { dtype: original, device: image.device }));
  let img = image.detach().clone();
  for (let k = 0; k < num_masks; k++) img = torch.where(masks.index(k).unsqueeze(0), colors[k].view([3, 1, 1]), img);
  if (V.tv_mask_overlap) img = torch.where(overlapping.unsqueeze(0), torch.zeros([], { dtype: original, device: image.device }), img);
  return image.mul(1 - alpha).add(img.mul(alpha)).to(original);
}

function checkRgb(image: unknown): asserts image is Tensor {
  checkImage(image, "The image must be a tensor");
  if (image.size(0) !== 3) throw valueError("Pass an RGB image. Other Image formats are not supported");
}

export interface DrawKeypointsOptions {
  connectivity?: [number, number][] | null; colors?: Color | null; radius?: number; width?: number; visibility?: Tensor | null;
}

/** Draws keypoints (num_instances, K, 2) and their connections on a (3, H, W) uint8 or float image, as torchvision.utils. */
export function draw_keypoints(image: Tensor, keypoints: Tensor, opts?: DrawKeypointsOptions): Tensor;
export function draw_keypoints(image: Tensor, keypoints: Tensor, connectivity?: [number, number][] | null, colors?: Color | null, radius?: number, width?: number, visibility?: Tensor | null): Tensor;
export function draw_keypoints(...args: unknown[]): Tensor {
  const [imageArg, keypoints, connectivity, colors, radius, width, visibilityArg] = bindArgs("draw_keypoints", [
    ["image"], ["keypoints"], ["connectivity", null], ["colors", null], ["radius", 2], ["width", 3], ["visibility", null]], args) as
    [Tensor, Tensor, [number, number][] | null, Color | null, number, number, Tensor | null];
  let image = imageArg;
  checkRgb(image);
  if (keypoints.dim() !== 3) throw valueError("keypoints must be of shape (num_instances, K, 2)");
  let visibility = visibilityArg ?? torch.ones(keypoints.shape.slice(0, -1), { dtype: torch.bool });
  if (visibility.dim() === 3) visibility = visibility.squeeze(-1);
  if (visibility.dim() !== 2) throw valueError(`visibility must be of shape (num_instances, K). Got ndim=${visibility.dim()}`);
  const size = (s: number[]) => `torch.Size([${s.join(", ")}])`;
  if (visibility.size(0) !== keypoints.size(0) || visibility.size(1) !== keypoints.size(1))
    throw valueError(`keypoints and visibility must have the same dimensionality for num_instances and K. Got visibility.shape=${size(visibility.shape)} and keypoints.shape=${size(keypoints.shape)}`);
  const original = image.dtype;
  if (original.is_floating_point) image = toUint8(image);
  const im = Raster.from(image);
  const draw = new Draw(im, false);
  const kpts = keypoints.to(torch.int64).tolist() as number[][][];
  const vis = visibility.cpu().bool().tolist() as boolean[][];
  // ImageDraw's inks: `colors` fills the points (None: no fill, and outline width 0 draws nothing);
  // the connections take the default ink, white.
  const fillInk = colors === null ? null : [...(typeof colors === "string" ? getrgb(colors) : colors).slice(0, 3).map(trunc), 255];
  const white = [255, 255, 255, 255];
  kpts.forEach((inst, n) => {
    inst.forEach(([x, y], k) => {
      if (!vis[n][k]) return;
      const [x1, y1, x2, y2] = [x - radius, y - radius, x + radius, y + radius];
      if (x2 < x1) throw valueError("x1 must be greater than or equal to x0");
      if (y2 < y1) throw valueError("y1 must be greater than or equal to y0");
      if (fillInk !== null) draw.ellipse(trunc(x1), trunc(y1), trunc(x2), trunc(y2), fillInk, true, 0);
    });
    if (connectivity && connectivity.length && width !== 0) {
      for (const [a, b] of connectivity) {
        if (!vis[n][a] || !vis[n][b]) continue;
        draw.lines([inst[a][0], inst[a][1], inst[b][0], inst[b][1]].map(trunc), white, width);
      }
    }
  });
  const out = im.toTensor();
  return original.is_floating_point ? fromUint8(out, original) : out;
}

