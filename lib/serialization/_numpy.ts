// numpy values in checkpoints: what Python's pickle writes for np.ndarray
// (numpy.core.multiarray._reconstruct and a BUILD state, or numpy.core.numeric._frombuffer
// from protocol 5), numpy scalars (numpy.core.multiarray.scalar) and np.dtype (numpy.dtype
// and a BUILD state). numpy 2 names the module numpy._core. An array loads as the
// { data, shape, dtype } Tensor.numpy() returns, a scalar as a number, a dtype as NumpyDtype.
import { inspect } from "node:util";
import { numpyArray, type NumpyArray } from "../tensor";
import { PyBytes, PyFloat, PyList, PyTuple, PickleWriter, normInt, typeName } from "./_pickle";

export type NumpyGlobal = "reconstruct" | "frombuffer" | "scalar" | "ndarray" | "dtype";

/** The numpy globals a checkpoint may name, numpy 1's and numpy 2's modules both. */
export const NUMPY_GLOBALS = new Map<string, NumpyGlobal>([["numpy.ndarray", "ndarray"], ["numpy.dtype", "dtype"]]);
for (const core of ["numpy.core", "numpy._core"]) {
  NUMPY_GLOBALS.set(`${core}.multiarray._reconstruct`, "reconstruct");
  NUMPY_GLOBALS.set(`${core}.multiarray.scalar`, "scalar");
  NUMPY_GLOBALS.set(`${core}.numeric._frombuffer`, "frombuffer");
}

function numpyError(msg: string): Error {
  const e = new Error(msg);
  e.name = "UnpicklingError";
  return e;
}

interface Kind { name: string; size: number; cls: string; array: string | null }
// numpy's type codes (dtype.str without the byte order) of the dtypes torch-node reads;
// `array`: the typed array of Tensor.numpy() for that dtype (null: no array of it loads).
const KINDS: Record<string, Kind> = {};
for (const [code, name, cls, array] of [
  ["b1", "bool", "BoolDType", "Uint8Array"], ["u1", "uint8", "UInt8DType", "Uint8Array"], ["i1", "int8", "Int8DType", "Int8Array"],
  ["i2", "int16", "Int16DType", "Int16Array"], ["u2", "uint16", "UInt16DType", "Uint16Array"],
  ["i4", "int32", "Int32DType", "Int32Array"], ["u4", "uint32", "UInt32DType", "Uint32Array"],
  ["i8", "int64", "Int64DType", "BigInt64Array"], ["u8", "uint64", "UInt64DType", "BigUint64Array"],
  ["f2", "float16", "Float16DType", "Uint16Array"], ["f4", "float32", "Float32DType", "Float32Array"], ["f8", "float64", "Float64DType", "Float64Array"],
  ["c8", "complex64", "Complex64DType", null], ["c16", "complex128", "Complex128DType", null], ["O8", "object", "ObjectDType", null],
] as const) KINDS[code] = { name, size: code === "O8" ? 8 : Number(code.slice(1)), cls, array };
const CODE_OF: Record<string, string> = {};
for (const [code, k] of Object.entries(KINDS)) CODE_OF[k.name] = code;

/** numpy.dtypes' classes, which Python's weights_only BUILD of a dtype needs allowlisted. */
export const NUMPY_DTYPE_CLASSES = new Set([...Object.values(KINDS).map((k) => `numpy.dtypes.${k.cls}`), "numpy.dtypes.StrDType", "numpy.dtypes.BytesDType"]);

/** np.str_ ('U<n>': n UTF-32 characters) and np.bytes_ ('S<n>'): scalars load, arrays do not. */
function textKind(code: string): Kind | undefined {
  const m = /^([SU])(\d+)$/.exec(code);
  if (!m) return undefined;
  const n = Number(m[2]);
  return m[1] === "U" ? { name: `str${32 * n}`, size: 4 * n, cls: "StrDType", array: null } : { name: `bytes${8 * n}`, size: n, cls: "BytesDType", array: null };
}

const TYPED: Record<string, new (b: ArrayBuffer) => NumpyArray["data"]> = {
  Uint8Array, Int8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array, Float32Array, Float64Array,
};

