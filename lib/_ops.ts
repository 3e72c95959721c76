// Python's argument parser (torch/csrc/utils/python_arg_parser.cpp) for the
// generated op table: positional arguments, a trailing options object for
// keywords, int lists as varargs, and overload resolution by type.
import { N } from "./native";
import { dtype, device, memory_format } from "./dtype";
import type { Tensor } from "./tensor";

/** [name, type code, default (native form)?, keyword-only?] */
export type ArgSpec = [string, string, unknown?, 1?];
export interface Overload {
  fn: string;
  args: ArgSpec[];
  ret: "T" | "self" | "TL" | "TT" | "S" | "b" | "i" | "f" | "none";
  names?: string[];
  method: 0 | 1;
  func: 0 | 1;
}
export type OpTable = Record<string, Overload[]>;

// Set by tensor.ts (avoids an import cycle).
let TensorClass: any;
let wrapHandle: (h: number) => Tensor;
let GeneratorClass: any;
export function setTensorHooks(cls: any, wrap: (h: number) => Tensor) { TensorClass = cls; wrapHandle = wrap; }
export function setGeneratorClass(cls: any) { GeneratorClass = cls; }

/** A plain object used as the keyword-arguments bag. */
export function isOptions(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

const isInt = (v: unknown) => (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint";

function accepts(kind: string, v: unknown): boolean {
  const nullable = kind.includes("?");
  if (v === null || v === undefined) return nullable;
  switch (kind.replace(/\d+$/, "").replace("?", "")) {
    case "T": return v instanceof TensorClass;
    case "TL": return Array.isArray(v) && v.every((x) => x instanceof TensorClass);
    case "TOL": return Array.isArray(v) && v.every((x) => x === null || x instanceof TensorClass);
    case "S": return typeof v === "number" || typeof v === "boolean" || typeof v === "bigint";
    case "i": return isInt(v);
    case "il": return isInt(v) || (Array.isArray(v) && v.every(isInt));
    case "f": return typeof v === "number";
    case "fl": return typeof v === "number" || (Array.isArray(v) && v.every((x) => typeof x === "number"));
    case "b": return typeof v === "boolean";
    case "bl": return Array.isArray(v) && v.every((x) => typeof x === "boolean");
    case "s": return typeof v === "string";
    case "dt": return v instanceof dtype;
    case "L": return false;
    case "D": return v instanceof device || typeof v === "string" || isInt(v);
    case "MF": return v instanceof memory_format;
    case "G": return v instanceof GeneratorClass;
  }
  return false;
}

function convert(kind: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (kind.replace(/\d+$/, "").replace("?", "")) {
    case "T": return (v as Tensor)._h;
    case "TL": return (v as Tensor[]).map((t) => t._h);
    case "TOL": return (v as (Tensor | null)[]).map((t) => (t ? t._h : null));
    case "il": {
      if (Array.isArray(v)) return v;
      const n = kind.match(/(\d+)$/);
      return n ? Array(Number(n[1])).fill(v) : [v];
    }
    case "dt": return (v as dtype).code;
    case "D": return typeof v === "number" ? `cuda:${v}` : String(v);
    case "MF": return (v as memory_format).code;
    case "G": return (v as { _g: number })._g;
  }
  return v;
}

function bind(ov: Overload, self: Tensor | undefined, pos: unknown[], kw: Record<string, unknown> | null): unknown[] | null {
  const specs = ov.args;
  const out = new Array(specs.length);
  let start = 0;
  if (self !== undefined) {
    if (specs.length === 0 || specs[0][1] !== "T") return null;
    out[0] = self._h;
    start = 1;
  }
  // int[] as varargs: `x.view(2, 3)`, `torch.zeros(2, 3)` (only positional parameter)
  if (pos.length > 1 && pos.every(isInt)) {
    let npos = 0, first = -1;
    for (let i = start; i < specs.length; i++) if (specs[i][3] !== 1) { npos++; if (first < 0) first = i; }
    if (npos === 1 && specs[first][1] === "il") pos = [pos];
  }
  let p = 0, usedKw = 0;
  for (let i = start; i < specs.length; i++) {
    const spec = specs[i];
    let v: unknown;
    if (spec[3] !== 1 && p < pos.length) v = pos[p++];
    else if (kw !== null && spec[0] in kw) { v = kw[spec[0]]; usedKw++; }
    else if (spec.length > 2 && spec[2] !== undefined) { out[i] = spec[2]; continue; }
    else return null;
    if (!accepts(spec[1], v)) return null;
    out[i] = convert(spec[1], v);
  }
  if (p < pos.length) return null;
  if (kw !== null && usedKw !== Object.keys(kw).length) return null;
  return out;
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (v instanceof TensorClass) return "Tensor";
  if (Array.isArray(v)) return `list of [${v.map(typeName).join(", ")}]`;
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (v instanceof dtype) return "torch.dtype";
  if (v instanceof device) return "torch.device";
  return (v as object).constructor?.name ?? typeof v;
}
const KIND_NAMES: Record<string, string> = {
  T: "Tensor", TL: "tuple of Tensors", TOL: "tuple of Tensors", S: "Number", i: "int", il: "tuple of ints", f: "float",
  fl: "tuple of floats", b: "bool", bl: "tuple of bools", s: "str", dt: "torch.dtype", L: "torch.layout", D: "torch.device",
  MF: "torch.memory_format", G: "torch.Generator",
};
function describe(ov: Overload, method: boolean): string {
  const parts: string[] = [];
  let kwDone = false;
  ov.args.forEach(([n, k, , kw], i) => {
    if (method && i === 0) return;
    if (kw && !kwDone) { parts.push("*"); kwDone = true; }
    const base = k.replace(/\d+$/, "");
    const t = KIND_NAMES[base.replace("?", "")] + (base.includes("?") ? " (or None)" : "");
    parts.push(`${t} ${n === "self" ? "input" : n}`);
  });
  return `(${parts.join(", ")})`;
}

function wrapResult(ov: Overload, r: any, self: Tensor | undefined, pos: unknown[]): unknown {
  switch (ov.ret) {
    case "T": return r === null ? null : wrapHandle(r);
    case "self": return self !== undefined ? self : pos[0];
    case "TL": return (r as number[]).map(wrapHandle);
    case "TT": {
      const arr: any = (r as number[]).map((h) => (h === null ? null : wrapHandle(h)));
      if (ov.names) ov.names.forEach((n, i) => Object.defineProperty(arr, n, { value: arr[i], enumerable: false }));
      return arr;
    }
    default: return r;
  }
}

/**
 * Calls op `name` as Python would: `self` is the tensor for a method call
 * (undefined for torch.name(...)), `args` the JavaScript arguments.
 */
export function callOp(table: OpTable, name: string, self: Tensor | undefined, args: unknown[]): any {
  const overloads = table[name];
  let kw: Record<string, unknown> | null = null;
  let pos = args;
  if (args.length > 0 && isOptions(args[args.length - 1])) {
    kw = args[args.length - 1] as Record<string, unknown>;
    pos = args.slice(0, -1);
  }
  // Factory functions take Python's extra `requires_grad` keyword.
  let requiresGrad = false;
  if (kw !== null && "requires_grad" in kw && overloads.some((o) => o.args.some((a) => a[0] === "layout"))) {
    requiresGrad = Boolean(kw.requires_grad);
    kw = { ...kw };
    delete kw.requires_grad;
  }
  for (let i = 0; i < overloads.length; i++) {
    const ov = overloads[i];
    if (self !== undefined ? !ov.method : !ov.func) continue;
    const bound = bind(ov, self, pos, kw);
    if (bound === null) continue;
    // eslint-disable-next-line prefer-spread
    const r = N[ov.fn].apply(null, bound);
    const res = wrapResult(ov, r, self, pos);
    if (requiresGrad) (res as Tensor).requires_grad_(true);
    return res;
  }
  const method = self !== undefined;
  const got = [...pos.map(typeName), ...(kw ? Object.entries(kw).map(([k, v]) => `${k}=${typeName(v)}`) : [])];
  const expected = overloads.filter((o) => (method ? o.method : o.func)).map((o) => " * " + describe(o, method));
  const err = new TypeError(`${name}() received an invalid combination of arguments - got (${got.join(", ")}), but expected one of:\n${expected.join("\n")}`);
  throw err;
}
