// Python's argument parser (torch/csrc/utils/python_arg_parser.cpp) for the
// generated op table: positional arguments, a trailing options object for
// keywords, int lists as varargs, and overload resolution by type.
import { inspect } from "node:util";
import fs from "node:fs";
import path from "node:path";
import { N } from "./native";
import { dtype, device, memory_format } from "./dtype";
import { _device_arg } from "./device";
import type { Tensor } from "./tensor";
import { V } from "./version";

/** [name, type code, default (native form)?, keyword-only?] */
export type ArgSpec = [string, string, unknown?, 1?];
export interface Overload {
  fn: string;
  args: ArgSpec[];
  ret: "T" | "self" | "TL" | "TT" | "S" | "b" | "i" | "f" | "none";
  names?: string[];
  /** Python also binds numbers to its Tensor parameters (scripts/gen-ops.mjs NUMBERS_AS_TENSORS). */
  nat?: 1;
  method: 0 | 1;
  func: 0 | 1;
  v?: number[];
}
export type OpTable = Record<string, Overload[]>;

// The generated table lists every release's overloads; keep those the linked libtorch has.
export function forRelease(table: OpTable): OpTable {
  const tag: number = N.opsTag;
  for (const name of Object.keys(table)) {
    const kept = table[name].filter((o) => !o.v || o.v.includes(tag));
    if (kept.length) table[name] = kept; else delete table[name];
  }
  return table;
}

const inspectCustom = inspect.custom;

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

// Type codes, compiled once per op from the table's strings.
const enum K { T, TL, TOL, S, I, IL, F, FL, B, BL, STR, DT, L, D, MF, G }
const KIND_CODES: Record<string, K> = {
  T: K.T, TL: K.TL, TOL: K.TOL, S: K.S, i: K.I, il: K.IL, f: K.F, fl: K.FL, b: K.B, bl: K.BL, s: K.STR,
  dt: K.DT, L: K.L, D: K.D, MF: K.MF, G: K.G,
};
interface CArg { name: string; k: K; nullable: boolean; fixed: number; hasDef: boolean; def: unknown; kw: boolean }
interface COverload { ov: Overload; fn: (...a: unknown[]) => any; args: CArg[]; varargsAt: number; varargsFunc: number; selfOk: boolean }
// Per op name: its compiled overloads and what callOp must check, kept on the
// table's overload array itself (one property load instead of a Map lookup).
interface OpEntry {
  cs: COverload[]; nat: boolean; factory: boolean; fastMethod: Fast | null; fastFunc: Fast | null;
  scalarMethod: ScalarFast | null; scalarFunc: ScalarFast | null;
}
// The first overload's calls with tensors only: `min`..`max` leading tensor parameters
// given (self included; null for an optional one), the rest taking their defaults. `b` is
// the native call's argument list, reused: each call writes the given handles and puts the
// defaults back after them.
interface Fast { c: COverload; min: number; max: number; nullable: boolean[]; defaults: unknown[]; b: unknown[] }
function fastOf(c: COverload | undefined): Fast | null {
  if (c === undefined) return null;
  const a = c.args;
  let max = 0;
  while (max < a.length && a[max].k === K.T && !a[max].kw && (a[max].nullable || !a[max].hasDef)) max++;
  let min = a.length;
  while (min > 0 && a[min - 1].hasDef) min--;
  if (min > max) return null;
  const defaults = a.map((x) => (x.hasDef ? x.def : null));
  return { c, min, max, nullable: a.map((x) => x.nullable), defaults, b: defaults.slice() };
}
// A number op's Scalar overload called with (tensor, number): `x.mul(2)`, `torch.add(x, 1)`.
interface ScalarFast { c: COverload; b: unknown[] }
function scalarFastOf(c: COverload | undefined): ScalarFast | null {
  if (c === undefined || c.args.length < 2 || c.args[1].k !== K.S || c.args[1].kw || c.args.slice(2).some((a) => !a.hasDef)) return null;
  return { c, b: c.args.map((x) => (x.hasDef ? x.def : null)) };
}
const ENTRY = Symbol("compiled");
function entryOf(table: OpTable, name: string): OpEntry {
  const overloads = table[name] as Overload[] & { [ENTRY]?: OpEntry };
  let e = overloads[ENTRY];
  if (e === undefined) {
    const cs = compile(overloads);
    e = {
      cs, nat: overloads.some((o) => o.nat === 1), factory: overloads.some((o) => o.args.some((a) => a[0] === "layout")),
      fastMethod: fastOf(cs.find((c) => c.ov.method && c.selfOk)), fastFunc: fastOf(cs.find((c) => c.ov.func)),
      scalarMethod: null, scalarFunc: null,
    };
    if (e.nat) {
      const scalar = (c: COverload) => /_Scalar$/.test(c.ov.fn) && c.selfOk;
      e.scalarMethod = scalarFastOf(cs.find((c) => c.ov.method && scalar(c)));
      e.scalarFunc = scalarFastOf(cs.find((c) => c.ov.func && scalar(c)));
    }
    Object.defineProperty(overloads, ENTRY, { value: e });
  }
  return e;
}

