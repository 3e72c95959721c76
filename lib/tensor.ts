// torch.Tensor: a thin object holding a native handle. Methods generated from
// the op table are attached to the prototype at the end of this file; the ones
// here need TypeScript (conversion, indexing, autograd, printing, lifetime).
import { inspect } from "node:util";
import { N, type Handle } from "./native";
import {
  dtype, dtypeFromCode, device, toDevice, type DeviceLike,
  float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool as boolDtype,
  uint16, uint32, uint64, FLOAT8, dtypes2,
} from "./dtype";
import { callOp, opCaller, setTensorHooks, isOptions, pyTypeName } from "./_ops";
import { OPS } from "./_generated/ops";
import type { TensorMethods } from "./_generated/types";
import { formatTensor, numpyStr } from "./_tensor_str";
import { register, setLifetimeTensorClass } from "./_lifetime";
import { V } from "./version";
import { nodeOf, type Node } from "./autograd";
export { tidy, keep, in_tidy, memory_stats, collect } from "./_lifetime";

/** Wraps a native handle in a new Tensor. */
/** The first argument of `super(WRAP_HANDLE, handle)` in a Tensor subclass (nn.Parameter). */
export const WRAP_HANDLE: unique symbol = Symbol("torch-node handle");

/** torch.Tensor(*args), the legacy constructor (torch/csrc/utils/tensor_new.cpp's legacy_tensor_new). */
export function legacyNew(args: unknown[], dt: dtype = float32): Tensor {
  // The default dtype, float32 (torch.LongTensor(...) etc. give theirs).
  const float = (): dtype => dt;
  if (args.length === 0) return callOp(OPS, "empty", undefined, [[0], { dtype: float() }]);
  if (args.length === 1 && args[0] instanceof Tensor) {
    const t = args[0] as Tensor;
    if (t.dtype !== dt) {
      const opts = (d: dtype) => `TensorOptions(dtype=${CPP_NAMES[d.name] ?? d.name}, device=cpu, layout=Strided, requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt))`;
      throw new TypeError(`expected ${opts(dt)} (got ${opts(t.dtype)})`);
    }
    return t.detach();
  }
  if (args.length === 1 && (Array.isArray(args[0]) || (ArrayBuffer.isView(args[0]) && !(args[0] instanceof DataView))))
    return tensorFrom(args[0] as TensorData, float());
  if (args.every((a) => typeof a === "number" && Number.isInteger(a)))
    return callOp(OPS, "empty", undefined, [args as number[], { dtype: float() }]);
  const a = args.find((x) => !(typeof x === "number" && Number.isInteger(x)));
  const pyName = typeof a === "number" ? "float" : typeof a === "string" ? "str" : typeof a === "boolean" ? "bool" : a === null || a === undefined ? "NoneType" : "object";
  throw new TypeError(args.length === 1 && typeof a === "number" ? `new(): data must be a sequence (got ${pyName})` : `new(): invalid data type '${pyName}'`);
}

export function wrap(h: Handle): Tensor {
  const t = new (TensorShell as any)(h) as Tensor;
  register(t);
  return t;
}
// A plain constructor over Tensor.prototype (set below the class): `new` allocates
// several times faster than Object.create(Tensor.prototype), on every op's result.
function TensorShell(this: Tensor, h: Handle) { this._h = h; this._g = null; }

/** PyTorch's tuples of tensors: an array that also carries the field names. */
export type TensorTuple<Names extends readonly string[]> = Tensor[] & { [K in Names[number]]: Tensor };

/** torch.Size: an array of numbers that prints as Python does. */
export class Size extends Array<number> {
  static get [Symbol.species]() { return Array; }
  toString() { return `torch.Size([${this.join(", ")}])`; }
  [inspect.custom]() { return this.toString(); }
  numel() { return this.reduce((a, b) => a * b, 1); }
}
function toSize(a: number[]): Size {
  const s = new Size();
  for (const x of a) s.push(x);
  return s;
}

const DISPOSE = (Symbol as any).dispose ?? Symbol.for("nodejs.dispose");

export type IndexItem = number | string | null | boolean | Tensor | number[] | boolean[];
export type TensorData = number | boolean | bigint | TensorData[] | ArrayBufferView;
export interface NumpyArray {
  data: Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array | BigInt64Array | BigUint64Array;
  shape: number[];
  dtype: string;
}

