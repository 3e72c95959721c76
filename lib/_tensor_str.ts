// Tensor printing: a port of torch/_tensor_str.py (_Formatter, _tensor_str,
// _add_suffixes, _str_intern) with Python's float formatting rules.
import { wrap, type Tensor } from "./tensor";
import { N } from "./native";
import { V } from "./version";

class PrinterOptions {
  precision = 4;
  threshold = 1000;
  edgeitems = 3;
  linewidth = 80;
  sci_mode: boolean | null = null;
}
export const PRINT_OPTS = new PrinterOptions();

export interface PrintOptions {
  precision?: number | null;
  threshold?: number | null;
  edgeitems?: number | null;
  linewidth?: number | null;
  profile?: "default" | "short" | "full" | null;
  sci_mode?: boolean | null;
}

/** torch.set_printoptions(precision, threshold, edgeitems, linewidth, profile, sci_mode) */
export function set_printoptions(
  precision?: number | null | PrintOptions, threshold?: number | null, edgeitems?: number | null,
  linewidth?: number | null, profile?: PrintOptions["profile"], sci_mode?: boolean | null,
): void {
  if (typeof precision === "object" && precision !== null) {
    ({ precision, threshold, edgeitems, linewidth, profile, sci_mode } = precision);
  }
  if (profile != null) {
    if (profile === "default") Object.assign(PRINT_OPTS, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
    else if (profile === "short") Object.assign(PRINT_OPTS, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
    else if (profile === "full") Object.assign(PRINT_OPTS, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  }
  if (precision != null) PRINT_OPTS.precision = precision as number;
  if (threshold != null) PRINT_OPTS.threshold = threshold;
  if (edgeitems != null) PRINT_OPTS.edgeitems = edgeitems;
  if (linewidth != null) PRINT_OPTS.linewidth = linewidth;
  PRINT_OPTS.sci_mode = sci_mode ?? null;
}

// ---- Python's float formatting ('{:.Nf}', '{:.Ne}'), exact and round-half-even ----
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** |x| = m * 2^e exactly (x finite, nonzero). */
function decompose(x: number): [bigint, number] {
  f64[0] = x;
  const bits = u64[0];
  const bexp = Number((bits >> 52n) & 0x7ffn);
  let m = bits & 0xfffffffffffffn;
  if (bexp === 0) return [m, -1074];
  m |= 1n << 52n;
  return [m, bexp - 1075];
}

/** round_half_even(m * 2^e * 10^k) */
function roundScaled(m: bigint, e: number, k: number): bigint {
  let num = m, den = 1n;
  if (e >= 0) num <<= BigInt(e); else den <<= BigInt(-e);
  if (k >= 0) num *= 10n ** BigInt(k); else den *= 10n ** BigInt(-k);
  let q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) q += 1n;
  return q;
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return null;
}
const signOf = (x: number) => (x < 0 || Object.is(x, -0) ? "-" : "");

/** Python's "{:.pf}".format(x) */
export function formatFixed(x: number, p: number): string {
  const nf = nonFinite(x);
  if (nf !== null) return nf;
  if (x === 0) return signOf(x) + (p > 0 ? "0." + "0".repeat(p) : "0");
  const [m, e] = decompose(x);
  const s = roundScaled(m, e, p).toString().padStart(p + 1, "0");
  return signOf(x) + (p > 0 ? s.slice(0, s.length - p) + "." + s.slice(s.length - p) : s);
}

/** Python's "{:.pe}".format(x) */
export function formatExp(x: number, p: number): string {
  const nf = nonFinite(x);
  if (nf !== null) return nf;
  let digits: string, E: number;
  if (x === 0) {
    digits = "0".repeat(p + 1);
    E = 0;
  } else {
    const [m, e] = decompose(x);
    E = Math.floor(Math.log10(Math.abs(x)));
    const lo = 10n ** BigInt(p), hi = lo * 10n;
    let n = roundScaled(m, e, p - E);
    for (let i = 0; i < 4 && (n < lo || n >= hi); i++) {
      E += n >= hi ? 1 : -1;
      n = roundScaled(m, e, p - E);
    }
    digits = n.toString();
  }
  const mant = p > 0 ? digits[0] + "." + digits.slice(1) : digits;
  const ae = Math.abs(E);
  return signOf(x) + mant + "e" + (E < 0 ? "-" : "+") + (ae < 10 ? "0" + ae : String(ae));
}

// ---- values -------------------------------------------------------------------------
type Kind = "float" | "int" | "bool" | "complex";
/** Elements in C order; a complex tensor's real parts in vals, imaginary parts in imag. */
interface Data { kind: Kind; shape: number[]; vals: ArrayLike<number | bigint | boolean>; imag?: Float64Array }

function pyStr(v: number | bigint | boolean): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
}

/** The elements of a contiguous CPU copy, as Python's tolist() gives them. */
function readData(t: Tensor): Data {
  const dt = t.dtype.name;
  const shape = t.shape.slice();
  if (dt === "complex64" || dt === "complex128") {
    const pairs = new Float64Array(N.toBuffer(wrap(N.view_as_real(N.resolve_conj(t._h))).double()._h, true));
    const n = pairs.length / 2, re = new Float64Array(n), im = new Float64Array(n);
    for (let i = 0; i < n; i++) { re[i] = pairs[2 * i]; im[i] = pairs[2 * i + 1]; }
    return { kind: "complex", shape, vals: re, imag: im };
  }
  let src = t;
  // Python prints float16/bfloat16 through float32 (_tensor_str: self.float()), float8 through
  // half (exact in float32 too).
  if (dt === "float16" || dt === "bfloat16" || dt.startsWith("float8_")) src = t.float();
  const buf = N.toBuffer(src._h, true);
  switch (src.dtype.name) {
    case "float32": return { kind: "float", shape, vals: new Float32Array(buf) };
    case "float64": return { kind: "float", shape, vals: new Float64Array(buf) };
    case "int64": return { kind: "int", shape, vals: new BigInt64Array(buf) };
    case "int32": return { kind: "int", shape, vals: new Int32Array(buf) };
    case "int16": return { kind: "int", shape, vals: new Int16Array(buf) };
    case "int8": return { kind: "int", shape, vals: new Int8Array(buf) };
    case "uint8": return { kind: "int", shape, vals: new Uint8Array(buf) };
    case "uint16": return { kind: "int", shape, vals: new Uint16Array(buf) };
    case "uint32": return { kind: "int", shape, vals: new Uint32Array(buf) };
    case "uint64": return { kind: "int", shape, vals: new BigUint64Array(buf) };
    case "bool": return { kind: "bool", shape, vals: Array.from(new Uint8Array(buf), (x) => x !== 0) };
  }
  throw new TypeError(`can't print a tensor of dtype ${t.dtype}`);
}

// ---- _Formatter -----------------------------------------------------------------------
class Formatter {
  floating_dtype: boolean;
  int_mode = true;
  sci_mode = false;
  max_width = 1;

  /** `zero`: what 0 is in the tensor's dtype (float8_e8m0fnu has no zero: 2**-127), left out as Python's ne(0) does. */
  constructor(kind: Kind, values: ArrayLike<number | bigint | boolean>, zero = 0) {
    this.floating_dtype = kind === "float" || kind === "complex";
    const P = PRINT_OPTS.precision;
    if (!this.floating_dtype) {
      for (let i = 0; i < values.length; i++) this.max_width = Math.max(this.max_width, pyStr(values[i]).length);
    } else {
      const nz: number[] = [];
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as number;
        if (Number.isFinite(v) && v !== zero) nz.push(v);
      }
      // No nonzero finite value: Python returns before sci_mode is set, whatever set_printoptions says.
      if (nz.length === 0) return;
      let min = Infinity, max = 0;
      for (const v of nz) { const a = Math.abs(v); if (a < min) min = a; if (a > max) max = a; }
      for (const v of nz) if (v !== Math.ceil(v)) { this.int_mode = false; break; }
      const widen = (s: string, extra = 0) => { this.max_width = Math.max(this.max_width, s.length + extra); };
      if (V.tensor_str2) {
        // 2.x: set_printoptions' sci_mode, else the rule, decides first; the widths follow it.
        this.sci_mode = PRINT_OPTS.sci_mode ?? (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4);
        if (this.sci_mode) for (const v of nz) widen(formatExp(v, P));
        else if (this.int_mode) for (const v of nz) widen(formatFixed(v, 0), 1);
        else for (const v of nz) widen(formatFixed(v, P));
        return;
      }
      // 1.13: the widths follow the rule; set_printoptions' sci_mode only overrides the format.
      if (this.int_mode) {
        if (max / min > 1000.0 || max > 1.0e8) {
          this.sci_mode = true;
          for (const v of nz) widen(formatExp(v, P));
        } else {
          for (const v of nz) widen(formatFixed(v, 0), 1);
        }
      } else if (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4) {
        this.sci_mode = true;
        for (const v of nz) widen(formatExp(v, P));
      } else {
        for (const v of nz) widen(formatFixed(v, P));
      }
    }
    if (PRINT_OPTS.sci_mode !== null) this.sci_mode = PRINT_OPTS.sci_mode;
  }

  width() { return this.max_width; }

  format(value: number | bigint | boolean): string {
    let ret: string;
    if (this.floating_dtype) {
      const v = value as number;
      if (this.sci_mode) ret = formatExp(v, PRINT_OPTS.precision);
      else if (this.int_mode) {
        ret = formatFixed(v, 0);
        if (Number.isFinite(v)) ret += ".";
      } else ret = formatFixed(v, PRINT_OPTS.precision);
    } else ret = pyStr(value);
    return ret.padStart(this.max_width, " ");
  }
}