// Direct calls for the common arities: cheaper than Function.prototype.apply.
function callNative(fn: (...a: unknown[]) => any, b: unknown[]): any {
  switch (b.length) {
    case 1: return fn(b[0]);
    case 2: return fn(b[0], b[1]);
    case 3: return fn(b[0], b[1], b[2]);
    case 4: return fn(b[0], b[1], b[2], b[3]);
    default: return fn.apply(null, b);
  }
}

function compile(overloads: Overload[]): COverload[] {
  return overloads.map((ov) => {
    const args = ov.args.map(([name, kind, def, kw]) => {
      const m = kind.match(/^([A-Za-z]+)(\?)?(\d*)$/)!;
      return { name, k: KIND_CODES[m[1]], nullable: m[2] === "?", fixed: Number(m[3] || 0), hasDef: def !== undefined, def, kw: kw === 1 };
    });
    const varargs = (start: number) => {
      let npos = 0, first = -1;
      for (let i = start; i < args.length; i++) if (!args[i].kw) { npos++; if (first < 0) first = i; }
      return npos === 1 && args[first].k === K.IL && args[first].fixed === 0 && !args[first].nullable ? first : -1;
    };
    const selfOk = args.length > 0 && args[0].k === K.T && !args[0].nullable;
    return { ov, fn: N[ov.fn], args, varargsAt: selfOk ? varargs(1) : -1, selfOk, varargsFunc: varargs(0) } as COverload;
  });
}

function accepts(a: CArg, v: unknown): boolean {
  if (v === null || v === undefined) return a.nullable;
  switch (a.k) {
    case K.T: return v instanceof TensorClass;
    case K.S: return typeof v === "number" || typeof v === "boolean" || typeof v === "bigint";
    case K.I: return isInt(v);
    case K.IL: return isInt(v) || (Array.isArray(v) && v.every(isInt));
    case K.F: return typeof v === "number";
    case K.B: return typeof v === "boolean";
    case K.TL: return Array.isArray(v) && v.every((x) => x instanceof TensorClass);
    case K.TOL: return Array.isArray(v) && v.every((x) => x === null || x instanceof TensorClass);
    case K.FL: return typeof v === "number" || (Array.isArray(v) && v.every((x) => typeof x === "number"));
    case K.BL: return Array.isArray(v) && v.every((x) => typeof x === "boolean");
    case K.STR: return typeof v === "string";
    case K.DT: return v instanceof dtype;
    case K.L: return false;
    case K.D: return v instanceof device || typeof v === "string" || isInt(v);
    case K.MF: return v instanceof memory_format;
    case K.G: return v instanceof GeneratorClass;
  }
  return false;
}

// A list of tensors goes to native code as an Int32Array of handles, read there in place.
export function handles(ts: Tensor[]): Int32Array {
  const n = ts.length, out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = ts[i]._h;
  return out;
}

function convert(a: CArg, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (a.k) {
    case K.T: return (v as Tensor)._h;
    case K.TL: return handles(v as Tensor[]);
    case K.TOL: return (v as (Tensor | null)[]).map((t) => (t ? t._h : null));
    case K.IL: return Array.isArray(v) ? v : a.fixed ? Array(a.fixed).fill(v) : [v];
    case K.DT: return (v as dtype).code;
    case K.D: return _device_arg(v as device | string | number);
    case K.MF: return (v as memory_format).code;
    case K.G: return (v as { _g: number })._g;
  }
  return v;
}

const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n, UINT64_MAX = 2n ** 64n - 1n;
function pyError(type: string, msg: string): Error {
  const e = type === "TypeError" ? new TypeError(msg) : new Error(msg);
  e.name = type;
  return e;
}
/** Python's errors for an int beyond int64 (a BigInt here), which native code would otherwise wrap. */
function checkBigInts(name: string, a: CArg, v: unknown): void {
  if (a.k === K.S && typeof v === "bigint") {
    if (v >= INT64_MIN && v <= (V.dtype_uint16_32_64 ? UINT64_MAX : INT64_MAX)) return;
    if (!V.unpack_long_long) throw pyError("RuntimeError", "Overflow when unpacking long");
    throw pyError("OverflowError", v < 0n ? "can't convert negative int to unsigned" : "int too big to convert");
  }
  if (a.k !== K.I && a.k !== K.IL) return;
  const items = Array.isArray(v) ? v : [v];
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (typeof x !== "bigint" || (x >= INT64_MIN && x <= INT64_MAX)) continue;
    if (!V.unpack_long_long) throw pyError("TypeError", `${name}(): argument '${a.name}' must be tuple of SymInts, but found element of type int at pos ${i + 1}`);
    throw pyError("TypeError", `${name}(): argument '${a.name}' failed to unpack the object at pos ${i + 1} with error "Overflow when unpacking long long"`);
  }
}