export interface BackwardOptions { gradient?: Tensor | null; retain_graph?: boolean | null; create_graph?: boolean }

// Disposable: `using t = ...` frees t at the end of the block (the method is [DISPOSE] below).
export interface Tensor extends TensorMethods, Disposable {}
export class Tensor {
  /** Native handle; -1 once disposed. */
  _h!: Handle;
  /** The wrapper `.grad` returned last, returned again while it is the same tensor. */
  _g!: Tensor | null;

  /**
   * Python's legacy constructor `torch.Tensor(*args)`: `new Tensor()` is `tensor([])`,
   * `new Tensor(2, 3)` an uninitialized float tensor of that size, `new Tensor([1, 2])` a float
   * tensor of that data, `new Tensor(t)` a tensor sharing t's storage. Subclasses hand their
   * native handle to `super(WRAP_HANDLE, handle)`; a bare number is never taken for a handle.
   */
  constructor(...args: unknown[]) {
    if (args[0] === WRAP_HANDLE) {
      this._h = args[1] as Handle;
      this._g = null;
      register(this);
      return;
    }
    return legacyNew(args);
  }

  // ---- metadata ----
  get shape(): Size { return toSize(N.shape(this._h)); }
  size(dim?: number): any {
    const s = N.shape(this._h);
    if (dim === undefined) return toSize(s);
    const d = dim < 0 ? dim + s.length : dim;
    if (d < 0 || d >= s.length)
      throw rangeError(`Dimension out of range (expected to be in range of [${-s.length}, ${s.length - 1}], but got ${dim})`);
    return s[d];
  }
  dim(): number { return N.dim(this._h); }
  get ndim(): number { return N.dim(this._h); }
  numel(): number { return N.numel(this._h); }
  nelement(): number { return N.numel(this._h); }
  stride(dim?: number): any {
    const s = N.stride(this._h);
    return dim === undefined ? s : s[dim < 0 ? dim + s.length : dim];
  }
  storage_offset(): number { return N.storage_offset(this._h); }
  is_contiguous(): boolean { return N.is_contiguous(this._h); }
  element_size(): number { return N.element_size(this._h); }
  get dtype(): dtype { return dtypeFromCode(N.dtype(this._h)); }
  get device(): device { return new device(N.device(this._h)); }
  get is_cuda(): boolean { return N.device(this._h).startsWith("cuda"); }
  /** The CUDA device index, or -1 for a CPU tensor (Python's Tensor.get_device). */
  get_device(): number { const d = this.device; return d.type === "cpu" ? -1 : d.index ?? 0; }
  get is_leaf(): boolean { return N.is_leaf(this._h); }
  get T(): Tensor { return this.dim() < 2 ? this : this.permute([...Array(this.dim()).keys()].reverse()); }
  get mT(): Tensor { return this.transpose(-2, -1); }
  get itemsize(): number { return this.element_size(); }
  /** Python's Tensor.real / Tensor.imag views of a complex tensor. */
  get real(): Tensor { return callOp(OPS, "real", undefined, [this]); }
  get imag(): Tensor { return callOp(OPS, "imag", undefined, [this]); }
  get nbytes(): number { return this.numel() * this.element_size(); }
  get disposed(): boolean { return this._h < 0; }
  /** Python's len(t): the size of the first dimension. */
  get length(): number {
    const s = N.shape(this._h);
    if (s.length === 0) throw new TypeError("len() of a 0-d tensor");
    return s[0];
  }

