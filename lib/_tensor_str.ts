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

// ---- numpy's str() of an array (numpy.core.arrayprint, default options, no summarization) ----
function npFloatParts(v: number): [string, string] {
  if (Number.isNaN(v)) return ["nan", ""];
  if (!Number.isFinite(v)) return [v > 0 ? "inf" : "-inf", ""];
  // precision 8, unique: the shortest repr of the value rounded to 8 decimals.
  const s = String(Number(v.toFixed(8)));
  const [i, f = ""] = s.split(".");
  return [i === "0" && Object.is(v, -0) ? "-0" : i, f];
}
function npSci(v: number, digits: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  const [m, e] = v.toExponential(digits).split("e");
  const n = Number(e);
  return `${digits === 0 ? m + "." : m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}
/** numpy's str(arr) of `{ data, shape, dtype }` (what Tensor.numpy() returns). */
export function numpyStr(data: ArrayLike<number | bigint>, shape: number[], dtypeName: string): string {
  const vals: (number | bigint | boolean)[] = dtypeName === "bool" ? Array.from(data as ArrayLike<number>, (x) => x !== 0) : Array.from(data);
  let fmt: (v: any) => string;
  if (dtypeName === "bool") {
    fmt = (v: boolean) => (v ? " True" : "False");
    if (vals.every((v) => v === true)) fmt = () => "True";
  } else if (typeof vals[0] === "bigint" || !/^(float|complex)/.test(dtypeName)) {
    const w = Math.max(0, ...vals.map((v) => String(v).length));
    fmt = (v) => String(v).padStart(w);
  } else {
    const fin = (vals as number[]).filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
    const max = fin.length ? Math.max(...fin) : 0, min = fin.length ? Math.min(...fin) : 0;
    if (max >= 1e8 || min < 1e-4 || max / min > 1e3) {
      // Scientific: the fewest digits that show every value uniquely (at most 8).
      const digits = Math.max(0, ...(vals as number[]).map((v) => (Number.isFinite(v) ? Number(v.toExponential(8)).toExponential().split("e")[0].replace(/^-?\d\.?/, "").length : 0)));
      const strs = (vals as number[]).map((v) => npSci(v, digits));
      const w = Math.max(...strs.map((s) => s.length));
      fmt = (v: number) => npSci(v, digits).padStart(w);
    } else {
      const parts = (vals as number[]).map(npFloatParts);
      const wi = Math.max(...parts.map((p) => p[0].length)), wf = Math.max(...parts.map((p) => p[1].length));
      fmt = (v: number) => {
        const [i, f] = npFloatParts(v);
        if (f === "" && !/^\d|^-\d/.test(i)) return i.padStart(wi + 1 + wf);
        return (i.padStart(wi) + "." + f.padEnd(wf));
      };
    }
  }
  if (shape.length === 0) return fmt(vals[0]).trim();
  let k = 0;
  const rec = (d: number, indent: string): string => {
    const items: string[] = [];
    for (let i = 0; i < shape[d]; i++) items.push(d === shape.length - 1 ? fmt(vals[k++]) : rec(d + 1, indent + " "));
    if (d === shape.length - 1) return "[" + items.join(" ") + "]";
    return "[" + items.join("\n".repeat(shape.length - d - 1) + indent + " ") + "]";
  };
  return rec(0, "");
}