function bind(c: COverload, self: Tensor | undefined, pos: unknown[], kw: Record<string, unknown> | null, nkw: number, name: string): unknown[] | null {
  const specs = c.args;
  const out = new Array(specs.length);
  let start = 0;
  if (self !== undefined) {
    if (!c.selfOk) return null;
    out[0] = self._h;
    start = 1;
  }
  // int[] as varargs: `x.view(2, 3)`, `torch.zeros(2, 3)` (only positional parameter)
  const va = self !== undefined ? c.varargsAt : c.varargsFunc;
  if (va >= 0 && pos.length > 1 && pos.every(isInt)) pos = [pos];
  let p = 0, usedKw = 0;
  for (let i = start; i < specs.length; i++) {
    const a = specs[i];
    let v: unknown;
    if (!a.kw && p < pos.length) v = pos[p++];
    else if (kw !== null && a.name in kw) { v = kw[a.name]; usedKw++; }
    else if (kw !== null && a.name === "self" && "input" in kw) { v = kw.input; usedKw++; }
    else if (a.hasDef) { out[i] = a.def; continue; }
    else return null;
    if (!accepts(a, v)) return null;
    if (typeof v === "bigint" || (a.k === K.IL && Array.isArray(v))) checkBigInts(name, a, v);
    out[i] = convert(a, v);
  }
  if (p < pos.length || usedKw !== nkw) return null;
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
// PyTorch's schemas of the linked release (scripts/schemas/<tag>.txt, the generator's input), read on
// the first argument error: Python's signatures show an overload's out= form ("Tensor out") and print
// defaults as the schema writes them ("float base = 10.0"), which the op table does not keep.
interface SchemaArg { type: string; name: string; def?: string; kw: boolean }
let SCHEMAS: Map<string, { overload: string; args: SchemaArg[] }[]> | null | undefined;
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = "", quote = "";
  for (const c of s) {
    if (quote) { if (c === quote) quote = ""; }
    else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth--;
    else if (c === "," && depth === 0) { out.push(cur.trim()); cur = ""; continue; }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
function schemas(): typeof SCHEMAS {
  if (SCHEMAS !== undefined) return SCHEMAS;
  SCHEMAS = null;
  const rel = path.join("scripts", "schemas", `${N.opsTag}.txt`);
  for (const up of ["..", "../..", "../../.."]) {
    let text: string;
    try { text = fs.readFileSync(path.resolve(__dirname, up, rel), "utf8"); } catch { continue; }
    const map = new Map<string, { overload: string; args: SchemaArg[] }[]>();
    for (const line of text.split("\n")) {
      const m = /^(\w+)(?:\.(\w+))?\((.*)\) -> /.exec(line);
      if (!m) continue;
      let kw = false;
      const args: SchemaArg[] = [];
      for (const a of splitTop(m[3])) {
        if (a === "*") { kw = true; continue; }
        const am = /^(\S+) (\w+)(?:=(.*))?$/.exec(a);
        if (am) args.push({ type: am[1], name: am[2], def: am[3], kw });
      }
      if (!map.has(m[1])) map.set(m[1], []);
      map.get(m[1])!.push({ overload: m[2] ?? "", args });
    }
    SCHEMAS = map;
    break;
  }
  return SCHEMAS;
}
/** Python calls a tensor `self` parameter `input` (a number one stays `self`). */
const pname = (n: string, k: string) => (n === "self" && k === "T" ? "input" : n);
const TENSOR_OPTIONS = ["dtype", "layout", "device", "pin_memory"];
const isOutArg = (a: SchemaArg) => /^Tensor\(\w!\)(\[\])?$/.test(a.type);
const bareType = (t: string) => t.replace(/\([^)]*\)/g, "");
interface Schema { args: SchemaArg[]; out: SchemaArg[]; factory: boolean }
/**
 * The schema of a table overload: its arguments, its out= form's outputs (none for a method call or
 * an op without one) and whether Python gives it tensor options (a factory: tensors out, none in;
 * or a new_* / *_like function).
 */
function schemaOf(name: string, ov: Overload, method = false): Schema | null {
  const all = schemas()?.get(name);
  if (!all) return null;
  const overload = ov.fn === name ? "" : ov.fn.startsWith(name + "_") ? ov.fn.slice(name.length + 1) : null;
  const s = all.find((x) => x.overload === overload);
  if (!s) return null;
  // An out= form has the functional form's arguments less a factory's tensor options.
  const key = (args: SchemaArg[]) => args.filter((a) => !TENSOR_OPTIONS.includes(a.name)).map((a) => `${a.type.replace(/SymInt/g, "int")} ${a.name}=${a.def ?? ""}`).join(", ");
  const want = key(s.args);
  let out: SchemaArg[] = [];
  if (ov.func && !method) {
    for (const o of all) {
      const outs = o.args.filter(isOutArg);
      if (o === s || outs.length === 0 || o.args.some((a) => !isOutArg(a) && /!/.test(a.type))) continue;
      if (key(o.args.filter((a) => !isOutArg(a))) === want) { out = outs; break; }
    }
  }
  const tensorIn = s.args.some((a) => /^Tensor/.test(a.type));
  // (The tensor options of an overload with tensors in mark one whose yaml says category_override: factory.)
  const factory = (!["S", "b", "i", "f", "none"].includes(ov.ret) && !tensorIn) || name.startsWith("new_") || name.endsWith("_like") ||
    ov.args.some((a) => a[0] === "layout" && a[3] === 1);
  return { args: s.args, out, factory };
}
/** A default as Python's signature writes it: the schema's, through torchgen's C++ spelling. */
function pyDefault(d: string, type: string): string {
  const t = bareType(type);
  if (d === "None") return "None";
  const base = t.replace(/\?$/, "");
  const q = /^'(.*)'$/.exec(d);
  if (base === "str" && q) return `"${q[1].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`;
  if (/\]$/.test(base) && d.startsWith("[") && d.endsWith("]")) return d === "[]" ? "None" : `{${d.slice(1, -1)}}`;
  const cpp: Record<string, string> = { False: "False", True: "True", Mean: "at::Reduction::Mean", contiguous_format: "c10::MemoryFormat::Contiguous", long: "at::kLong" };
  return cpp[d] ?? d;
}
/** A default from the op table, where no schema is at hand. */
function tableDefault(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return `"${v}"`;
  return String(v);
}
/** torchgen's argument_type_str (the C++-ish type of a Python signature string). */
function cppType(t: string): string {
  if (t.endsWith("?")) return cppType(t.slice(0, -1)) + "?";
  const lm = /^(.+)\[(\d*)\]$/.exec(t);
  if (lm) {
    const [, e, n] = lm;
    const sz = n ? `[${n}]` : "";
    const lists: Record<string, string> = { int: "IntArrayRef", SymInt: "SymIntArrayRef", Tensor: "TensorList", Scalar: "ScalarList" };
    if (e === "bool") return `::std::array<bool,${n}>`;
    if (e === "Tensor?") return "c10::List<::std::optional<Tensor>>";
    return lists[e] !== undefined ? lists[e] + sz : `ArrayRef<${cppType(e)}>`;
  }
  return ({ int: "int64_t", float: "double", str: "c10::string_view" } as Record<string, string>)[t] ?? t;
}
const PY_OPTIONS: [string, string, string][] = [["ScalarType?", "dtype", "None"], ["Layout?", "layout", "None"], ["Device?", "device", "None"], ["bool?", "pin_memory", "False"], ["bool?", "requires_grad", "False"]];
/**
 * Python's signature of an overload as its argument parser orders them: the string torchgen sorts
 * by, and the argument types its partial order compares (outputs left out).
 */