  // ---- autograd ----
  get requires_grad(): boolean { return N.requires_grad(this._h); }
  set requires_grad(v: boolean) { setRequiresGrad(this, v, "setter"); }
  get grad(): Tensor | null {
    const c = this._g;
    const g = N.grad(this._h, c === null ? -1 : c._h);
    if (g === -2) return c;
    return (this._g = g === null ? null : wrap(g));
  }
  set grad(g: Tensor | null) {
    if (g !== null && !(g instanceof Tensor))
      throw new TypeError(`assigned grad expected to be a Tensor or None but got grad of type ${pyTypeName(g)}`);
    N.set_grad(this._h, g === null ? null : g._h);
    this._g = g;
  }
  /** The autograd node that made this tensor (Python's grad_fn), or null for a leaf. */
  get grad_fn(): Node | null {
    const id = N.gradFnNode(this._h);
    return id === null ? null : nodeOf(id);
  }
  /** Python's `.data`: the same storage, outside autograd. */
  get data(): Tensor { return wrap(N.data(this._h)); }
  set data(v: Tensor) { N.set_data(this._h, v._h); }
  backward(gradient?: Tensor | null | BackwardOptions, options?: BackwardOptions | boolean | null, create_graph?: boolean): void {
    let retain: boolean | null = null, create = false;
    if (isOptions(gradient)) { options = gradient as BackwardOptions; gradient = options.gradient ?? null; }
    if (isOptions(options)) {
      const o = options as BackwardOptions;
      retain = o.retain_graph ?? null;
      create = o.create_graph ?? false;
    } else { retain = (options as boolean | null | undefined) ?? null; create = create_graph ?? false; }
    N.backward(this._h, gradient ? (gradient as Tensor)._h : null, retain, create);
  }
  retain_grad(): void { N.retain_grad(this._h); }