/** A numpy dtype (np.dtype('float32')): prints as numpy's str, and its repr inside containers. */
export class NumpyDtype {
  readonly pyTypeName = "numpy.dtype";
  /** '<', '>' or '|', as numpy's dtype.byteorder after BUILD ('=' until then: native). */
  byteorder = "=";
  private readonly kind: Kind;
  constructor(readonly code: string) {
    const k = KINDS[code] ?? textKind(code);
    if (!k) throw numpyError(`torch.load: numpy dtype '${code}' is not supported by torch-node (bool, integer, float, complex, str and bytes dtypes are)`);
    this.kind = k;
  }
  /** numpy's dtype.name: 'float32'. */
  get name(): string { return this.kind.name; }
  get itemsize(): number { return this.kind.size; }
  /** The numpy.dtypes class Python's weights_only BUILD checks. */
  get pyClass(): string { return `numpy.dtypes.${this.kind.cls}`; }
  get bigEndian(): boolean { return this.byteorder === ">"; }
  /** numpy's str(dtype): 'float32', or '>f4' for a non-native byte order. */
  toString(): string {
    if (this.code === "O8") return "object";
    if (this.kind.cls === "StrDType") return `${this.bigEndian ? ">" : "<"}${this.code}`;
    if (this.kind.cls === "BytesDType") return `|${this.code}`;
    return this.bigEndian && this.kind.size > 1 ? `>${this.code}` : this.kind.name;
  }
  /** numpy's repr: dtype('float32'). */
  __repr__(): string {
    return `dtype('${this.code === "O8" ? "O" : this.kind.cls === "BytesDType" ? this.code : this.toString()}')`;
  }
  // console.log is print: str() at the top level, repr() inside a container (as print([d]) does).
  [inspect.custom](depth: number, options: { depth?: number | null }): string {
    return depth === options?.depth ? this.toString() : this.__repr__();
  }
  /** Python's `==` of two dtypes (byte order included). */
  equals(other: unknown): boolean {
    return other instanceof NumpyDtype && other.code === this.code && other.bigEndian === this.bigEndian;
  }
}

/** numpy.dtype(code, align, copy). */
export function makeDtype(args: unknown[]): NumpyDtype {
  if (args.length < 1 || args.length > 3 || typeof args[0] !== "string") throw numpyError(`numpy.dtype: expected (str, align, copy), got ${args.map(typeName).join(", ")}`);
  return new NumpyDtype(args[0]);
}

/** BUILD of a dtype: (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]). */
export function buildDtype(d: NumpyDtype, state: unknown): void {
  if (!(state instanceof PyTuple) || state.items.length < 5) throw numpyError(`numpy.dtype state must be a tuple, got ${typeName(state)}`);
  const [, byteorder, sub, names, fields] = state.items;
  if (byteorder !== "<" && byteorder !== ">" && byteorder !== "|" && byteorder !== "=") throw numpyError(`numpy.dtype: bad byte order ${String(byteorder)}`);
  if (sub !== null || names !== null || fields !== null) throw numpyError("torch.load: numpy structured and subarray dtypes are not supported by torch-node");
  d.byteorder = byteorder;
}

/** An np.ndarray being read: _reconstruct makes it, BUILD gives it its value. */
export class NdarrayNode {
  readonly pyTypeName = "numpy.ndarray";
  value: NumpyArray | null = null;
}

function bytesOf(x: unknown, what: string): Buffer {
  if (x instanceof PyBytes) return x.data;
  // Python 2 pickles hold the raw bytes as a str
  if (typeof x === "string") return Buffer.from(x, "latin1");
  throw numpyError(`${what} must be bytes, got ${typeName(x)}`);
}

function shapeOf(x: unknown): number[] {
  if (!(x instanceof PyTuple) && !(x instanceof PyList)) throw numpyError(`numpy array shape must be a tuple of ints, got ${typeName(x)}`);
  return x.items.map((v) => {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw numpyError(`numpy array shape must be a tuple of ints >= 0, got ${typeName(v)} ${String(v)}`);
    return v;
  });
}

function dtypeOf(x: unknown): NumpyDtype {
  if (!(x instanceof NumpyDtype)) throw numpyError(`expected a numpy dtype, got ${typeName(x)}`);
  return x;
}

/** Reverses the bytes of every `size`-byte element, in place. */
function byteswap(b: Uint8Array, size: number): void {
  for (let i = 0; i < b.length; i += size) {
    for (let j = 0, k = size - 1; j < k; j++, k--) { const x = b[i + j]; b[i + j] = b[i + k]; b[i + k] = x; }
  }
}

function objectArrayError(): Error {
  return numpyError("torch.load: numpy arrays of dtype object hold Python objects, which torch-node cannot load; save a numeric array instead");
}

