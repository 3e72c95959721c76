// torch.device. Strings are parsed by libtorch's c10::Device, as Python's
// torch.device does, so the accepted forms and the errors are libtorch's own.
import { inspect } from "node:util";
import { N } from "./native";
import { V } from "./version";

const parsed = new Map<string, [string, number | null]>();
function parse(s: string): [string, number | null] {
  let r = parsed.get(s);
  if (r === undefined) {
    r = N.deviceParse(s);
    parsed.set(s, r);
  }
  return r;
}

function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "list";
  return typeof v === "object" ? (v as object).constructor?.name ?? "object" : typeof v;
}

function badArgs(got: string): TypeError {
  return new TypeError(`Device() received an invalid combination of arguments - got (${got}), but expected one of:\n` +
    ` * (torch.device device)\n      didn't match because some of the arguments have invalid types: (!${got}!)\n * (str type, int index)\n`);
}

export class device {
  /** "cpu", "cuda", "meta", ... */
  readonly type: string;
  /** The device index, or null for "the current device of this type". */
  readonly index: number | null;
  /**
   * device("cuda:1"), device("cuda", 1), device(1) (a CUDA index), device(otherDevice),
   * device({ type: "cuda", index: 1 }).
   */
  constructor(type: string | device | number | { type: string; index?: number | null }, index?: number | null) {
    if (type !== null && typeof type === "object" && !(type instanceof device) && index === undefined) {
      ({ type, index } = type as { type: string; index?: number | null });
    }
    if (type instanceof device) {
      if (index !== undefined) throw new TypeError(`Device(): argument 'type' (position 1) must be str, not torch.device`);
      this.type = type.type;
      this.index = type.index;
      return;
    }
    if (typeof type === "number" && Number.isInteger(type) && index === undefined) {
      // An index of the current accelerator (1.13: always CUDA); the only accelerator this
      // addon knows is CUDA, so a libtorch without it has none.
      if (V.device_int_accelerator && !N.cudaIsCompiled()) throw new Error("Cannot access accelerator device when none is available.");
      if (type < 0) throw new Error("Device index must not be negative");
      this.type = "cuda";
      this.index = type;
      return;
    }
    if (typeof type !== "string") throw badArgs(pyTypeName(type));
    const [t, i] = parse(type);
    if (index === undefined || index === null) {
      this.type = t;
      this.index = i;
      return;
    }
    if (i !== null) throw new Error(`type (string) must not include an index because index was passed explicitly: ${type}`);
    if (typeof index !== "number" || !Number.isInteger(index))
      throw new TypeError(`Device(): argument 'index' (position 2) must be int, not ${pyTypeName(index)}`);
    // -1 means "the current device" in C++, but not in Python.
    if (index < 0) throw new Error("Device index must not be negative");
    this.type = t;
    this.index = index;
  }
  toString(): string { return this.index === null ? this.type : `${this.type}:${this.index}`; }
  /** Python's repr: device(type='cuda', index=0). */
  __repr__(): string {
    return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`;
  }
  // console.log is print: str() at the top level, repr() inside a container (as print([d]) does).
  [inspect.custom](depth: number, options: { depth?: number | null }): string {
    return depth === options?.depth ? this.toString() : this.__repr__();
  }
  /** Python's `==`: same type and same index (`device("cuda")` is not `device("cuda", 0)`). */
  equals(other: unknown): boolean {
    return other instanceof device && other.type === this.type && other.index === this.index;
  }
}

export type DeviceLike = device | string;

/** A device from a device, a string, or an int (a CUDA index, as in Python 1.13). */
export function toDevice(d: DeviceLike | number): device {
  return d instanceof device ? d : new device(d);
}

let cudaReady = false;
/**
 * Python's torch.cuda._lazy_init, which runs before anything is made on a CUDA
 * device: on a libtorch without CUDA it raises PyTorch's AssertionError.
 */
export function _cuda_lazy_init(): void {
  if (cudaReady) return;
  if (!N.cudaIsCompiled()) {
    const e = new Error("Torch not compiled with CUDA enabled");
    e.name = "AssertionError";
    throw e;
  }
  // Python sets this before CUDA starts: kernels load on first use.
  if (process.env.CUDA_MODULE_LOADING === undefined) process.env.CUDA_MODULE_LOADING = "LAZY";
  N.cudaInit();
  cudaReady = true;
}

/** A device argument of an ATen op, as the string the addon parses; CUDA starts lazily. */
export function _device_arg(d: DeviceLike | number): string {
  const dev = toDevice(d);
  if (dev.type === "cuda") _cuda_lazy_init();
  return String(dev);
}