  // ---- values out ----
  /** A Python number; a bool tensor gives a boolean (typed as number, as ports use it in arithmetic). */
  item(): number {
    try {
      return N.item(this._h) as number;
    } catch (e) {
      // 2.x passes libtorch's own error through (a RuntimeError).
      if (!V.item_scalar_error && this._h >= 0 && N.numel(this._h) !== 1) throw pyError("ValueError", "only one element tensors can be converted to Python scalars");
      throw e;
    }
  }
  tolist(): any {
    const shape = N.shape(this._h);
    const data = flatValues(this);
    if (shape.length === 0) return data[0];
    let i = 0;
    const build = (d: number): any[] => {
      const out = new Array(shape[d]);
      for (let k = 0; k < shape[d]; k++) out[k] = d === shape.length - 1 ? data[i++] : build(d + 1);
      return out;
    };
    return build(0);
  }
  /**
   * `{ data, shape, dtype }`; zero-copy for a contiguous CPU tensor. uint16/32/64 give
   * Uint16Array/Uint32Array/BigUint64Array. Dtypes without a typed array give their raw bits,
   * with `dtype` naming them: float16 and bfloat16 a Uint16Array, the float8 dtypes a Uint8Array
   * (Python's numpy() raises a TypeError for bfloat16 and float8; from_numpy reads them back).
   */
  numpy(): NumpyArray {
    if (this.requires_grad) throw new Error("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    if (!this.device.type.startsWith("cpu")) throw new TypeError(`can't convert ${this.device.type}:${this.device.index ?? 0} device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.`);
    const dt = this.dtype;
    return numpyArray(typedView(dt, N.toBuffer(this._h)) as NumpyArray["data"], N.shape(this._h), dt.name);
  }

  // ---- conversion ----
  /** to(dtype) | to(device[, dtype]) | to(tensor) | to({ device, dtype, non_blocking, copy }) */
  to(...args: any[]): Tensor {
    let dev: DeviceLike | null = null, dt: dtype | null = null, non_blocking = false, copy = false;
    for (const a of args) {
      if (a instanceof dtype) dt = a;
      else if (a instanceof device || typeof a === "string") dev = a;
      else if (typeof a === "number") dev = toDevice(a);
      else if (a instanceof Tensor) { dev = a.device; dt = a.dtype; }
      else if (isOptions(a)) {
        if (a.device !== undefined && a.device !== null) dev = a.device as DeviceLike;
        if (a.dtype !== undefined && a.dtype !== null) dt = a.dtype as dtype;
        non_blocking = Boolean(a.non_blocking ?? non_blocking);
        copy = Boolean(a.copy ?? copy);
      } else if (a !== undefined && a !== null) throw new TypeError(`to() received an invalid combination of arguments - got (${typeof a})`);
    }
    return callOp(OPS, "to", this, [{ device: dev === null ? null : String(toDevice(dev)), dtype: dt, non_blocking, copy }]);
  }
  cuda(dev?: DeviceLike | number | null, options?: { non_blocking?: boolean }): Tensor {
    // An index is read as torch.device(index) reads it (the current accelerator's, in 2.x).
    const d = dev === undefined || dev === null ? "cuda" : String(toDevice(dev));
    return this.to(d, { non_blocking: options?.non_blocking ?? false });
  }
  cpu(): Tensor { return this.to("cpu"); }
  float(): Tensor { return this.to(float32); }
  double(): Tensor { return this.to(float64); }
  half(): Tensor { return this.to(float16); }
  bfloat16(): Tensor { return this.to(bfloat16); }
  long(): Tensor { return this.to(int64); }
  int(): Tensor { return this.to(int32); }
  short(): Tensor { return this.to(int16); }
  char(): Tensor { return this.to(int8); }
  byte(): Tensor { return this.to(uint8); }
  bool(): Tensor { return this.to(boolDtype); }
  type(dt?: dtype | string): any {
    if (dt === undefined) return TYPE_NAMES[this.dtype.name] ?? `torch.${this.dtype.name}`;
    if (typeof dt === "string") {
      const name = Object.entries(TYPE_NAMES).find(([, v]) => v === dt)?.[0];
      if (!name) throw new Error(`invalid type: '${dt}'`);
      return this.to(DTYPE_BY_NAME[name]);
    }
    return this.to(dt);
  }
  is_floating_point(): boolean { return this.dtype.is_floating_point; }
  is_complex(): boolean { return this.dtype.is_complex; }

  /** Python's Tensor.where(condition, y): torch.where(condition, self, y). */
  where(condition: any, other?: any): Tensor {
    if (isOptions(condition)) ({ condition, other } = condition as { condition: Tensor; other: Tensor });
    else if (isOptions(other)) other = (other as { other: Tensor }).other;
    return callOp(OPS, "where", undefined, [condition, this, other]);
  }

  // ---- indexing (API.md rule 6) ----
  /** `t[i, j]` is `t.index(i, j)`: numbers, ":" and slice strings, "...", null, booleans, tensors, int arrays. */
  index(...idx: IndexItem[]): Tensor {
    const keep = writeIndex(idx, this);
    const r = wrap(N.indexFast(this._h));
    if (keep !== null) keep.length = 0;
    return r;
  }
  /**
   * `t[idx] = v` is `t.index_put_([idx], v)` (null is None, a new axis). With accumulate,
   * ATen's index_put_ (a list of tensors, null skipping a dimension).
   */
  index_put_(indices: IndexItem[] | IndexItem, values: Tensor | number | boolean, accumulate?: boolean | { accumulate?: boolean }, options?: { accumulate?: boolean }): this;
  index_put_(indices: IndexItem[] | IndexItem, options: { values: Tensor | number | boolean; accumulate?: boolean }): this;
  index_put_(options: { indices: IndexItem[] | IndexItem; values: Tensor | number | boolean; accumulate?: boolean }): this;
  index_put_(indices: any, values?: any, accumulate?: any, options?: any): this {
    if (isOptions(indices)) ({ indices, values, accumulate } = indices as any);
    else if (isOptions(values)) ({ values, accumulate } = values as any);
    if (isOptions(accumulate)) accumulate = (accumulate as { accumulate?: boolean }).accumulate;
    if (isOptions(options)) accumulate = (options as { accumulate?: boolean }).accumulate ?? accumulate;
    const list: IndexItem[] = Array.isArray(indices) ? indices : [indices];
    const acc = Boolean(accumulate ?? false);
    if (acc || (list.length > 0 && list.every((x) => x instanceof Tensor))) {
      const v = values instanceof Tensor ? values : scalarLike(values, this);
      callOp(OPS, "index_put_", this, [list, v, acc]);
      return this;
    }
    const keep = writeIndex(list, this);
    N.indexPutFast(this._h, values instanceof Tensor ? values._h : { s: values });
    if (keep !== null) keep.length = 0;
    return this;
  }

  // ---- lifetime ----
  /** Frees the native tensor now; any later use throws. */
  dispose(): void {
    if (this._h < 0) return;
    // No flush needed: a pending batch reads handles when it is tracked (-1 by then).
    N.dispose(this._h);
    this._h = -1;
  }
  [DISPOSE](): void { this.dispose(); }

  // ---- printing ----
  toString(): string { return formatTensor(this); }
  /**
   * A tensor where JavaScript wants a primitive: a number (`+t`, `t * 2`) is item() of a
   * one-element tensor, and so is `t + 1` or `t == 6` of a 0-d tensor (hint "default"). A string
   * (`String(t)`, `${t}`, a property key) stays Python's str(t): JavaScript cannot tell a
   * template literal from String(t).
   */
  [Symbol.toPrimitive](hint: string): number | string {
    if (hint === "number") return this.item();
    if (hint === "default" && this._h >= 0 && N.dim(this._h) === 0) {
      const v = N.item(this._h) as number | boolean;
      return typeof v === "boolean" ? Number(v) : v;
    }
    return this.toString();   // a subclass's str (nn.Parameter's "Parameter containing:")
  }
  [inspect.custom](): string { return formatTensor(this); }
}


/** Python's str() of a number of a tensor's dtype: 6.0 for a float, True, nan, inf, 1e-05. */
export function pyScalarStr(v: number | boolean, dt: dtype): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  if (!dt.is_floating_point) return String(v);
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e16 || a < 1e-4)) {
    const [m, e] = v.toExponential().split("e");
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const s = String(v);
  return Number.isInteger(v) ? (Object.is(v, -0) ? "-0.0" : s + ".0") : s;
}