/** An array of `shape` and `dtype` from its raw bytes (C or Fortran order), in C order. */
function arrayFromBytes(raw: Buffer, shape: number[], d: NumpyDtype, fortran: boolean): NumpyArray {
  const k = KINDS[d.code];
  if (d.code === "O8") throw objectArrayError();
  if (!k || k.array === null) throw numpyError(`torch.load: numpy arrays of ${d.__repr__()} are not supported by torch-node (Tensor.numpy() has no such arrays)`);
  const numel = shape.reduce((a, b) => a * b, 1);
  if (raw.length !== numel * k.size) throw numpyError(`numpy array of shape (${shape.join(", ")}${shape.length === 1 ? "," : ""}) and dtype ${d.name} needs ${numel * k.size} bytes, got ${raw.length}`);
  // A copy in memory of its own: typed arrays need aligned, and the file's bytes are not ours.
  const buf = new ArrayBuffer(raw.length);
  const bytes = new Uint8Array(buf);
  bytes.set(raw);
  if (d.bigEndian && k.size > 1) byteswap(bytes, k.size);
  let out = buf;
  if (fortran && shape.length > 1 && numel > 1) {
    out = new ArrayBuffer(raw.length);
    // Elements as unsigned words of their size: copied bit for bit (NaN payloads too).
    const W = k.size === 1 ? Uint8Array : k.size === 2 ? Uint16Array : k.size === 4 ? Uint32Array : BigUint64Array;
    const from = new W(buf), to = new W(out);
    // Walk C order with a counter, following the Fortran offset (first axis fastest there).
    const fstride: number[] = [];
    let s = 1;
    for (const n of shape) { fstride.push(s); s *= n; }
    const idx = new Array(shape.length).fill(0);
    let src = 0;
    for (let i = 0; i < numel; i++) {
      to[i] = from[src];
      for (let ax = shape.length - 1; ax >= 0; ax--) {
        if (++idx[ax] < shape[ax]) { src += fstride[ax]; break; }
        src -= (shape[ax] - 1) * fstride[ax];
        idx[ax] = 0;
      }
    }
  }
  return numpyArray(new TYPED[k.array](out), shape, d.name);
}

/** BUILD of an ndarray: (version, shape, dtype, is_fortran, data), or the same without version. */
export function buildNdarray(node: NdarrayNode, state: unknown): void {
  const items = state instanceof PyTuple ? state.items : null;
  if (!items || (items.length !== 5 && items.length !== 4)) throw numpyError(`numpy.ndarray state must be a tuple of 4 or 5 items, got ${typeName(state)}`);
  const [shape, dtype, fortran, data] = items.length === 5 ? items.slice(1) : items;
  const d = dtypeOf(dtype);
  if (data instanceof PyList || d.code === "O8") throw objectArrayError();
  if (typeof fortran !== "boolean" && fortran !== 0 && fortran !== 1) throw numpyError(`numpy.ndarray is_fortran must be a bool, got ${typeName(fortran)}`);
  node.value = arrayFromBytes(bytesOf(data, "numpy.ndarray data"), shapeOf(shape), d, Boolean(fortran));
}

/** _reconstruct(ndarray, (0,), b'b'): an array BUILD fills in. */
export function reconstruct(args: unknown[], isNdarray: (cls: unknown) => boolean): NdarrayNode {
  if (args.length !== 3) throw numpyError(`numpy _reconstruct takes 3 arguments, got ${args.length}`);
  if (!isNdarray(args[0])) throw numpyError(`torch.load: numpy array subclasses (${typeName(args[0])}) are not supported by torch-node`);
  return new NdarrayNode();
}

/** _frombuffer(buf, dtype, shape, order) of protocol 5. */
export function frombuffer(args: unknown[]): NdarrayNode {
  if (args.length !== 4) throw numpyError(`numpy _frombuffer takes 4 arguments, got ${args.length}`);
  const [buf, dtype, shape, order] = args;
  if (order !== "C" && order !== "F") throw numpyError(`numpy _frombuffer order must be 'C' or 'F', got ${String(order)}`);
  const node = new NdarrayNode();
  node.value = arrayFromBytes(bytesOf(buf, "numpy _frombuffer buffer"), shapeOf(shape), dtypeOf(dtype), order === "F");
  return node;
}

function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** The length of `raw` without its trailing NUL characters of `size` bytes (numpy pads str and bytes with them). */
function trimNul(raw: Buffer, size: number): number {
  let n = raw.length;
  while (n >= size && raw.subarray(n - size, n).every((b) => b === 0)) n -= size;
  return n;
}

/**
 * numpy.core.multiarray.scalar(dtype, bytes): np.bool_ is a boolean, integers numbers (BigInt
 * beyond 2^53, as Python ints load), floats Python floats, np.str_ a string, np.bytes_ a Buffer.
 */