function sortKey(name: string, ov: Overload, method: boolean): { str: string; types: string[] } | null {
  const s = schemaOf(name, ov, method);
  if (s === null) return null;
  const pos: string[] = [], kws: string[] = [], types: string[] = [];
  for (const a of s.args) {
    if (method && a.name === "self") continue;
    if (s.factory && a.kw && TENSOR_OPTIONS.includes(a.name)) continue;
    const t = bareType(a.type);
    const n = a.name === "self" && t === "Tensor" && !method ? "input" : a.name;
    (a.kw ? kws : pos).push(`${cppType(t)} ${n}${a.def !== undefined ? `=${pyDefault(a.def, t)}` : ""}`);
    types.push(t);
  }
  if (s.out.length === 1) kws.push(`${cppType(bareType(s.out[0].type))} ${s.out[0].name}=None`);
  else if (s.out.length > 1) kws.push(`TensorList[${s.out.length}] out=None`);
  if (s.factory) for (const [t, n, d] of PY_OPTIONS) { kws.push(`${t} ${n}=${d}`); types.push(t); }
  return { str: `${name}(${[...pos, ...(kws.length ? ["*", ...kws] : [])].join(", ")})`, types };
}
/** gen_python_functions.sort_overloads: by signature string, then a Tensor before a Scalar, etc. */
function pyOrder(name: string, overloads: Overload[], method: boolean): Overload[] {
  const keyed = overloads.map((ov) => ({ ov, k: sortKey(name, ov, method) }));
  if (keyed.some((x) => x.k === null)) return overloads;
  keyed.sort((a, b) => (a.k!.str < b.k!.str ? -1 : a.k!.str > b.k!.str ? 1 : 0));
  const argSmaller = (t1: string, t2: string) =>
    (t1 === "Scalar" && t2 === "Tensor") || (t1 === "Scalar?" && t2 === "Tensor?") || (t1 === "int[]" && (t2 === "int" || t2 === "int?")) ||
    (t1 === "Tensor[]" && t2.includes("[]")) || (t1 === "SymInt[]" && t2 === "int[]") || ((t1 === "SymInt" || t1 === "int") && t2 === "Tensor");
  const smaller = (a: string[], b: string[]) =>
    a.length === b.length && a.every((t, i) => t === b[i] || argSmaller(t, b[i])) && !a.every((t, i) => t === b[i]);
  const n = keyed.length;
  const larger = new Map<number, Set<number>>();
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    if (smaller(keyed[i].k!.types, keyed[j].k!.types)) { if (!larger.has(i)) larger.set(i, new Set()); larger.get(i)!.add(j); }
  }
  if (larger.size === 0) return keyed.map((x) => x.ov);
  const ids = [...Array(n).keys()].filter((i) => !larger.has(i));
  for (let idx = 0; idx < n && idx < ids.length; idx++) {
    const i = ids[idx];
    for (const j of [...larger.keys()].sort((x, y) => x - y)) {
      const l = larger.get(j)!;
      l.delete(i);
      if (l.size === 0) { larger.delete(j); ids.push(j); }
    }
  }
  return ids.map((i) => keyed[i].ov);
}
/** A parameter's type as Python's messages name it (1.13 calls a SymInt[] "tuple of SymInts"). */
function paramType(kind: string, sa: SchemaArg | undefined): string {
  if (sa !== undefined && !V.arg_parser2 && /^SymInt\[\d*\]/.test(sa.type)) return "tuple of SymInts";
  return KIND_NAMES[kind.match(/^[A-Za-z]+/)![0]];
}
// FunctionSignature::toString: each parameter's type and name; "*" before the keyword-only ones;
// a function's out= form as a keyword `out` (before the tensor options of a factory, which also
// takes requires_grad); 2.x adds " = default" to the optional ones.
function describe(ov: Overload, method: boolean, name: string): string {
  const s = schemaOf(name, ov, method);
  const factory = s !== null ? s.factory : ov.args.some((a) => a[0] === "layout");
  interface P { text: string; kw: boolean; def?: string }
  const ps: P[] = [];
  ov.args.forEach(([n, k, def, kw], i) => {
    if (method && i === 0) return;
    if (factory && TENSOR_OPTIONS.includes(n) && kw) return;
    const sa = s?.args.find((a) => a.name === n);
    const p: P = { text: `${paramType(k, sa)} ${pname(n, k)}`, kw: kw === 1 };
    if (def !== undefined) p.def = sa?.def !== undefined ? pyDefault(sa.def, sa.type) : tableDefault(def);
    ps.push(p);
  });
  if (s && s.out.length > 0) ps.push({ text: s.out.length > 1 ? "tuple of Tensors out" : `Tensor ${s.out[0].name}`, kw: true, def: "None" });
  if (factory) for (const [t, n, d] of PY_OPTIONS) ps.push({ text: `${KIND_NAMES[{ "ScalarType?": "dt", "Layout?": "L", "Device?": "D", "bool?": "b" }[t]!]} ${n}`, kw: true, def: d });
  const parts: string[] = [];
  let kwDone = false;
  for (const p of ps) {
    if (p.kw && !kwDone) { parts.push("*"); kwDone = true; }
    parts.push(V.arg_parser2 && p.def !== undefined ? `${p.text} = ${p.def}` : p.text);
  }
  return `(${parts.join(", ")})`;
}