function rangeError(msg: string) { return pyError("IndexError", msg); }

const TYPE_NAMES: Record<string, string> = {
  float32: "torch.FloatTensor", float64: "torch.DoubleTensor", float16: "torch.HalfTensor", bfloat16: "torch.BFloat16Tensor",
  int64: "torch.LongTensor", int32: "torch.IntTensor", int16: "torch.ShortTensor", int8: "torch.CharTensor", uint8: "torch.ByteTensor", bool: "torch.BoolTensor",
};
const CPP_NAMES: Record<string, string> = {
  float32: "float", float64: "double", float16: "c10::Half", bfloat16: "c10::BFloat16", int64: "long int", int32: "int",
  int16: "short int", int8: "signed char", uint8: "unsigned char", bool: "bool",
};
/**
 * torch.FloatTensor, torch.LongTensor, ...: the legacy constructors of a dtype (`new torch.LongTensor([1, 2])`,
 * `torch.FloatTensor(2, 3)`), and `x instanceof torch.FloatTensor` as Python's isinstance (a CPU tensor of that dtype).
 */
export function legacyTypes(): Record<string, (...args: unknown[]) => Tensor> {
  const out: Record<string, any> = {};
  for (const [name, full] of Object.entries(TYPE_NAMES)) {
    const dt = DTYPE_BY_NAME[name];
    const ctor = function (...args: unknown[]) { return legacyNew(args, dt); };
    Object.defineProperty(ctor, "name", { value: full.slice(6) });
    Object.defineProperty(ctor, Symbol.hasInstance, {
      value: (x: unknown) => x instanceof Tensor && x._h >= 0 && x.dtype === dt && N.device(x._h) === "cpu",
    });
    out[full.slice(6)] = ctor;
  }
  return out;
}
const DTYPE_BY_NAME: Record<string, dtype> = { float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool: boolDtype };
// 2.x: torch.UInt16Tensor, torch.Float8_e4m3fnTensor, ...
for (const d of Object.values(dtypes2)) {
  TYPE_NAMES[d.name] = `torch.${d.name.startsWith("uint") ? "UInt" + d.name.slice(4) : d.name[0].toUpperCase() + d.name.slice(1)}Tensor`;
  DTYPE_BY_NAME[d.name] = d;
}

// Python words this check differently for requires_grad_() and the requires_grad setter;
// factory functions get libtorch's own message through N.set_requires_grad.
function setRequiresGrad(t: Tensor, v: boolean, what: "method" | "setter") {
  if (v && !(t.dtype.is_floating_point || t.dtype.is_complex))
    throw new Error(what === "method" ? "only Tensors of floating point dtype can require gradients"
      : "only Tensors of floating point and complex dtype can require gradients");
  N.set_requires_grad(t._h, v);
}

function scalarLike(v: number | boolean, like: Tensor): Tensor {
  return wrap(N.full([], v, like.dtype.code, null, N.device(like._h), null));
}