// ---- _tensor_str ----------------------------------------------------------------------
/**
 * The printed elements: each dimension longer than 2 * edgeitems keeps its first and last
 * edgeitems when summarizing (get_summarized_data), and `cut` marks where "..." goes.
 */
interface View { data: Data; shape: number[]; cut: boolean[] }

function summarizedView(t: Tensor, summarize: boolean): View {
  const e = PRINT_OPTS.edgeitems;
  const cut: boolean[] = [];
  let s = t;
  if (summarize) {
    const shape = t.shape;
    for (let d = 0; d < shape.length; d++) {
      const n = shape[d];
      cut.push(n > 2 * e);
      if (n > 2 * e) {
        const idx = new BigInt64Array(2 * e);
        for (let i = 0; i < e; i++) { idx[i] = BigInt(i); idx[e + i] = BigInt(n - e + i); }
        s = s.index_select(d, wrap(N.fromBuffer(idx, [2 * e], 4)));
      }
    }
  } else {
    for (let d = 0; d < t.dim(); d++) cut.push(false);
  }
  const data = readData(s);
  return { data, shape: data.shape, cut };
}

// f2 formats the imaginary parts of a complex tensor (Python's formatter2).
function tensorStrWithFormatter(v: View, indent: number, f1: Formatter, f2: Formatter | null): string {
  const { data, shape, cut } = v;
  const E = PRINT_OPTS.edgeitems;
  const fmt = (i: number) => {
    if (f2 === null) return f1.format(data.vals[i]);
    const real = f1.format(data.vals[i]);
    const imag = (f2.format(data.imag![i]) + "j").trimStart();
    return imag[0] === "+" || imag[0] === "-" ? real + imag : real + "+" + imag;
  };
  const strides: number[] = new Array(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) { strides[d] = acc; acc *= shape[d]; }

  const rec = (d: number, offset: number, ind: number): string => {
    const dim = shape.length - d;
    if (dim === 0) return fmt(offset);
    const n = shape[d];
    if (dim === 1) {
      const elementLength = f1.width() + 2 + (f2 === null ? 0 : f2.width() + 1);
      const perLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - ind) / elementLength));
      const items: string[] = [];
      for (let i = 0; i < n; i++) {
        if (cut[d] && i === E) items.push(" ...");
        items.push(fmt(offset + i * strides[d]));
      }
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
      return "[" + lines.join(",\n" + " ".repeat(ind + 1)) + "]";
    }
    const slices: string[] = [];
    for (let i = 0; i < n; i++) {
      if (cut[d] && i === E) slices.push("...");
      slices.push(rec(d + 1, offset + i * strides[d], ind + 1));
    }
    return "[" + slices.join("," + "\n".repeat(dim - 1) + " ".repeat(ind + 1)) + "]";
  };
  return rec(0, 0, indent);
}