/** Field names on a tuple of tensors, printed as Python prints a torch.return_types structseq. */
function nameFields(arr: any, names: string[], typeName: string): void {
  names.forEach((n, i) => Object.defineProperty(arr, n, { value: arr[i], enumerable: false }));
  const repr = () => `torch.return_types.${typeName}(\n${names.map((n, i) => `${n}=${String(arr[i])}`).join(",\n")})`;
  Object.defineProperty(arr, "toString", { value: repr, enumerable: false });
  Object.defineProperty(arr, inspectCustom, { value: repr, enumerable: false });
}
function wrapResult(ov: Overload, r: any, self: Tensor | undefined, pos: unknown[], name: string): unknown {
  switch (ov.ret) {
    case "T": return r === null ? null : wrapHandle(r);
    case "self": return self !== undefined ? self : pos[0];
    case "TL": return (r as number[]).map(wrapHandle);
    case "TT": {
      const arr: any = (r as number[]).map((h) => (h === null ? null : wrapHandle(h)));
      if (ov.names) nameFields(arr, ov.names, name);
      return arr;
    }
    default: return r;
  }
}

// Python binds a number given for a Tensor parameter of the `nat` ops as a wrapped-number
// tensor and has no binding for their Scalar overloads. Those compute the same values and take
// the Tensor overload natively where autograd records the op (its node: MulBackward0, not
// MulBackward1), so only a number for `self`, which no Scalar overload takes, is wrapped here.
const isNumber = (v: unknown) => typeof v === "number" || typeof v === "boolean" || typeof v === "bigint";
function numbersAsTensors(pos: unknown[], kw: Record<string, unknown> | null, out: boolean): [unknown[], Record<string, unknown> | null] {
  // With out=, `other` too: the Scalar overloads have no out= form.
  const n = out ? 2 : 1, keys = out ? ["input", "self", "other"] : ["input", "self"];
  let p = pos;
  for (let i = 0; i < n && i < pos.length; i++) if (isNumber(pos[i])) { if (p === pos) p = pos.slice(); p[i] = wrapHandle(N.wrappedScalar(pos[i])); }
  if (kw !== null && keys.some((k) => isNumber(kw![k]))) {
    kw = { ...kw };
    for (const k of keys) if (isNumber(kw[k])) kw[k] = wrapHandle(N.wrappedScalar(kw[k]));
  }
  return [p, kw];
}

