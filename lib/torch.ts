// The torch.* namespace without its sub-namespaces (index.ts adds nn, optim, ...):
// hand-written functions first, then every function op of the generated table.
import { N } from "./native";
import * as dt from "./dtype";
import { dtype, device as Device, type DeviceLike } from "./dtype";
import { Tensor, Size, wrap, tensorFrom, typedArrayDtype, legacyTypes, tidy, keep, memory_stats, collect, type TensorData, type NumpyArray } from "./tensor";
import { callOp, opCaller } from "./_ops";
import { OPS } from "./_generated/ops";
import * as version from "./version";
import type { TorchFunctions } from "./_generated/types";
import { Generator, manual_seed, seed, initial_seed, get_rng_state, set_rng_state, default_generator } from "./random";
import { set_printoptions } from "./_tensor_str";
import {
  use_deterministic_algorithms, are_deterministic_algorithms_enabled, is_deterministic_algorithms_warn_only_enabled,
  set_float32_matmul_precision, get_float32_matmul_precision,
} from "./backends";
import { no_grad, enable_grad, is_grad_enabled, set_grad_enabled, inference_mode, autograd } from "./autograd";

export interface TensorOptions { dtype?: dtype | null; device?: DeviceLike | null; requires_grad?: boolean; }

/** torch.tensor(data, { dtype, device, requires_grad }): nested arrays, typed arrays, numbers. */
export function tensor(data: TensorData | Tensor, options: TensorOptions = {}): Tensor {
  let t = tensorFrom(data, options.dtype ?? null);
  // JavaScript has no 1.0 apart from 1: integral literals asked to require grad are Python's
  // [1.0, 2.0] (an int64 tensor cannot require grad), so the default float dtype.
  if (options.requires_grad && options.dtype == null && !(data instanceof Tensor) && !ArrayBuffer.isView(data) && t.dtype === dt.int64)
    t = t.to(dt.float32);
  if (options.device != null && String(options.device) !== "cpu") t = t.to(options.device);
  if (options.requires_grad) N.set_requires_grad(t._h, true);
  return t;
}
/**
 * torch.from_numpy: a typed array or `{ data, shape, dtype }` (as Tensor.numpy() returns), sharing its
 * memory as Python's does (a later write to the array shows in the tensor); nested arrays are copied.
 */
export function from_numpy(arr: ArrayBufferView | NumpyArray | TensorData[]): Tensor {
  if (ArrayBuffer.isView(arr)) {
    const d = arr instanceof DataView ? null : typedArrayDtype(arr);
    return d !== null ? wrap(N.fromBufferShared(arr, [(arr as unknown as { length: number }).length], d.code)) : tensorFrom(arr, null);
  }
  // Nested arrays, as np.array(list) reads them: floats are float64, integers int64.
  if (Array.isArray(arr)) {
    const t = tensorFrom(arr, null);
    return t.dtype === dt.float32 ? tensorFrom(arr, dt.float64) : t;
  }
  // The raw elements of a dtype numpy() gives as bits (float16, bfloat16, float8): as that dtype.
  const named = Object.values(dt.DTYPES).find((d) => d.name === arr.dtype);
  if (named && ArrayBuffer.isView(arr.data) && arr.data.byteLength === arr.shape.reduce((a, b) => a * b, 1) * named.itemsize)
    return wrap(N.fromBufferShared(arr.data, arr.shape, named.code));
  const flat = tensorFrom(arr.data as any, null);
  const t = flat.reshape(arr.shape);
  if (arr.dtype === "bool") return t.to(dt.bool);
  return t;
}
export function as_tensor(data: TensorData | Tensor, options: TensorOptions = {}): Tensor {
  if (data instanceof Tensor) return data.to({ dtype: options.dtype ?? data.dtype, device: options.device ?? data.device });
  return tensor(data, options);
}
export function is_tensor(x: unknown): x is Tensor { return x instanceof Tensor; }

// Type promotion, computed by ATen itself on empty operands: a dimensioned tensor
// as an empty 1-d tensor, a 0-dim tensor as itself, a number as a wrapped number.
function promotionOperand(x: Tensor | number | boolean): Tensor | number | boolean {
  if (!(x instanceof Tensor)) return x;
  return x.dim() === 0 ? x.detach() : callOp(OPS, "empty", undefined, [[0], { dtype: x.dtype }]);
}
/** torch.result_type(tensor1, tensor2): the dtype of an arithmetic result of the two. */
export function result_type(tensor1: Tensor | number | boolean, tensor2: Tensor | number | boolean): dtype {
  if (!(tensor1 instanceof Tensor) && !(tensor2 instanceof Tensor)) tensor1 = tensor(tensor1);
  const [a, b] = [promotionOperand(tensor1), promotionOperand(tensor2)];
  return (a instanceof Tensor ? a.add(b as Tensor) : (b as Tensor).add(a)).dtype;
}
/** torch.promote_types(type1, type2) */
export function promote_types(type1: dtype, type2: dtype): dtype {
  return callOp(OPS, "empty", undefined, [[0], { dtype: type1 }]).add(callOp(OPS, "empty", undefined, [[0], { dtype: type2 }])).dtype;
}
/** torch.can_cast(from_, to): whether a value of dtype from_ may be cast to to under the casting rules. */
export function can_cast(from_: dtype, to: dtype): boolean {
  const rank = (d: dtype) => (d.is_complex ? 3 : d.is_floating_point ? 2 : d.name === "bool" ? 0 : 1);
  return rank(from_) <= rank(to);
}
export function numel(t: Tensor): number { return t.numel(); }
export function set_num_threads(n: number) { N.set_num_threads(n); }
export function get_num_threads(): number { return N.get_num_threads(); }