function tensorStr(t: Tensor, indent: number): string {
  if (t.numel() === 0) return "[]";
  const summarize = t.numel() > PRINT_OPTS.threshold;
  let v: View;
  if (summarize && PRINT_OPTS.edgeitems === 0 && t.dim() > 0) {
    // 2.x summarizes to "...". 1.13's _vector_str prints " ..." and then every element
    // (self[-0:] is all of them), and get_summarized_data stacks nothing for more dimensions.
    if (V.tensor_str2) return "[...]";
    if (t.dim() > 1) throw new Error("stack expects a non-empty TensorList");
    const data = readData(t);
    v = { data, shape: data.shape, cut: [true] };
  } else v = summarizedView(t, summarize);
  if (v.data.kind === "complex")
    return tensorStrWithFormatter(v, indent, new Formatter("float", v.data.vals), new Formatter("float", v.data.imag!));
  return tensorStrWithFormatter(v, indent, new Formatter(v.data.kind, v.data.vals, t.dtype.name === "float8_e8m0fnu" ? 2 ** -127 : 0), null);
}

function addSuffixes(tensor_str: string, suffixes: string[], indent: number, force_newline: boolean): string {
  const parts = [tensor_str];
  let last_line_len = tensor_str.length - tensor_str.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (force_newline || last_line_len + suffix.length + 2 > PRINT_OPTS.linewidth) {
      parts.push(",\n" + " ".repeat(indent) + suffix);
      last_line_len = indent + suffix.length;
      force_newline = false;
    } else {
      parts.push(", " + suffix);
      last_line_len += suffix.length + 2;
    }
  }
  parts.push(")");
  return parts.join("");
}