export function scalar(args: unknown[]): unknown {
  if (args.length !== 2) throw numpyError(`numpy scalar takes 2 arguments, got ${args.length}`);
  const d = dtypeOf(args[0]);
  if (d.code === "O8") throw numpyError("torch.load: numpy object scalars hold Python objects, which torch-node cannot load");
  if (d.code.startsWith("c")) throw numpyError(`torch.load: numpy ${d.name} scalars are not supported by torch-node`);
  const raw = Buffer.from(bytesOf(args[1], "numpy scalar data"));
  if (raw.length !== d.itemsize) throw numpyError(`numpy ${d.name} scalar needs ${d.itemsize} bytes, got ${raw.length}`);
  if (d.code.startsWith("S")) return new PyBytes(raw.subarray(0, trimNul(raw, 1)));
  if (d.code.startsWith("U")) {
    let str = "";
    for (let i = 0; i < trimNul(raw, 4); i += 4) str += String.fromCodePoint(d.bigEndian ? raw.readUInt32BE(i) : raw.readUInt32LE(i));
    return str;
  }
  if (d.bigEndian) raw.reverse();
  switch (d.code) {
    case "b1": return raw[0] !== 0;
    case "u1": return raw.readUInt8(0);
    case "i1": return raw.readInt8(0);
    case "i2": return raw.readInt16LE(0);
    case "u2": return raw.readUInt16LE(0);
    case "i4": return raw.readInt32LE(0);
    case "u4": return raw.readUInt32LE(0);
    case "i8": return normInt(raw.readBigInt64LE(0));
    case "u8": return normInt(raw.readBigUInt64LE(0));
    case "f2": return new PyFloat(halfToNumber(raw.readUInt16LE(0)));
    case "f4": return new PyFloat(raw.readFloatLE(0));
    default: return new PyFloat(raw.readDoubleLE(0));
  }
}

// ---- writing: what Python's pickle (protocol 2) writes for an ndarray -----------------------

/** Whether `o` is the { data, shape, dtype } of Tensor.numpy() (or torch.load of an ndarray). */
export function isNumpyArray(o: object): o is NumpyArray {
  const a = o as Partial<NumpyArray>;
  const keys = Object.keys(o);
  return keys.length === 3 && ArrayBuffer.isView(a.data) && Array.isArray(a.shape) && typeof a.dtype === "string" &&
    keys.every((k) => k === "data" || k === "shape" || k === "dtype");
}

function noSuchDtype(name: string): Error {
  return new TypeError(`torch.save: a numpy array of dtype ${name} cannot be saved (numpy has no such dtype)`);
}

/**
 * Writes numpy.dtype(code, False, True) and its BUILD state. numpy 1 and 2 both read the
 * numpy.core module name (numpy 2 maps it to numpy._core), so it is the one written.
 */
export function writeDtype(pw: PickleWriter, d: NumpyDtype | string): void {
  const code = typeof d === "string" ? CODE_OF[d] : d.code;
  if (code === undefined || code === "O8") throw noSuchDtype(String(d));
  const k = KINDS[code];
  pw.global("numpy", "dtype");
  pw.str(code); pw.bool(false); pw.bool(true);
  pw.tuple(3);
  pw.reduce();
  pw.mark();
  pw.int(3);
  pw.str(k.size === 1 ? "|" : typeof d !== "string" && d.bigEndian ? ">" : "<");
  pw.none(); pw.none(); pw.none();
  pw.int(-1); pw.int(-1); pw.int(0);
  pw.tuple(8);
  pw.build();
}

/** Writes `arr` as numpy's ndarray.__reduce__ does: _reconstruct(ndarray, (0,), b'b') and its BUILD state. */
export function writeNdarray(pw: PickleWriter, arr: NumpyArray, bytes: (b: Uint8Array) => void): void {
  const k = KINDS[CODE_OF[arr.dtype]];
  if (!k || k.array === null) throw noSuchDtype(arr.dtype);
  const numel = arr.shape.reduce((a, b) => a * b, 1);
  if (arr.data.byteLength !== numel * k.size)
    throw new TypeError(`torch.save: cannot save a numpy array of dtype ${arr.dtype} with ${arr.data.byteLength} bytes for shape [${arr.shape}]`);
  pw.global("numpy.core.multiarray", "_reconstruct");
  pw.global("numpy", "ndarray");
  pw.int(0); pw.tuple(1);
  bytes(Buffer.from("b", "latin1"));
  pw.tuple(3);
  pw.reduce();
  pw.mark();
  pw.int(1);
  if (arr.shape.length > 3) pw.mark();
  for (const n of arr.shape) pw.int(n);
  pw.tuple(arr.shape.length);
  writeDtype(pw, arr.dtype);
  pw.bool(false);
  bytes(new Uint8Array(arr.data.buffer, arr.data.byteOffset, arr.data.byteLength));
  pw.tuple(5);
  pw.build();
}