/**
 * Calls op `name` as Python would: `self` is the tensor for a method call
 * (undefined for torch.name(...)), `args` the JavaScript arguments.
 */
export function callOp(table: OpTable, name: string, self: Tensor | undefined, args: unknown[]): any {
  return callEntry(entryOf(table, name), name, self, args);
}
/** An op's call for repeated use: its overloads are looked up once, not per call. */
export function opCaller(table: OpTable, name: string): (self: Tensor | undefined, args: unknown[]) => any {
  let e: OpEntry | undefined;
  return (self, args) => callEntry(e ??= entryOf(table, name), name, self, args);
}
function callEntry(e: OpEntry, name: string, self: Tensor | undefined, args: unknown[]): any {
  // Tensors only, positionally, into the first overload: the general loop below would
  // bind exactly these (`x.add(y)`, `x.relu()`, `torch.matmul(a, b)`), at more cost.
  const f = self !== undefined ? e.fastMethod : e.fastFunc;
  if (f !== null) {
    const given = (self !== undefined ? 1 : 0) + args.length;
    if (given >= f.min && given <= f.max) {
      const b = f.b;
      let k = 0;
      if (self !== undefined) b[k++] = self._h;
      let ok = true;
      for (let i = 0; i < args.length; i++, k++) {
        const t = args[i];
        if (t instanceof TensorClass) b[k] = (t as Tensor)._h;
        else if ((t === null || t === undefined) && f.nullable[k]) b[k] = null;
        else { ok = false; break; }
      }
      if (ok) {
        for (let j = given; j < f.max; j++) b[j] = f.defaults[j];
        const r = callNative(f.c.fn, b);
        return f.c.ov.ret === "T" ? (r === null ? null : wrapHandle(r)) : wrapResult(f.c.ov, r, self, args, name);
      }
    }
  }
  if (e.nat) {
    const sf = self !== undefined ? e.scalarMethod : e.scalarFunc;
    if (sf !== null) {
      const t = self !== undefined ? self : args[0];
      const v = self !== undefined ? args[0] : args[1];
      if (args.length === (self !== undefined ? 1 : 2) && typeof v === "number" && t instanceof TensorClass) {
        const b = sf.b;
        b[0] = (t as Tensor)._h;
        b[1] = v;
        const r = callNative(sf.c.fn, b);
        return sf.c.ov.ret === "T" ? wrapHandle(r) : wrapResult(sf.c.ov, r, self, args, name);
      }
    }
  }
  let kw: Record<string, unknown> | null = null;
  let pos = args;
  let nkw = 0;
  const nargs = args.length;
  if (nargs > 0) {
    const last = args[nargs - 1];
    if (typeof last === "object" && last !== null && !(last instanceof TensorClass) && isOptions(last)) {
      kw = last;
      pos = args.slice(0, -1);
      nkw = Object.keys(kw).length;
    }
  }
  // Factory functions take Python's extra `requires_grad` keyword.
  let requiresGrad = false;
  if (kw !== null && e.factory && "requires_grad" in kw) {
    requiresGrad = Boolean(kw.requires_grad);
    kw = { ...kw };
    delete kw.requires_grad;
    nkw--;
  }
  // A function's out=: bound without it to an overload whose schema has an out= form.
  let outArg: unknown, kwWithOut = kw;
  if (kw !== null && self === undefined && "out" in kw) {
    outArg = kw.out;
    kw = { ...kw };
    delete kw.out;
    nkw--;
  }
  if (e.nat && self === undefined) [pos, kw] = numbersAsTensors(pos, kw, outArg !== undefined);
  const cs = e.cs;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (self !== undefined ? !c.ov.method : !c.ov.func) continue;
    if (outArg !== undefined && !(schemaOf(name, c.ov)?.out.length)) continue;
    const bound = bind(c, self, pos, kw, nkw, name);
    if (bound === null) continue;
    if (outArg !== undefined && outArg !== null) checkOutGrad(name, pos, kw);
    const r = callNative(c.fn, bound);
    const res = c.ov.ret === "T" ? (r === null ? null : wrapHandle(r)) : wrapResult(c.ov, r, self, pos, name);
    if (requiresGrad) N.set_requires_grad((res as Tensor)._h, true);
    if (outArg !== undefined && outArg !== null) return writeOut(name, c.ov, res, outArg);
    return res;
  }
  throw argumentError(name, e.cs.map((c) => c.ov), self !== undefined, pos, outArg !== undefined ? kwWithOut : kw);
}
// ---- out= (ATen's out= overloads: compute, resize `out` as at::native::resize_output does, copy) ----
/** c10's ScalarType names ("result type Float can't be cast ...") and TypeMeta's C++ names. */
const SCALAR_NAMES: Record<string, [string, string]> = {
  float32: ["Float", "float"], float64: ["Double", "double"], float16: ["Half", "c10::Half"], bfloat16: ["BFloat16", "c10::BFloat16"],
  int64: ["Long", "long int"], int32: ["Int", "int"], int16: ["Short", "short int"], int8: ["Char", "signed char"],
  uint8: ["Byte", "unsigned char"], bool: ["Bool", "bool"], complex64: ["ComplexFloat", "c10::complex<float>"],
  complex128: ["ComplexDouble", "c10::complex<double>"],
};
// Ops whose out= kernels check the exact dtype (not TensorIterator's canCast): the matrix
// products, and the (values, indices) reductions.
const EXACT_OUT_DTYPE = new Set(["matmul", "mm", "bmm", "mv", "max", "min", "sort", "topk", "kthvalue", "mode", "median", "nanmedian", "cummax", "cummin", "aminmax"]);
const RESIZED = new Set<string>();
function checkOutGrad(name: string, pos: unknown[], kw: Record<string, unknown> | null): void {
  if (!N.is_grad_enabled()) return;
  const vals = [...pos, ...(kw !== null ? Object.values(kw) : [])].flatMap((v) => (Array.isArray(v) ? v : [v]));
  if (vals.some((v) => v instanceof TensorClass && N.requires_grad((v as Tensor)._h)))
    throw pyError("RuntimeError", `${name}(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.`);
}
function copyOut(name: string, r: Tensor, out: unknown): Tensor {
  if (!(out instanceof TensorClass)) throw pyError("TypeError", `${name}(): argument 'out' must be Tensor, not ${pyTypeName(out)}`);
  const o = out as Tensor, rd = r.dtype, od = o.dtype;
  if (rd !== od) {
    const [rn, rc] = SCALAR_NAMES[rd.name] ?? [rd.name, rd.name], [on, oc] = SCALAR_NAMES[od.name] ?? [od.name, od.name];
    if (EXACT_OUT_DTYPE.has(name)) throw pyError("RuntimeError", `Expected out tensor to have dtype ${rc}, but got ${oc} instead`);
    const rank = (d: dtype) => (d.is_complex ? 3 : d.is_floating_point ? 2 : d.name === "bool" ? 0 : 1);
    if (rank(rd) > rank(od)) throw pyError("RuntimeError", `result type ${rn} can't be cast to the desired output type ${on}`);
  }
  const want = N.shape(r._h), have = N.shape(o._h);
  if (want.length !== have.length || want.some((d: number, i: number) => d !== have[i])) {
    if (N.numel(o._h) !== 0) {
      const msg = `An output with one or more elements was resized since it had shape [${have.join(", ")}], which does not match the required output shape [${want.join(", ")}]. This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0).`;
      // Python's warnings filter shows a warning once per place.
      if (!RESIZED.has(msg)) { RESIZED.add(msg); process.emitWarning(msg, "UserWarning"); }
    }
    o.resize_(want);
  }
  o.copy_(r);
  return o;
}
function writeOut(name: string, ov: Overload, res: unknown, out: unknown): unknown {
  if (res instanceof TensorClass) return copyOut(name, res as Tensor, out);
  const rs = res as Tensor[];
  if (!Array.isArray(out) || out.length !== rs.length)
    throw pyError("TypeError", `${name}(): argument 'out' must be tuple of Tensors, not ${pyTypeName(out)}`);
  const arr: any = rs.map((r, i) => copyOut(name, r, out[i]));
  // Python returns torch.return_types.<name>_out over the given tensors.
  if (ov.names) nameFields(arr, ov.names, `${name}_out`);
  return arr;
}