/** The `{ data, shape, dtype }` Tensor.numpy() returns (C order); `${arr}` is numpy's str(arr) (dtypes numpy has; raw bits otherwise). */
export function numpyArray(data: NumpyArray["data"], shape: number[], dtype: string): NumpyArray {
  const r = { data, shape, dtype };
  Object.defineProperty(r, "toString", { value: () => numpyStr(r.data, r.shape, r.dtype), enumerable: false });
  return r;
}

/** The typed-array view of a buffer of `dt` elements. */
export function typedView(dt: dtype, buf: ArrayBuffer): ArrayBufferView {
  switch (dt.name) {
    case "float32": return new Float32Array(buf);
    case "float64": return new Float64Array(buf);
    case "int64": return new BigInt64Array(buf);
    case "int32": return new Int32Array(buf);
    case "int16": return new Int16Array(buf);
    case "int8": return new Int8Array(buf);
    case "uint8": case "bool": return new Uint8Array(buf);
    case "float16": case "bfloat16": case "uint16": return new Uint16Array(buf);
    case "uint32": return new Uint32Array(buf);
    case "uint64": return new BigUint64Array(buf);
  }
  if (FLOAT8.has(dt)) return new Uint8Array(buf);
  throw new TypeError(`no typed array for ${dt}`);
}

/** The elements as JavaScript values (numbers, booleans), C order. */
export function flatValues(t: Tensor): (number | boolean)[] {
  let src = t;
  const dt = t.dtype;
  if (dt === float16 || dt === bfloat16 || FLOAT8.has(dt)) src = t.to(float32);
  const view = typedView(src.dtype, N.toBuffer(src._h, true)) as any;
  if (dt === boolDtype) return Array.from(view as Uint8Array, (x) => x !== 0);
  if (dt === int64 || dt === uint64) return Array.from(view as BigInt64Array, Number);
  return Array.from(view as Float32Array);
}

// Slice strings parsed once: a loop indexes with the same few strings.
const SLICES = new Map<string, [number, number, number]>();
function parseSlice(s: string): [number, number, number] {
  let r = SLICES.get(s);
  if (r !== undefined) return r;
  const parts = s.split(":");
  if (parts.length > 3) throw new TypeError(`invalid slice "${s}"`);
  const num = (x: string | undefined) => {
    if (x === undefined || x.trim() === "") return NaN;
    const n = Number(x);
    if (!Number.isInteger(n)) throw new TypeError(`invalid slice "${s}"`);
    return n;
  };
  r = [num(parts[0]), num(parts[1]), num(parts[2])];
  if (SLICES.size >= 4096) SLICES.clear();
  SLICES.set(s, r);
  return r;
}

// An index spec goes to native code through a shared buffer (N.indexBuf): [0] the item
// count, then [code, a, b, c] per item (native/tensor.cpp read_indices): 0 int, 1 None,
// 2 Ellipsis, 3 bool, 4 slice (NaN: omitted), 5 tensor handle.
const IDX = new Float64Array(N.indexBuf);
const IDX_ITEMS: number = N.indexItems;
const idxTemps: Tensor[] = [];
/** Writes the spec; returns the list holding tensors made from int lists (alive until the call), or null. */
function writeIndex(idx: IndexItem[], self: Tensor): Tensor[] | null {
  const n = idx.length;
  if (n > IDX_ITEMS) throw pyError("IndexError", `too many indices for tensor of dimension ${self.dim()} (got ${n})`);
  // Lists become tensors first, before anything is written.
  let temps: Tensor[] | null = null;
  for (let i = 0; i < n; i++) if (Array.isArray(idx[i])) (temps ??= idxTemps).push(tensorFrom(idx[i] as any, null));
  for (let i = 0, o = 4, k = 0; i < n; i++, o += 4) {
    const x = idx[i];
    if (typeof x === "number") {
      if (!Number.isInteger(x)) throw pyError("IndexError", "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)");
      IDX[o] = 0; IDX[o + 1] = x;
    } else if (x === null || x === undefined) IDX[o] = 1;
    else if (typeof x === "boolean") { IDX[o] = 3; IDX[o + 1] = x ? 1 : 0; }
    else if (typeof x === "string") {
      if (x === "...") { IDX[o] = 2; continue; }
      // Python's x["1"] is no slice; only strings with a colon stand for one here.
      if (!x.includes(":")) throw pyError("IndexError", `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got str ${JSON.stringify(x)}; a slice is written "start:stop:step")`);
      const sl = parseSlice(x);
      IDX[o] = 4; IDX[o + 1] = sl[0]; IDX[o + 2] = sl[1]; IDX[o + 3] = sl[2];
    } else if (x instanceof Tensor) { IDX[o] = 5; IDX[o + 1] = x._h; }
    else if (Array.isArray(x)) { IDX[o] = 5; IDX[o + 1] = temps![k++]._h; }
    else throw pyError("IndexError", `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${typeof x === "object" ? (x as object).constructor?.name ?? "object" : typeof x})`);
  }
  IDX[0] = n;
  return temps;
}