const pyTuple = (s: number[]) => (s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`);
const DEFAULT_DTYPES = new Set(["float32", "complex64", "int64", "bool"]);

/** str(tensor) / repr(tensor), as torch._tensor_str._str. */
export function formatTensor(inp: Tensor): string {
  if (inp._h < 0) return "tensor(<disposed>)";
  const prefix = "tensor(";
  const indent = prefix.length;
  const suffixes: string[] = [];
  const self = inp.detach();
  const dev = N.device(self._h);
  if (dev !== "cpu") suffixes.push(`device='${dev}'`);
  const dt = self.dtype;
  let tensor_str: string;
  if (self.numel() === 0) {
    if (self.dim() !== 1) suffixes.push("size=" + pyTuple(self.shape));
    if (dt.name !== "float32") suffixes.push("dtype=" + String(dt));
    tensor_str = "[]";
  } else {
    if (V.tensor_str2 && PRINT_OPTS.edgeitems === 0) suffixes.push("size=" + pyTuple(self.shape));
    if (!DEFAULT_DTYPES.has(dt.name)) suffixes.push("dtype=" + String(dt));
    tensor_str = tensorStr(self, indent);
  }
  const name = N.grad_fn_name(inp._h);
  if (name !== null) suffixes.push(`grad_fn=<${name.split("::").pop()}>`);
  else if (inp.requires_grad) suffixes.push("requires_grad=True");
  return addSuffixes(prefix + tensor_str, suffixes, indent, false);
}

// ---- numpy's str() of an array: numpy's arrayprint with its default options (precision 8,
// floatmode 'maxprec', threshold 1000, edgeitems 3, linewidth 75), digits by dragon4.c ----

type NpFloat = "float16" | "float32" | "float64";
// [fraction bits, exponent of the smallest normal, finfo.precision]
const NP_FLOAT: Record<NpFloat, [number, number, number]> = { float16: [10, -14, 3], float32: [23, -126, 6], float64: [52, -1022, 15] };

const F64 = new Float64Array(1), U64 = new BigUint64Array(F64.buffer);
/** The value of a float16's bits. */
function halfValue(h: number): number {
  const e = (h >> 10) & 31, f = h & 1023, s = h & 0x8000 ? -1 : 1;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (e === 0 ? f * 2 ** -24 : (1024 + f) * 2 ** (e - 25));
}
/** `x` rounded to the nearest float16 (ties to even). */
function halfRound(x: number): number {
  const a = Math.abs(x);
  if (!Number.isFinite(a) || a >= 65520) return Number.isNaN(x) ? x : Math.sign(x) * Infinity;
  const q = 2 ** (Math.max(Math.floor(Math.log2(a)), -14) - 10);
  const y = a / q, r = Math.floor(y), d = y - r;
  return Math.sign(x) * (d > 0.5 || (d === 0.5 && r % 2 === 1) ? r + 1 : r) * q;
}

/** A finite value as dragon4.c takes it: mantissa * 2^exponent in the float type's own precision. */
interface Fp { neg: boolean; m: bigint; e: number; bit: number; unequal: boolean }
function fpOf(v: number, t: NpFloat): Fp {
  F64[0] = v;
  const bits = U64[0], neg = bits >> 63n === 1n, ef = Number((bits >> 52n) & 0x7ffn), ff = bits & ((1n << 52n) - 1n);
  if (v === 0) return { neg, m: 0n, e: 0, bit: 0, unequal: false };
  // the double's exact mantissa and exponent, then re-expressed in t's precision
  let m = ef === 0 ? ff : ff | (1n << 52n), e = ef === 0 ? -1074 : ef - 1075;
  const [p, emin] = NP_FLOAT[t];
  const top = m.toString(2).length - 1 + e; // floor(log2|v|)
  const e2 = top >= emin ? top - p : emin - p;
  m = e2 >= e ? m >> BigInt(e2 - e) : m << BigInt(e - e2);
  e = e2;
  const bit = m.toString(2).length - 1;
  return { neg, m, e, bit, unequal: top > emin && m === 1n << BigInt(p) };
}

// dragon4.c's Dragon4(): the digits of m * 2^e and the exponent of the first one. `unique` stops at
// the shortest digits that identify the value; cutoffs count digits past the point (`fraction`)
// or in all (-1: none); `cutMin` digits are printed even past the unique ones.
function dragon4(f: Fp, unique: boolean, fraction: boolean, cutMax: number, cutMin: number): [string, number] {
  if (f.m === 0n) return ["0", 0];
  const even = (f.m & 1n) === 0n, k = f.unequal ? 2n : 1n;
  let value: bigint, scale: bigint, low: bigint;
  if (f.e > 0) [value, scale, low] = [f.m << BigInt(f.e + (f.unequal ? 2 : 1)), 2n * k, 1n << BigInt(f.e)];
  else [value, scale, low] = [f.m << (f.unequal ? 2n : 1n), 1n << BigInt(-f.e + (f.unequal ? 2 : 1)), 1n];
  let dexp = Math.ceil((f.bit + f.e) * 0.30102999566398119521373889472449 - 0.69);
  if (cutMax >= 0 && fraction && dexp <= -cutMax) dexp = -cutMax + 1;
  if (dexp > 0) scale *= 10n ** BigInt(dexp);
  else if (dexp < 0) { const p = 10n ** BigInt(-dexp); value *= p; low *= p; }
  if (value >= scale) dexp += 1;
  else { value *= 10n; low *= 10n; }
  let maxExp = dexp - 16384, minExp = dexp;
  if (cutMax >= 0) maxExp = Math.max(maxExp, fraction ? -cutMax : dexp - cutMax);
  if (cutMin >= 0) minExp = Math.min(minExp, fraction ? -cutMin : dexp - cutMin);
  let outExp = dexp - 1, digits = "", digit = 0, lo = false, hi = false;
  for (;;) {
    dexp--;
    digit = Number(value / scale);
    value %= scale;
    if (unique) {
      const vh = value + low * k;
      lo = even ? value <= low : value < low;
      hi = even ? vh >= scale : vh > scale;
      if (((lo || hi) && dexp <= minExp) || dexp === maxExp) break;
    } else if (value === 0n || dexp === maxExp) break;
    digits += digit;
    value *= 10n;
    low *= 10n;
  }
  let down = lo;
  if (lo === hi) {
    const c = 2n * value - scale;
    down = c < 0n || (c === 0n && digit % 2 === 0);
  }
  if (down) return [digits + digit, outExp];
  if (digit < 9) return [digits + (digit + 1), outExp];
  const keep = digits.replace(/9+$/, "");
  if (keep === "") return ["1", outExp + 1];
  return [keep.slice(0, -1) + (Number(keep.slice(-1)) + 1), outExp];
}

// numpy's trim modes: 'k' keeps zeros, '.' trims zeros, '0' leaves one, '-' trims zeros and point.
type Trim = "k" | "." | "0" | "-";
interface FloatOpts { precision: number; minDigits: number; unique: boolean; trim: Trim; padLeft: number; padRight: number; expDigits: number }
const DEFAULT_FLOAT_OPTS: FloatOpts = { precision: -1, minDigits: -1, unique: true, trim: "k", padLeft: -1, padRight: -1, expDigits: -1 };

/** dragon4.c's FormatPositional with a fractional cutoff (np.format_float_positional). */
function formatPositional(f: Fp, o: FloatOpts, fraction = true): string {
  const [dig, pexp] = dragon4(f, o.unique, fraction, o.precision, o.minDigits);
  let s = f.neg ? "-" : "", nWhole: number, nFrac: number;
  if (pexp >= 0) {
    nWhole = pexp + 1;
    if (dig.length <= nWhole) { s += dig.padEnd(nWhole, "0"); nFrac = 0; }
    else { s += dig.slice(0, nWhole) + "." + dig.slice(nWhole); nFrac = dig.length - nWhole; }
  } else {
    const zeros = -(pexp + 1);
    s += "0." + "0".repeat(zeros) + dig;
    nFrac = zeros + dig.length;
    nWhole = 1;
  }
  if (o.trim !== "-" && nFrac === 0) s += ".";
  const add = o.unique ? o.minDigits : o.precision;
  const want = fraction ? Math.max(add, 0) : add - nWhole;
  if (o.trim === "0") { if (nFrac === 0) { s += "0"; nFrac++; } }
  else if (o.trim === "k" && want > nFrac) { s += "0".repeat(want - nFrac); nFrac = want; }
  if (o.trim !== "k" && nFrac > 0) {
    while (s.endsWith("0")) { s = s.slice(0, -1); nFrac--; }
    if (s.endsWith(".")) {
      if (o.trim === "0") { s += "0"; nFrac++; }
      else if (o.trim === "-") s = s.slice(0, -1);
    }
  }
  if (o.padRight >= nFrac) s += (o.trim === "-" && nFrac === 0 ? " " : "") + " ".repeat(o.padRight - nFrac);
  const whole = nWhole + (f.neg ? 1 : 0);
  return o.padLeft > whole ? " ".repeat(o.padLeft - whole) + s : s;
}

/** dragon4.c's FormatScientific (np.format_float_scientific). */
function formatScientific(f: Fp, o: FloatOpts): string {
  let s = " ".repeat(Math.max(0, o.padLeft - (f.neg ? 2 : 1))) + (f.neg ? "-" : "");
  const [dig, pexp] = dragon4(f, o.unique, false, o.precision < 0 ? -1 : o.precision + 1, o.minDigits < 0 ? -1 : o.minDigits + 1);
  s += dig[0];
  let nFrac = dig.length - 1;
  if (nFrac > 0) s += "." + dig.slice(1);
  if (o.trim !== "-" && nFrac === 0) s += ".";
  const add = Math.max(o.unique ? o.minDigits : o.precision, 0);
  if (o.trim === "0") { if (nFrac === 0) { s += "0"; nFrac++; } }
  else if (o.trim === "k" && add > nFrac) { s += "0".repeat(add - nFrac); nFrac = add; }
  if (o.trim !== "k" && nFrac > 0) {
    s = s.replace(/0+$/, "");
    if (o.trim === "0" && s.endsWith(".")) s += "0";
  }
  const ed = o.expDigits < 0 ? 2 : Math.min(o.expDigits, 5);
  return s + "e" + (pexp < 0 ? "-" : "+") + String(Math.abs(pexp)).padStart(ed, "0");
}

/** str() of a numpy float scalar: positional in [1e-4, 1e16), else scientific, as Python's repr
 *  (numpy 2: positional below 1e3 for float16, 1e6 for float32). */
function npFloatScalarStr(v: number, t: NpFloat): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  const a = Math.abs(v), f = fpOf(v, t);
  const max = V.numpy2 && t !== "float64" ? 10 ** NP_FLOAT[t][2] : 1e16;
  if (a === 0 || (a >= 1e-4 && a < max)) return formatPositional(f, { ...DEFAULT_FLOAT_OPTS, trim: "0" }, false);
  return formatScientific(f, { ...DEFAULT_FLOAT_OPTS, trim: "-" });
}

/** arrayprint.FloatingFormat for `vals` (the values shown) of float type `t`. */
function floatingFormat(vals: number[], t: NpFloat): (v: number) => string {
  const finite = vals.filter(Number.isFinite);
  const abs = finite.filter((v) => v !== 0).map(Math.abs);
  // numpy compares in the array's dtype: max / min rounds to it, and so does a Python float (numpy 2)
  const rnd = t === "float64" ? (x: number) => x : t === "float32" ? Math.fround : (x: number) => halfRound(Math.fround(x));
  const lit = V.numpy2 ? rnd : (x: number) => x;
  let exp = false;
  if (abs.length) {
    const max = Math.max(...abs), min = Math.min(...abs);
    const cutoff = V.numpy2 ? 10 ** Math.min(8, NP_FLOAT[t][2]) : 1e8;
    exp = max >= lit(cutoff) || min < lit(0.0001) || rnd(max / min) > 1000;
  }
  const o: FloatOpts = { ...DEFAULT_FLOAT_OPTS, precision: 8, trim: ".", padLeft: 0, padRight: 0 };
  if (finite.length && exp) {
    const strs = finite.map((v) => formatScientific(fpOf(v, t), { ...DEFAULT_FLOAT_OPTS, precision: 8, trim: "." }));
    const parts = strs.map((s) => /^(-?\d)\.?(\d*)e([-+]\d+)$/.exec(s)!);
    const expSize = Math.max(...parts.map((p) => p[3].length)) - 1;
    o.precision = o.minDigits = Math.max(...parts.map((p) => p[2].length));
    o.trim = "k";
    o.expDigits = expSize;
    o.padLeft = Math.max(...parts.map((p) => p[1].length));
    o.padRight = expSize + 2 + o.precision;
  } else if (finite.length) {
    const parts = finite.map((v) => formatPositional(fpOf(v, t), { ...DEFAULT_FLOAT_OPTS, precision: 8, trim: "." }).split("."));
    o.padLeft = Math.max(...parts.map((p) => p[0].length));
    o.padRight = Math.max(...parts.map((p) => p[1].length));
    o.minDigits = 0;
  }
  if (finite.length !== vals.length) {
    const offset = o.padRight + 1, neginf = vals.includes(-Infinity) ? 1 : 0;
    o.padLeft = Math.max(o.padLeft, 3 - offset, 3 + neginf - offset);
  }
  return (v) => {
    if (!Number.isFinite(v)) {
      const r = Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
      return r.padStart(o.padLeft + o.padRight + 1);
    }
    return exp ? formatScientific(fpOf(v, t), o) : formatPositional(fpOf(v, t), o);
  };
}

const NP_LINEWIDTH = 75, NP_THRESHOLD = 1000, NP_EDGEITEMS = 3;

/** numpy's str(arr) of `{ data, shape, dtype }` (what Tensor.numpy() returns; float16 as its bits). */
export function numpyStr(data: ArrayLike<number | bigint>, shape: number[], dtypeName: string): string {
  const at = (i: number): number | bigint | boolean =>
    dtypeName === "bool" ? data[i] !== 0 : dtypeName === "float16" ? halfValue(data[i] as number) : data[i];
  const isFloat = dtypeName === "float16" || dtypeName === "float32" || dtypeName === "float64";
  if (shape.length === 0) {
    const v = at(0);
    return isFloat ? npFloatScalarStr(v as number, dtypeName) : typeof v === "boolean" ? (v ? "True" : "False") : String(v);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0) return "[]";
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const summary = size > NP_THRESHOLD;
  // the indices shown along an axis: all, or the edge items at each end around "..." (-1)
  const shown = (n: number) => summary && n > 2 * NP_EDGEITEMS ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
  const vals: (number | bigint | boolean)[] = [];
  const gather = (d: number, off: number): void => {
    for (const i of shown(shape[d])) if (i >= 0) d === shape.length - 1 ? vals.push(at(off + i)) : gather(d + 1, off + i * strides[d]);
  };
  gather(0, 0);
  let fmt: (v: any) => string;
  if (dtypeName === "bool") fmt = (v: boolean) => (v ? " True" : "False");
  else if (isFloat) fmt = floatingFormat(vals as number[], dtypeName);
  else {
    const strs = vals.map(String);
    const w = Math.max(...strs.map((s) => s.length));
    fmt = (v) => String(v).padStart(w);
  }
  // arrayprint._formatArray: rows wrap at the line width, blank lines between higher axes
  const extend = (acc: { s: string; line: string }, word: string, width: number, prefix: string) => {
    if (acc.line.length + word.length > width && acc.line.length > prefix.length) {
      acc.s += acc.line.trimEnd() + "\n";
      acc.line = prefix;
    }
    acc.line += word;
  };
  // the values shown, in the order gather() took them
  let vi = 0;
  const rec = (d: number, hang: string, width: number): string => {
    const idx = shown(shape[d]), left = shape.length - d;
    let s: string;
    if (left === 1) {
      const acc = { s: "", line: hang };
      idx.forEach((i, j) => {
        extend(acc, i < 0 ? "..." : fmt(vals[vi++]), width - 1, hang);
        if (j < idx.length - 1) acc.line += " ";
      });
      s = acc.s + acc.line;
    } else {
      s = idx.map((i) => hang + (i < 0 ? "..." : rec(d + 1, hang + " ", width - 1))).join("\n".repeat(left - 1));
    }
    return "[" + s.slice(hang.length) + "]";
  };
  return rec(0, " ", NP_LINEWIDTH);
}