// PythonArgParser: a parser with one signature, or one plausible by argument count,
// complains about that signature; otherwise it lists every signature.
function argumentError(name: string, overloads: Overload[], method: boolean, pos: unknown[], kw: Record<string, unknown> | null): TypeError {
  const all = overloads.filter((o) => (method ? o.method : o.func));
  const sigs = pyOrder(name, all.filter((o) => !(o.nat && /_Scalar(_mode)?$/.test(o.fn))), method);
  const params = (o: Overload) => o.args.filter((a, i) => !(method && i === 0));
  const nargs = pos.length + (kw ? Object.keys(kw).length : 0);
  // Python's min_args/max_args: the parameters without defaults, and all of them (a function's
  // `out` and a factory's `requires_grad` included).
  const plausible = sigs.filter((o) => {
    const ps = params(o);
    const sc = schemaOf(name, o, method);
    const extra = (sc !== null && sc.out.length > 0 ? 1 : 0) + ((sc !== null ? sc.factory : o.args.some((a) => a[0] === "layout")) ? 1 : 0);
    return nargs >= ps.filter((a) => a[2] === undefined).length && nargs <= ps.length + extra;
  });
  const only = all.length === 1 ? all[0] : plausible.length === 1 ? plausible[0] : null;
  if (only !== null) {
    const msg = specificError(name, only, params(only), pos, kw);
    if (msg !== null) return new TypeError(msg);
  }
  if (sigs.length === 1) {
    const positional = params(sigs[0]).filter((a) => a[3] !== 1);
    const got = pos.map((v, j) => {
      const a = positional[j];
      const ok = a !== undefined && accepts(compileArg(a), v);
      return ok ? typeName(v) : `!${typeName(v)}!`;
    });
    if (kw) for (const [k, v] of Object.entries(kw)) got.push(`${k}=${typeName(v)}`);
    return new TypeError(`${name}() received an invalid combination of arguments - got (${got.join(", ")}), but expected ${describe(sigs[0], method, name)}`);
  }
  const got = [...pos.map(typeName), ...(kw ? Object.entries(kw).map(([k, v]) => `${k}=${typeName(v)}`) : [])];
  const expected = sigs.map((o) => ` * ${describe(o, method, name)}\n`);
  return new TypeError(`${name}() received an invalid combination of arguments - got (${got.join(", ")}), but expected one of:\n${expected.join("")}`);
}