// ---- torch.tensor ---------------------------------------------------------------------
function inferShape(data: any): number[] {
  const shape: number[] = [];
  let d = data;
  while (Array.isArray(d) || ArrayBuffer.isView(d)) {
    shape.push((d as any).length);
    if ((d as any).length === 0) break;
    d = (d as any)[0];
  }
  return shape;
}

const TYPED_DTYPES: [any, dtype][] = [
  [Float32Array, float32], [Float64Array, float64], [BigInt64Array, int64], [Int32Array, int32], [Int16Array, int16],
  [Int8Array, int8], [Uint8Array, uint8], [Uint8ClampedArray, uint8],
  ...(dtypes2.uint16 ? [[Uint16Array, uint16], [Uint32Array, uint32], [BigUint64Array, uint64]] as [any, dtype][] : []),
];

/** The dtype of a typed array's elements, or null for one torch has no dtype for. */
export function typedArrayDtype(a: ArrayBufferView): dtype | null {
  for (const [cls, d] of TYPED_DTYPES) if (a instanceof cls) return d;
  return null;
}

/** Builds a tensor from nested arrays, typed arrays or numbers (torch.tensor's data). */
export function tensorFrom(data: TensorData | Tensor, dt: dtype | null): Tensor {
  // Python's torch.tensor(t): a copy outside autograd (t.clone().detach()).
  if (data instanceof Tensor) return dt ? data.detach().to({ dtype: dt, copy: true }) : data.detach().clone();
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    const entry = TYPED_DTYPES.find(([cls]) => data instanceof cls);
    if (!entry) throw new TypeError(`can't convert ${data.constructor.name} to a tensor`);
    const t = wrap(N.fromBuffer(data, [(data as any).length], entry[1].code));
    return dt && dt !== entry[1] ? t.to(dt) : t;
  }
  const shape = inferShape(data);
  const flat: (number | bigint)[] = [];
  let kind: "bool" | "int" | "float" = "bool";
  // Rows given as typed arrays of one kind keep its dtype (as numpy arrays do in Python).
  let rowDtype: dtype | null | undefined;
  const visit = (d: any, depth: number) => {
    if (depth < shape.length) {
      if (!(Array.isArray(d) || ArrayBuffer.isView(d))) throw new TypeError("not a sequence");
      if (depth === shape.length - 1) {
        const rd = ArrayBuffer.isView(d) ? TYPED_DTYPES.find(([cls]) => d instanceof cls)?.[1] ?? null : null;
        rowDtype = rowDtype === undefined || rowDtype === rd ? rd : null;
      }
      if ((d as any).length !== shape[depth])
        throw pyError("ValueError", `expected sequence of length ${shape[depth]} at dim ${depth} (got ${(d as any).length})`);
      for (let i = 0; i < (d as any).length; i++) visit((d as any)[i], depth + 1);
      return;
    }
    if (d instanceof Tensor) d = d.item();
    if (typeof d === "boolean") flat.push(d ? 1 : 0);
    else if (typeof d === "number") { flat.push(d); if (!Number.isInteger(d)) kind = "float"; else if (kind === "bool") kind = "int"; }
    else if (typeof d === "bigint") { flat.push(d); if (kind === "bool") kind = "int"; }
    else if (Array.isArray(d) || ArrayBuffer.isView(d)) throw new TypeError("'list' object cannot be interpreted as an integer");
    else if (d === null || d === undefined) throw new Error("Could not infer dtype of NoneType");
    else throw new TypeError(`new(): invalid data type '${typeof d === "string" ? "str" : typeof d}'`);
  };
  visit(data, 0);
  // Python infers int64 for ints, float32 (the default dtype) for floats, bool for bools
  // (JavaScript's 1.0 is the integer 1: see docs/porting.md).
  const inferred = rowDtype ? rowDtype : flat.length === 0 ? float32 : kind === "bool" ? boolDtype : kind === "int" ? int64 : float32;
  const target = dt ?? inferred;
  if (target.is_floating_point) {
    // Straight from double to the target dtype, as Python stores each element.
    const f = target === float32 ? new Float32Array(flat.length) : new Float64Array(flat.length);
    for (let i = 0; i < flat.length; i++) f[i] = Number(flat[i]);
    const t = wrap(N.fromBuffer(f, shape, target === float32 ? float32.code : float64.code));
    return t.dtype === target ? t : t.to(target);
  }
  if (target.is_complex) return tensorFrom(data as TensorData, float64).to(target);
  if (target === uint64) {
    // Python's unsigned 64-bit conversion: 0 to 2**64 - 1, exactly.
    const u = new BigUint64Array(flat.length);
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`value cannot be converted to type ${target.name} without overflow`);
      const b = typeof v === "bigint" ? v : BigInt(Math.trunc(v));
      if (b < 0n) throw pyError("OverflowError", "can't convert negative int to unsigned");
      if (b >= 2n ** 64n) throw pyError("OverflowError", "int too big to convert");
      u[i] = b;
    }
    return wrap(N.fromBuffer(u, shape, uint64.code));
  }
  // Integers and bools go through int64, exactly, with Python's overflow checks.
  const ints = new BigInt64Array(flat.length);
  const [lo, hi] = INT_RANGE[target.name] ?? [-(2n ** 63n), 2n ** 63n - 1n];
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v === "number" && !Number.isFinite(v)) {
      if (target === boolDtype) { ints[i] = 1n; continue; }
      throw new Error(`value cannot be converted to type ${target.name} without overflow`);
    }
    let b = typeof v === "bigint" ? v : BigInt(target === boolDtype ? (v !== 0 ? 1 : 0) : Math.trunc(v));
    if (b < -(2n ** 63n) || b >= 2n ** 63n) {
      throw V.unpack_long_long ? pyError("ValueError", "Overflow when unpacking long long") : new Error("Overflow when unpacking long");
    }
    if (target !== boolDtype && target !== int64 && (b < lo || b > hi))
      throw new Error(`value cannot be converted to type ${target.name} without overflow`);
    if (target === boolDtype) b = b !== 0n ? 1n : 0n;
    ints[i] = b;
  }
  const t = wrap(N.fromBuffer(ints, shape, int64.code));
  return target === int64 ? t : t.to(target);
}