/** torch.device("cuda:0") or torch.device("cuda", 0); `new torch.device(...)` works too. */
export const device = function (...args: ConstructorParameters<typeof Device>) { return new Device(...args); } as unknown as
  { (...args: ConstructorParameters<typeof Device>): Device; new (...args: ConstructorParameters<typeof Device>): Device; prototype: Device };
(device as any).prototype = Device.prototype;

const core = {
  Tensor, Size, Generator, dtype, device, tensor, from_numpy, as_tensor, is_tensor, numel,
  result_type, promote_types, can_cast,
  set_num_threads, get_num_threads,
  manual_seed, seed, initial_seed, get_rng_state, set_rng_state, default_generator,
  no_grad, enable_grad, is_grad_enabled, set_grad_enabled, inference_mode, autograd,
  tidy, keep, memory_stats, set_printoptions,
  use_deterministic_algorithms, are_deterministic_algorithms_enabled, is_deterministic_algorithms_warn_only_enabled,
  set_float32_matmul_precision, get_float32_matmul_precision,
  /** Frees every tensor no longer referenced from JavaScript (a full GC and a sweep). */
  collect: () => collect(true),
  uint8: dt.uint8, int8: dt.int8, int16: dt.int16, int32: dt.int32, int64: dt.int64,
  float16: dt.float16, float32: dt.float32, float64: dt.float64, bfloat16: dt.bfloat16, bool: dt.bool,
  complex64: dt.complex64, complex128: dt.complex128,
  // float8_*, uint16/32/64: only where the linked libtorch has them (undefined on 1.13).
  ...(dt.dtypes2 as Required<typeof dt.dtypes2>),
  ...dt.dtypeAliases,
  contiguous_format: dt.contiguous_format, preserve_format: dt.preserve_format, channels_last: dt.channels_last,
  // torch.FloatTensor, torch.LongTensor, ... (callable with or without new).
  ...(legacyTypes() as Record<"FloatTensor" | "DoubleTensor" | "HalfTensor" | "BFloat16Tensor" | "LongTensor" | "IntTensor" | "ShortTensor" |
    "CharTensor" | "ByteTensor" | "BoolTensor", { (...args: unknown[]): Tensor; new (...args: unknown[]): Tensor }>),
  /** Python's infinity constants. */
  inf: Infinity, nan: NaN,
  __version__: version.__version__,
  /** torch.version: __version__ and cuda. */
  version: { __version__: version.__version__, cuda: version.cuda },
};

type Num = number | boolean;
/** Python also takes a number for `input` of add, sub, mul and div (`torch.sub(1, x)`). */
interface NumbersAsTensors {
  add(input: Num, other: Tensor, options?: { alpha?: Num }): Tensor;
  sub(input: Num, other: Tensor, options?: { alpha?: Num }): Tensor;
  mul(input: Num, other: Tensor): Tensor;
  div(input: Num, other: Tensor, options?: { rounding_mode?: string | null }): Tensor;
}
type Out = { out: Tensor | null };
/**
 * out= with a number operand: the generated typings give out= to the Tensor-Tensor overloads (the
 * Scalar ones have no out= form), but these ops take numbers as tensors, as Python's do.
 */
interface OutForms {
  add(input: Tensor | Num, other: Tensor | Num, options: Out & { alpha?: Num }): Tensor;
  sub(input: Tensor | Num, other: Tensor | Num, options: Out & { alpha?: Num }): Tensor;
  mul(input: Tensor | Num, other: Tensor | Num, options: Out): Tensor;
  div(input: Tensor | Num, other: Tensor | Num, options: Out & { rounding_mode?: string | null }): Tensor;
}
export type Torch = typeof core & Omit<TorchFunctions, keyof typeof core> & NumbersAsTensors & OutForms;
export const torch = core as Torch;
for (const [name, overloads] of Object.entries(OPS)) {
  if (!overloads.some((o) => o.func) || name in core) continue;
  const call = opCaller(OPS, name);
  (torch as any)[name] = (...args: unknown[]) => call(undefined, args);
}
export { Tensor, Size, wrap };