function compileArg([n, k, def, kwOnly]: ArgSpec): CArg {
  const m = k.match(/^([A-Za-z]+)(\?)?(\d*)$/)!;
  return { name: n, k: KIND_CODES[m[1]], nullable: m[2] === "?", fixed: Number(m[3] || 0), hasDef: def !== undefined, def, kw: kwOnly === 1 };
}

/** Python's type(x).__name__ of a JavaScript value, for errors. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (v instanceof TensorClass) return "Tensor";
  if (Array.isArray(v)) return "list";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "bigint") return "int";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (v instanceof dtype) return "torch.dtype";
  if (isOptions(v)) return "dict";
  return (v as object).constructor?.name ?? typeof v;
}

function specificError(name: string, ov: Overload, ps: ArgSpec[], pos: unknown[], kw: Record<string, unknown> | null): string | null {
  const positional = ps.filter((a) => a[3] !== 1);
  if (pos.length > positional.length) {
    const min = positional.filter((a) => a[2] === undefined).length;
    const takes = min === positional.length ? `${min} positional argument${min === 1 ? "" : "s"}` : `from ${min} to ${positional.length} positional arguments`;
    return `${name}() takes ${takes} but ${pos.length} ${pos.length === 1 ? "was" : "were"} given`;
  }
  const missing: string[] = [];
  let p = 0;
  for (const a of ps) {
    const [n, k, def, kwOnly] = a;
    let v: unknown, given = true, at = -1;
    if (kwOnly !== 1 && p < pos.length) { at = p; v = pos[p++]; }
    else if (kw !== null && n in kw) v = kw[n];
    else if (kw !== null && n === "self" && "input" in kw) v = kw.input;
    else given = false;
    if (!given) {
      if (a.length <= 2 && def === undefined) missing.push(`"${pname(n, k)}"`);
      continue;
    }
    if (!accepts(compileArg(a), v)) {
      const ty = paramType(k, schemaOf(name, ov)?.args.find((x) => x.name === n));
      return at >= 0 ? `${name}(): argument '${pname(n, k)}' (position ${at + 1}) must be ${ty}, not ${pyTypeName(v)}`
        : `${name}(): argument '${pname(n, k)}' must be ${ty}, not ${pyTypeName(v)}`;
    }
  }
  // Python's own wording: "arguments" for one missing, "argument" for more.
  if (missing.length) return `${name}() missing ${missing.length} required positional argument${missing.length === 1 ? "s" : ""}: ${missing.join(", ")}`;
  if (kw !== null) {
    for (const k of Object.keys(kw)) {
      if (!ps.some((a) => a[0] === k || (a[0] === "self" && k === "input"))) return `${name}() got an unexpected keyword argument '${k}'`;
    }
  }
  return null;
}