// c10::overflows: unsigned types also take negatives down to -max (they wrap).
const INT_RANGE: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n], int16: [-32768n, 32767n], int8: [-128n, 127n], uint8: [-255n, 255n],
  uint16: [-65535n, 65535n], uint32: [-(2n ** 32n - 1n), 2n ** 32n - 1n],
};

/** An Error named for Python's exception (ValueError, IndexError); RuntimeError is a plain Error. */
export function pyError(type: string, msg: string): Error {
  const e = new Error(msg);
  e.name = type;
  return e;
}

TensorShell.prototype = Tensor.prototype;
setTensorHooks(Tensor, wrap);
setLifetimeTensorClass(Tensor);

// ---- generated methods ------------------------------------------------------------------
for (const [name, overloads] of Object.entries(OPS)) {
  if (!overloads.some((o) => o.method) || name in Tensor.prototype) continue;
  const call = opCaller(OPS, name);
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor, ...args: unknown[]) { return call(this, args); },
    writable: true, configurable: true,
  });
}
// requires_grad_ checks the dtype first, as PyTorch does.
Tensor.prototype.requires_grad_ = function (this: Tensor, requires_grad: boolean | { requires_grad?: boolean } = true) {
  setRequiresGrad(this, typeof requires_grad === "object" ? requires_grad.requires_grad ?? true : requires_grad, "method");
  return this;
} as any;
