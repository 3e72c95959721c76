// torch.save / torch.load, following torch/serialization.py: the same files as
// Python's, both ways (CHECKPOINT-FORMAT.md). Loading never runs code: the pickle
// reader knows the globals PyTorch's weights_only unpickler allows and nothing else.
import { fileURLToPath } from "node:url";
import { N } from "../native";
import { callOp } from "../_ops";
import { OPS } from "../_generated/ops";
import { Tensor, Size, wrap } from "../tensor";
import { dtype as DType, DTYPES, device as Device, toDevice } from "../dtype";
import * as dt from "../dtype";
import * as nnModule from "../nn";
import {
  unpickle, PickleWriter, UnpicklingError, WEIGHTS_ONLY_OPCODES, normInt, typeName,
  PyFloat, PyTuple, PyList, PySet, PyBytes, PyDict, PyGlobal, PyCall,
} from "./_pickle";
import { atomicWrite } from "../_io";
import { V, __version__ } from "../version";
import { ZipReader, ZipWriter, bufferSource, fileSource, type Source } from "./_zip";
import { byteWindows, fillBytes } from "./_windows";
import {
  NUMPY_GLOBALS, NUMPY_DTYPE_CLASSES, NumpyDtype, NdarrayNode, makeDtype, buildDtype, buildNdarray, reconstruct, frombuffer, scalar,
  isNumpyArray, writeDtype, writeNdarray, type NumpyGlobal,
} from "./_numpy";
import {
  tuple, as_tuple, is_tuple, OrderedDict, as_ordered, is_ordered, mark_float, is_float, copy_marks, defineKey,
} from "./_pytypes";

export { tuple, as_tuple, is_tuple, OrderedDict, as_ordered, is_ordered, mark_float, is_float, copy_marks };
export { NumpyDtype };

// ---- dtypes and storage classes (§7) -------------------------------------------------
const STORAGE_CLASSES: Record<string, DType> = {
  FloatStorage: dt.float32, DoubleStorage: dt.float64, HalfStorage: dt.float16, BFloat16Storage: dt.bfloat16,
  LongStorage: dt.int64, IntStorage: dt.int32, ShortStorage: dt.int16, CharStorage: dt.int8, ByteStorage: dt.uint8,
  BoolStorage: dt.bool, ComplexFloatStorage: dt.complex64, ComplexDoubleStorage: dt.complex128,
};
const STORAGE_CLASS_OF: Record<string, string> = {};
for (const [cls, d] of Object.entries(STORAGE_CLASSES)) STORAGE_CLASS_OF[d.name] = cls;
const UNSUPPORTED_STORAGES = ["QInt8Storage", "QUInt8Storage", "QInt32Storage", "QUInt4x2Storage", "QUInt2x4Storage", "ComplexHalfStorage"];
// Every dtype name Python pickles: those of the linked libtorch (DTYPES, 2.x's uint16 or
// float8_e4m3fn included where it has them), the others known but refused on load.
const DTYPE_NAMES: Record<string, DType | null> = {};
for (const d of Object.values(DTYPES)) DTYPE_NAMES[d.name] = d;
for (const n of [
  "uint16", "uint32", "uint64", "complex32", "qint8", "quint8", "qint32", "quint4x2", "quint2x4",
  "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e8m0fnu", "float4_e2m1fn_x2",
  "bits1x8", "bits2x4", "bits4x2", "bits8", "bits16",
  "int1", "int2", "int3", "int4", "int5", "int6", "int7", "uint1", "uint2", "uint3", "uint4", "uint5", "uint6", "uint7",
]) if (!(n in DTYPE_NAMES)) DTYPE_NAMES[n] = null;
/** The 2.x dtypes torch-node has where the linked libtorch has them. */
const DTYPES2_NAMES = new Set(["uint16", "uint32", "uint64", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e8m0fnu"]);
function unsupportedDtype(name: string): Error {
  if (DTYPES2_NAMES.has(name)) return loadError(`torch.load: dtype torch.${name} does not exist in libtorch ${__version__}, which torch-node is built against (it came with PyTorch 2.x)`);
  return loadError(`torch.load: dtype torch.${name} is not supported by torch-node`);
}
const TENSOR_TYPES = ["Float", "Double", "Half", "BFloat16", "Long", "Int", "Short", "Char", "Byte", "Bool", "ComplexFloat", "ComplexDouble"];

function loadError(msg: string, name = "RuntimeError"): Error {
  const e = new Error(msg);
  e.name = name;
  return e;
}

// ---- the reader's storage and tensor nodes --------------------------------------------
interface StorageRoot {
  key: string;
  location: string;
  nbytes: number;
  dtype: DType; // of the first reference (Python keeps the first typed storage)
  /** Copies the storage's bytes into `target` (exactly nbytes long); null until known. */
  /** Reads bytes [offset, offset + target.length) of the storage into target. */
  fill: ((target: Uint8Array, offset: number) => void) | null;
  /** torch.load(mmap=True): a tensor of `dtype` over the storage's bytes in the mapped file,
   *  or null where they cannot be mapped (compressed, or not aligned to the dtype). */
  map: ((dtype: DType) => Tensor | null) | null;
  flats: Map<number, Tensor>;
}
/** A persistent_load result: a typed storage, possibly a legacy view into a root. */
class StorageRef {
  readonly pyTypeName = "TypedStorage";
  constructor(readonly root: StorageRoot, readonly dtype: DType, readonly elemOffset: number, readonly numel: number) {}
}
class TensorNode {
  param = false;
  get pyTypeName() { return this.param ? "Parameter" : "Tensor"; }
  constructor(readonly storage: StorageRef, readonly dtype: DType, readonly offset: number, readonly size: number[],
    readonly stride: number[], public requires_grad: boolean) {}
}

type GlobalKind =
  | { k: "ordereddict" } | { k: "counter" } | { k: "rebuild"; fn: string } | { k: "unsupported_rebuild"; what: string }
  | { k: "parameter" } | { k: "size" } | { k: "device" } | { k: "set" } | { k: "encode" } | { k: "bytearray" }
  | { k: "storage"; dtype: DType | null; untyped?: boolean; unsupported?: string } | { k: "dtype"; name: string; dtype: DType | null }
  | { k: "type"; what: string } | { k: "user"; fn: (...args: any[]) => unknown } | { k: "numpy"; what: NumpyGlobal };

const BUILTIN_GLOBALS = new Map<string, GlobalKind>();
{
  const g = BUILTIN_GLOBALS;
  g.set("collections.OrderedDict", { k: "ordereddict" });
  g.set("collections.Counter", { k: "counter" });
  for (const fn of ["_rebuild_tensor", "_rebuild_tensor_v2", "_rebuild_tensor_v3", "_rebuild_parameter", "_rebuild_parameter_with_state"])
    g.set(`torch._utils.${fn}`, { k: "rebuild", fn });
  g.set("torch._tensor._rebuild_from_type_v2", { k: "rebuild", fn: "_rebuild_from_type_v2" });
  for (const [fn, what] of [
    ["_rebuild_qtensor", "quantized tensors"], ["_rebuild_sparse_tensor", "sparse tensors"],
    ["_rebuild_sparse_csr_tensor", "sparse tensors"], ["_rebuild_meta_tensor_no_storage", "meta tensors"],
    ["_rebuild_wrapper_subclass", "tensor subclasses"], ["_rebuild_device_tensor_from_numpy", "tensors of numpy-backed devices"],
    ["_rebuild_device_tensor_from_cpu_tensor", "tensors of numpy-backed devices"], ["_rebuild_nested_tensor", "nested tensors"],
    ["_rebuild_mkldnn_tensor", "mkldnn tensors"], ["_rebuild_xla_tensor", "XLA tensors"],
  ]) g.set(`torch._utils.${fn}`, { k: "unsupported_rebuild", what });
  g.set("torch.nn.parameter.Parameter", { k: "parameter" });
  g.set("torch.Size", { k: "size" });
  g.set("torch.device", { k: "device" });
  g.set("builtins.set", { k: "set" });
  g.set("builtins.frozenset", { k: "set" });
  g.set("_codecs.encode", { k: "encode" });
  g.set("builtins.bytearray", { k: "bytearray" });
  g.set("torch.Tensor", { k: "type", what: "torch.Tensor" });
  g.set("torch.serialization._get_layout", { k: "type", what: "torch.serialization._get_layout" });
  for (const q of ["per_tensor_affine", "per_tensor_symmetric", "per_channel_affine", "per_channel_symmetric", "per_channel_affine_float_qparams"])
    g.set(`torch.${q}`, { k: "type", what: `torch.${q}` });
  for (const t of TENSOR_TYPES) {
    g.set(`torch.${t}Tensor`, { k: "type", what: `torch.${t}Tensor` });
    g.set(`torch.cuda.${t}Tensor`, { k: "type", what: `torch.cuda.${t}Tensor` });
  }
  for (const mod of ["torch", "torch.cuda"]) {
    for (const [cls, d] of Object.entries(STORAGE_CLASSES)) g.set(`${mod}.${cls}`, { k: "storage", dtype: d });
    for (const cls of UNSUPPORTED_STORAGES) g.set(`${mod}.${cls}`, { k: "storage", dtype: null, unsupported: `${mod}.${cls}` });
  }
  for (const n of ["torch.storage.UntypedStorage", "torch.UntypedStorage", "torch.storage._UntypedStorage", "torch.storage.TypedStorage", "torch.storage._TypedStorage"])
    g.set(n, { k: "storage", dtype: dt.uint8, untyped: true });
  for (const [n, d] of Object.entries(DTYPE_NAMES)) g.set(`torch.${n}`, { k: "dtype", name: n, dtype: d });
}

// Python 2 names, as pickle's fix_imports maps them.
const PY2_MODULES: Record<string, string> = { __builtin__: "builtins", copy_reg: "copyreg", commands: "subprocess", cPickle: "pickle", exceptions: "builtins" };
const BLOCKED_MODULES = new Set(["sys", "os", "posix", "nt"]);

type GlobalFn = (...args: any[]) => unknown;
const userGlobals = new Map<string, GlobalFn>();
/** Globals torch-node builds itself that Python's weights_only refuses unless allowed: numpy's, and bytes (protocol 2's b""). */
const NAMED_GLOBALS = new Map<string, GlobalKind>([["builtins.bytes", { k: "bytearray" }]]);
for (const [n, what] of NUMPY_GLOBALS) NAMED_GLOBALS.set(n, { k: "numpy", what });
/** The NAMED_GLOBALS (and numpy.dtypes classes) add_safe_globals allowed by name for weights_only. */
const allowedNames = new Set<string>();

/**
 * torch.serialization.add_safe_globals. Python passes classes; here each entry maps a
 * global's `module.name` to a JavaScript function that builds the value from the
 * pickled arguments (REDUCE/NEWOBJ); a pickled BUILD state is then assigned onto it
 * (or passed to its `__setstate__`). A bare name allows a global torch-node builds itself:
 * numpy's, as Python's `add_safe_globals([np._core.multiarray._reconstruct, np.ndarray,
 * np.dtype, np.dtypes.Float32DType])` is `add_safe_globals(["numpy._core.multiarray._reconstruct",
 * "numpy.ndarray", "numpy.dtype", "numpy.dtypes.Float32DType"])`. Modules sys, os, posix and nt stay refused.
 */
export function add_safe_globals(globals: Record<string, GlobalFn> | (string | [string, GlobalFn])[]): void {
  const entries = Array.isArray(globals) ? globals : Object.entries(globals);
  for (const entry of entries) {
    if (typeof entry === "string") {
      if (!NAMED_GLOBALS.has(entry) && !NUMPY_DTYPE_CLASSES.has(entry))
        throw new TypeError(`add_safe_globals: torch-node cannot build ${entry} itself; give a function that builds it: { "${entry}": fn }`);
      allowedNames.add(entry);
      continue;
    }
    const [name, fn] = entry;
    if (typeof name !== "string" || !name.includes(".")) throw new TypeError(`add_safe_globals: expected 'module.name', got ${String(name)}`);
    if (typeof fn !== "function") throw new TypeError(`add_safe_globals: the entry for ${name} must be a function`);
    userGlobals.set(name, fn);
  }
}
export function get_safe_globals(): (string | [string, GlobalFn])[] { return [...allowedNames, ...userGlobals.entries()]; }
export function clear_safe_globals(): void { userGlobals.clear(); allowedNames.clear(); }
/**
 * torch.serialization.safe_globals: Python's `with safe_globals([...]):` block is a callback here;
 * the globals are allowed while `fn` runs (its value passes through), then the list is as before.
 */
export function safe_globals<T>(globals: Parameters<typeof add_safe_globals>[0], fn: () => T): T {
  const before = [...userGlobals.entries()], beforeNames = [...allowedNames];
  add_safe_globals(globals);
  try {
    return fn();
  } finally {
    clear_safe_globals();
    for (const [k, v] of before) userGlobals.set(k, v);
    for (const n of beforeNames) allowedNames.add(n);
  }
}

// Python's words where weights_only refuses a global (torch/serialization.py's _get_wo_message).
const WO_UNSAFE = "In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` from `False` to `True`. " +
  "Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it can result in arbitrary code execution. " +
  "Do it only if you got the file from a trusted source.";
const WO_DOCS = "\n\nCheck the documentation of torch.load to learn more about types accepted by default with weights_only https://pytorch.org/docs/stable/generated/torch.load.html.";
const WO_113 = "Weights only load failed. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, " +
  "but it can result in arbitrary code execution.Do it only if you get the file from a trusted source. WeightsUnpickler error: ";

function weightsOnlyGlobalError(full: string): Error {
  if (!V.load_wo_message) return loadError(`${WO_113}Unsupported class ${full}`, "UnpicklingError");
  // Python names builtins without their module
  if (full.startsWith("builtins.")) full = full.slice(9);
  return loadError("Weights only load failed. This file can still be loaded, to do so you have two options, " +
    `\x1b[1mdo those steps only if you trust the source of the checkpoint\x1b[0m. \n\t(1) ${WO_UNSAFE}\n\t(2) Alternatively, to load with ` +
    "`weights_only=True` please check the recommended steps in the following error message.\n\tWeightsUnpickler error: " +
    `Unsupported global: GLOBAL ${full} was not an allowed global by default. Please use \`torch.serialization.add_safe_globals([${full}])\` ` +
    `or the \`torch.serialization.safe_globals([${full}])\` context manager to allowlist this global if you trust this class/function.${WO_DOCS}`, "UnpicklingError");
}

/** weights_only's BUILD of an object whose class is not allowed (`cls`: Python's name of it). */
function weightsOnlyBuildError(cls: string): Error {
  if (!V.load_wo_message) return loadError(`${WO_113}Can only build Tensor, parameter or dict objects, but got <class '${cls}'>`, "UnpicklingError");
  return loadError(`Weights only load failed. ${WO_UNSAFE}\nPlease file an issue with the following so that we can make \`weights_only=True\` ` +
    "compatible with your use case: WeightsUnpickler error: \n\nCan only build Tensor, Parameter, OrderedDict or types allowlisted via " +
    `\`add_safe_globals\`, but got <class '${cls}'>${WO_DOCS}`, "UnpicklingError");
}

function resolveGlobal(module: string, name: string, weights_only = true): PyGlobal {
  const mod = PY2_MODULES[module] ?? module;
  const full = `${mod}.${name}`;
  const top = mod.split(".")[0];
  if (BLOCKED_MODULES.has(top))
    throw loadError(`Weights only load failed: Unsupported global: GLOBAL ${full}: the module ${top} is never allowed in a checkpoint`, "UnpicklingError");
  const kind: GlobalKind | undefined = BUILTIN_GLOBALS.get(full) ?? (userGlobals.has(full) ? { k: "user" as const, fn: userGlobals.get(full)! } : undefined);
  const named = kind ? undefined : NAMED_GLOBALS.get(full);
  if (named) {
    if (weights_only && !allowedNames.has(full)) throw weightsOnlyGlobalError(full);
    return new PyGlobal(mod, name, named);
  }
  if (!kind) {
    const whole = /^(torch\.nn\.modules\.|torch\.optim\.|__main__\.)/.test(full);
    // weights_only=False cannot help here: torch-node never runs a file's Python classes.
    if (!weights_only)
      throw loadError(`torch.load: GLOBAL ${full} is a Python class or function, which torch-node never runs from a file.` +
        (whole ? " The file pickles a whole Python object (torch.save(model)): save and load its state_dict() instead, or move the whole" +
          " model as TorchScript (torch.jit.script or torch.jit.trace, then torch.jit.save, in Python; torch.jit.load here)." : "") +
        ` If you trust the file, register a JavaScript constructor for it with torch.serialization.add_safe_globals({ "${full}": fn }).`, "UnpicklingError");
    const hint = whole
      ? " The file pickles a whole Python object (torch.save(model)); save and load its state_dict() instead, or move the whole model as TorchScript (torch.jit.save in Python, torch.jit.load here)." : "";
    throw loadError(`Weights only load failed: Unsupported global: GLOBAL ${full} was not an allowed global by default.${hint} ` +
      `torch.load never runs code from a file; if you trust this one, register a JavaScript constructor for it with ` +
      `torch.serialization.add_safe_globals({ "${full}": fn }).`, "UnpicklingError");
  }
  return new PyGlobal(mod, name, kind);
}

// ---- validation helpers -----------------------------------------------------------------
const isInt = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x);
function intArg(x: unknown, what: string, min = 0): number {
  if (!isInt(x) || x < min) throw loadError(`${what} must be an integer >= ${min}, got ${typeName(x)}${x instanceof PyFloat ? ` ${x.v}` : typeof x !== "object" ? ` ${String(x)}` : ""}`, "UnpicklingError");
  return x;
}
function intTuple(x: unknown, what: string): number[] {
  const items = x instanceof PyTuple || x instanceof PyList ? x.items : null;
  if (!items) throw loadError(`${what} must be a tuple of ints, got ${typeName(x)}`, "UnpicklingError");
  return items.map((v, i) => intArg(v, `${what}[${i}]`));
}
function boolArg(x: unknown, what: string): boolean {
  if (typeof x !== "boolean" && x !== 0 && x !== 1) throw loadError(`${what} must be a bool, got ${typeName(x)}`, "UnpicklingError");
  return Boolean(x);
}
function strArg(x: unknown, what: string): string {
  if (typeof x !== "string") throw loadError(`${what} must be a str, got ${typeName(x)}`, "UnpicklingError");
  return x;
}

// ---- the unpickler's hooks for torch files --------------------------------------------
interface LoadContext {
  legacy: boolean;
  zip: ZipReader | null;
  /** The file's private mapping, with torch.load(mmap=True). */
  mapping: { map: object; size: number } | null;
  roots: Map<string, StorageRoot>;
  views: Map<string, StorageRef>;
  weights_only: boolean;
}

function makeHooks(ctx: LoadContext) {
  const call = (fn: PyGlobal, args: unknown[], newobj: boolean): unknown => {
    const kind = fn.value as GlobalKind;
    const full = `${fn.module}.${fn.name}`;
    switch (kind.k) {
      case "ordereddict": case "counter": {
        const d = new PyDict(kind.k === "ordereddict");
        if (args.length > 1) throw loadError(`${full} expected at most 1 argument, got ${args.length}`, "UnpicklingError");
        if (args.length === 1 && args[0] !== null) {
          const src = args[0];
          if (src instanceof PyDict) for (const [k, v] of src.map) d.map.set(k, v);
          else if (src instanceof PyList || src instanceof PyTuple) {
            for (const p of src.items) {
              if (!(p instanceof PyTuple) || p.items.length !== 2) throw loadError(`${full}: expected (key, value) pairs`, "UnpicklingError");
              d.map.set(p.items[0] instanceof PyFloat ? p.items[0].v : p.items[0], p.items[1]);
            }
          } else throw loadError(`${full}: cannot build from ${typeName(src)}`, "UnpicklingError");
        }
        return d;
      }
      case "rebuild": return rebuild(kind.fn, args, call);
      case "unsupported_rebuild": throw loadError(`torch.load: ${full}: ${kind.what} are not supported by torch-node`);
      case "parameter": {
        // Parameter(data=None, requires_grad=True)
        const data = args[0];
        if (!(data instanceof TensorNode)) throw loadError(`Parameter data must be a tensor, got ${typeName(data)}`, "UnpicklingError");
        const t = new TensorNode(data.storage, data.dtype, data.offset, data.size, data.stride, args.length > 1 ? boolArg(args[1], "requires_grad") : true);
        t.param = true;
        return t;
      }
      case "size": {
        if (args.length > 1) throw loadError("torch.Size expected at most 1 argument", "UnpicklingError");
        const s = new Size();
        if (args.length) for (const v of intTuple(args[0], "torch.Size")) s.push(v);
        return s;
      }
      case "device": {
        const type = strArg(args[0], "device type");
        const index = args.length > 1 && args[1] !== null ? intArg(args[1], "device index") : null;
        try { return new Device(type, index); } catch (e) { throw loadError(`torch.device: ${(e as Error).message}`, "UnpicklingError"); }
      }
      case "set": {
        const s = new PySet();
        if (args.length && args[0] !== null) {
          const src = args[0];
          if (!(src instanceof PyList || src instanceof PyTuple || src instanceof PySet)) throw loadError(`set: cannot build from ${typeName(src)}`, "UnpicklingError");
          s.items = src.items.slice();
        }
        return s;
      }
      case "encode": {
        // _codecs.encode(str, 'latin1'): protocol 2's bytes
        const s = strArg(args[0], "_codecs.encode argument");
        const enc = args.length > 1 ? strArg(args[1], "encoding") : "utf-8";
        if (!["latin1", "latin-1", "iso-8859-1", "utf-8", "utf8"].includes(enc.toLowerCase())) throw loadError(`_codecs.encode: unsupported encoding ${enc}`, "UnpicklingError");
        if (enc.toLowerCase().startsWith("utf")) return new PyBytes(Buffer.from(s, "utf8"));
        for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) throw loadError("'latin-1' codec can't encode character", "UnpicklingError");
        return new PyBytes(Buffer.from(s, "latin1"));
      }
      case "bytearray": {
        if (args.length === 0) return new PyBytes(Buffer.alloc(0));
        if (args[0] instanceof PyBytes) return args[0];
        if (typeof args[0] === "string") return new PyBytes(Buffer.from(args[0], "latin1"));
        throw loadError(`bytearray: cannot build from ${typeName(args[0])}`, "UnpicklingError");
      }
      case "user": return new PyCall(fn, args, newobj);
      case "numpy":
        switch (kind.what) {
          case "reconstruct": return reconstruct(args, (cls) => cls instanceof PyGlobal && (cls.value as GlobalKind).k === "numpy" && (cls.value as { what: string }).what === "ndarray");
          case "frombuffer": return frombuffer(args);
          case "scalar": return scalar(args);
          case "dtype": return makeDtype(args);
        }
        throw loadError(`Trying to call ${newobj ? "NEWOBJ" : "reduce"} for unrecognized function ${full}`, "UnpicklingError");
      default:
        throw loadError(`Trying to call ${newobj ? "NEWOBJ" : "reduce"} for unrecognized function ${full}`, "UnpicklingError");
    }
  };

  const persistent_load = (pid: unknown): unknown => {
    if (!(pid instanceof PyTuple) || pid.items.length === 0) throw loadError(`persistent_load id must be a tuple, got ${typeName(pid)}`, "UnpicklingError");
    const [type, ...data] = pid.items;
    if (type === "module") throw loadError("torch.load: this checkpoint pickles a whole module (its Python source); torch-node loads tensors and state_dicts only");
    if (type !== "storage") throw loadError(`Only persistent_load of storage is allowed, but got ${typeof type === "string" ? type : typeName(type)}`, "UnpicklingError");
    if (data.length !== (ctx.legacy ? 5 : 4)) throw loadError(`persistent id of a storage must have ${ctx.legacy ? 6 : 5} items, got ${pid.items.length}`, "UnpicklingError");
    const [cls, keyRaw, locRaw, numelRaw] = data;
    if (!(cls instanceof PyGlobal) || (cls.value as GlobalKind).k !== "storage") throw loadError(`storage type must be a storage class, got ${typeName(cls)}`, "UnpicklingError");
    const skind = cls.value as Extract<GlobalKind, { k: "storage" }>;
    if (skind.unsupported) throw loadError(`torch.load: ${skind.unsupported} (quantized or complex32 storages) is not supported by torch-node`);
    const sdtype = skind.dtype!;
    const key = strArg(keyRaw, "storage key");
    const location = strArg(locRaw, "storage location");
    const numel = intArg(numelRaw, "storage numel");
    const nbytes = numel * sdtype.itemsize;
    if (!Number.isSafeInteger(nbytes)) throw loadError(`storage ${key} is too large`, "UnpicklingError");
    let root = ctx.roots.get(key);
    if (!root) {
      let fill: StorageRoot["fill"] = null;
      let map: StorageRoot["map"] = null;
      if (!ctx.legacy) {
        const rec = `data/${key}`, zip = ctx.zip!;
        if (!zip.has(rec)) throw loadError(`PytorchStreamReader failed locating file ${rec}: file not found`);
        const size = zip.size(rec);
        if (size !== nbytes)
          throw loadError(`storage ${rec} holds ${size} bytes but its persistent id says ${numel} elements of ${sdtype} (${nbytes} bytes)`);
        zip.checkRecord(rec);
        fill = (target, offset) => zip.readInto(rec, target, offset);
        const mapping = ctx.mapping;
        const pos = mapping && nbytes > 0 ? zip.storedDataPos(rec) : null;
        if (mapping && pos !== null) {
          map = (d) => (pos % d.itemsize === 0 && nbytes % d.itemsize === 0 ? wrap(N.mmapTensor(mapping.map, pos, nbytes, d.code)) : null);
        }
      }
      root = { key, location, nbytes, dtype: sdtype, fill, map, flats: new Map() };
      ctx.roots.set(key, root);
    }
    // Python keeps the first typed storage of a key; its dtype wins.
    const rootRef = new StorageRef(root, root.dtype, 0, Math.floor(root.nbytes / root.dtype.itemsize));
    if (ctx.legacy) {
      const view = data[4];
      if (view !== null) {
        if (!(view instanceof PyTuple) || view.items.length !== 3) throw loadError("legacy storage view must be (key, offset, size)", "UnpicklingError");
        const vkey = strArg(view.items[0], "view key");
        const off = intArg(view.items[1], "view offset"), size = intArg(view.items[2], "view size");
        if (off + size > rootRef.numel) throw loadError(`storage view ${vkey} (${size} elements at ${off}) is outside its storage of ${rootRef.numel} elements`, "UnpicklingError");
        let v = ctx.views.get(vkey);
        if (!v) ctx.views.set(vkey, (v = new StorageRef(root, root.dtype, off, size)));
        return v;
      }
    }
    return rootRef;
  };

  const build = (inst: unknown, state: unknown): boolean => {
    if (inst instanceof NumpyDtype) {
      // Python's weights_only builds only objects whose class is allowed: numpy.dtypes.Float32DType.
      if (ctx.weights_only && !allowedNames.has(inst.pyClass)) throw weightsOnlyBuildError(V.load_wo_message ? inst.pyClass : `numpy.dtype[${inst.name}]`);
      buildDtype(inst, state);
      return true;
    }
    if (inst instanceof NdarrayNode) {
      buildNdarray(inst, state);
      return true;
    }
    return false;
  };

  return {
    find_class: (module: string, name: string) => resolveGlobal(module, name, ctx.weights_only),
    call,
    persistent_load,
    build,
    allowed: ctx.weights_only ? WEIGHTS_ONLY_OPCODES : undefined,
  };
}

function rebuild(fn: string, args: unknown[], call: (fn: PyGlobal, args: unknown[], newobj: boolean) => unknown): TensorNode {
  const argc = (min: number, max: number) => {
    if (args.length < min || args.length > max) throw loadError(`${fn} takes ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`, "UnpicklingError");
  };
  switch (fn) {
    case "_rebuild_tensor": case "_rebuild_tensor_v2": case "_rebuild_tensor_v3": {
      if (fn === "_rebuild_tensor") argc(4, 4); else if (fn === "_rebuild_tensor_v2") argc(6, 7); else argc(7, 8);
      const storage = args[0];
      if (!(storage instanceof StorageRef)) throw loadError(`${fn}: expected a storage, got ${typeName(storage)}`, "UnpicklingError");
      const offset = intArg(args[1], "storage_offset");
      const size = intTuple(args[2], "size"), stride = intTuple(args[3], "stride");
      if (size.length !== stride.length) throw loadError(`${fn}: size ${size.length} and stride ${stride.length} have different lengths`, "UnpicklingError");
      const requires_grad = fn === "_rebuild_tensor" ? false : boolArg(args[4], "requires_grad");
      let dtype = storage.dtype;
      if (fn === "_rebuild_tensor_v3") {
        const d = args[6];
        if (!(d instanceof PyGlobal) || (d.value as GlobalKind).k !== "dtype") throw loadError(`${fn}: expected a dtype, got ${typeName(d)}`, "UnpicklingError");
        const dk = d.value as Extract<GlobalKind, { k: "dtype" }>;
        if (!dk.dtype) throw unsupportedDtype(dk.name);
        dtype = dk.dtype;
      }
      const meta = fn === "_rebuild_tensor_v2" ? args[6] : fn === "_rebuild_tensor_v3" ? args[7] : undefined;
      if (meta instanceof PyDict) {
        for (const [k, v] of meta.map) if (v === true) throw loadError(`torch.load: tensors with the ${String(k)} bit set are not supported by torch-node`);
      }
      // A typed storage's offset/size are in its elements; an untyped one's in bytes
      // (v3): then the tensor dtype's elements start at byte offset 0 of the view.
      return new TensorNode(storage, dtype, offset, size, stride, requires_grad);
    }
    case "_rebuild_parameter": case "_rebuild_parameter_with_state": {
      if (fn === "_rebuild_parameter") argc(3, 3); else argc(4, 4);
      const data = args[0];
      if (!(data instanceof TensorNode)) throw loadError(`${fn}: expected a tensor, got ${typeName(data)}`, "UnpicklingError");
      const t = new TensorNode(data.storage, data.dtype, data.offset, data.size, data.stride, boolArg(args[1], "requires_grad"));
      t.param = true;
      return t;
    }
    case "_rebuild_from_type_v2": {
      argc(4, 4);
      const [func, type, fargs] = args;
      if (!(func instanceof PyGlobal)) throw loadError(`${fn}: expected a function, got ${typeName(func)}`, "UnpicklingError");
      if (!(fargs instanceof PyTuple)) throw loadError(`${fn}: expected an argument tuple`, "UnpicklingError");
      const t = call(func, fargs.items, false);
      if (!(t instanceof TensorNode)) throw loadError(`${fn}: ${func.module}.${func.name} did not build a tensor`, "UnpicklingError");
      if (type instanceof PyGlobal && (type.value as GlobalKind).k === "parameter") t.param = true;
      else if (!(type instanceof PyGlobal && (type.value as GlobalKind).k === "type"))
        throw loadError(`${fn}: tensor subclass ${typeName(type)} is not supported`, "UnpicklingError");
      return t;
    }
  }
  throw loadError(`unknown rebuild function ${fn}`);
}

// ---- turning the reader's nodes into JavaScript values ---------------------------------
type MapLocation = string | Device | ((storage: Tensor, location: string) => Tensor | null | undefined | void) | Record<string, string> | Map<string, string> | null | undefined;

const MAX_DEPTH = 1000;

class Materializer {
  private cache = new Map<unknown, unknown>();
  constructor(private map_location: MapLocation, private bigEndian: boolean) {}

  private restore(flat: Tensor, location: string): Tensor {
    const ml = this.map_location;
    if (typeof ml === "function") {
      const r = ml(flat, location);
      if (r === null || r === undefined) return defaultRestore(flat, location);
      if (!(r instanceof Tensor)) throw new TypeError(`map_location must return a Tensor or null, got ${typeof r}`);
      if (r.numel() !== flat.numel() || r.dtype !== flat.dtype) throw new Error("map_location must return the storage it was given (same numel and dtype), possibly on another device");
      return r;
    }
    if (ml === null || ml === undefined) return defaultRestore(flat, location);
    if (typeof ml === "string" || ml instanceof Device) return defaultRestore(flat, String(ml));
    if (ml instanceof Map) return defaultRestore(flat, ml.get(location) ?? location);
    if (typeof ml === "object") return defaultRestore(flat, Object.prototype.hasOwnProperty.call(ml, location) ? String((ml as any)[location]) : location);
    throw new TypeError(`map_location should be a string, a torch.device, a function or a dict, got ${typeof ml}`);
  }

  private flat(root: StorageRoot, dtype: DType): Tensor {
    let t = root.flats.get(dtype.code);
    if (t) return t;
    if (root.fill === null) throw loadError(`storage ${root.key} has no data`);
    if (root.nbytes % dtype.itemsize) throw loadError(`storage ${root.key} of ${root.nbytes} bytes does not hold whole ${dtype} elements`);
    // Tensors of other dtypes over one untyped storage (_rebuild_tensor_v3: uint16 and uint32
    // views of the same bytes) share its memory, as in Python: a view of the one restored.
    const first = root.flats.values().next().value as Tensor | undefined;
    if (first !== undefined && !this.bigEndian && dtype !== dt.bool && first.dtype !== dt.bool) {
      t = callOp(OPS, "view", first, [dtype]) as Tensor;
      root.flats.set(dtype.code, t);
      return t;
    }
    // mmap: a tensor over the file's private mapping; else read into the new tensor's memory.
    const mapped = root.map !== null && root.nbytes > 0 ? root.map(dtype) : null;
    t = mapped ?? (callOp(OPS, "empty", undefined, [[root.nbytes / dtype.itemsize], { dtype }]) as Tensor);
    const swap = this.bigEndian && dtype.itemsize > 1;
    // A mapped storage's bytes are only touched where they must change (copy-on-write).
    if (!mapped || dtype === dt.bool || swap) {
      if (t.numel() * dtype.itemsize !== root.nbytes) throw loadError(`storage ${root.key}: could not allocate ${root.nbytes} bytes`);
      const fill = root.fill;
      fillBytes(t, root.nbytes, (bytes, offset) => {
        if (!mapped) fill(bytes, offset);
        if (dtype === dt.bool) { for (let i = 0; i < bytes.length; i++) if (bytes[i] > 1) bytes[i] = 1; }
        else if (swap) byteswap(bytes, dtype.is_complex ? dtype.itemsize / 2 : dtype.itemsize);
      }, mapped !== null);
    }
    t = this.restore(t, root.location);
    root.flats.set(dtype.code, t);
    return t;
  }

  private tensor(node: TensorNode): Tensor {
    const ref = node.storage;
    const flat = this.flat(ref.root, node.dtype);
    const n = flat.numel();
    // A legacy view's offset is in its dtype's elements; an untyped (v3) storage is bytes.
    const base = ref.dtype === node.dtype ? ref.elemOffset : (ref.elemOffset * ref.dtype.itemsize) / node.dtype.itemsize;
    const limit = ref.dtype === node.dtype ? Math.min(n, base + ref.numel) : n;
    if (!Number.isInteger(base)) throw loadError("storage view is not aligned to the tensor's dtype");
    const offset = base + node.offset;
    let numel = 1, last = offset;
    for (let i = 0; i < node.size.length; i++) {
      numel *= node.size[i];
      last += (node.size[i] - 1) * node.stride[i];
    }
    if (numel > 0 && (last >= limit || !Number.isSafeInteger(last)))
      throw loadError(`tensor of size [${node.size}] and stride [${node.stride}] at offset ${node.offset} is out of bounds for its storage of ${limit - base} elements`);
    if (numel === 0 && offset > n) throw loadError(`tensor offset ${offset} is out of bounds for its storage of ${n} elements`);
    let t = (flat as any).as_strided(node.size, node.stride, offset) as Tensor;
    if (node.param) {
      const P = (nnModule as any).Parameter;
      if (typeof P === "function") return new P(t, node.requires_grad);
    }
    if (node.requires_grad) {
      if (!(node.dtype.is_floating_point || node.dtype.is_complex)) throw loadError("only Tensors of floating point and complex dtype can require gradients");
      t = t.detach().requires_grad_(true);
    }
    return t;
  }

  convert(x: unknown, depth = 0): unknown {
    if (x === null || typeof x !== "object") return x;
    if (x instanceof PyFloat) return x.v;
    if (depth > MAX_DEPTH) throw loadError(`torch.load: objects nested deeper than ${MAX_DEPTH} levels are not supported`);
    const cached = this.cache.get(x);
    if (cached !== undefined || this.cache.has(x)) return cached;
    if (x instanceof TensorNode) {
      const t = this.tensor(x);
      this.cache.set(x, t);
      return t;
    }
    if (x instanceof StorageRef) {
      // A bare storage: its elements as a flat tensor.
      const t = (this.flat(x.root, x.dtype) as any).narrow(0, x.elemOffset, x.numel) as Tensor;
      this.cache.set(x, t);
      return t;
    }
    if (x instanceof PyList || x instanceof PyTuple) {
      const a: unknown[] = [];
      this.cache.set(x, a);
      if (x instanceof PyTuple) as_tuple(a);
      x.items.forEach((v, i) => {
        a.push(this.convert(v, depth + 1));
        if (v instanceof PyFloat && Number.isInteger(v.v)) mark_float(a, i);
      });
      return a;
    }
    if (x instanceof PyDict) {
      const allStr = [...x.map.keys()].every((k) => typeof k === "string");
      if (allStr) {
        const o: Record<string, unknown> = {};
        this.cache.set(x, o);
        if (x.ordered) as_ordered(o);
        for (const [k, v] of x.map) {
          defineKey(o, k as string, this.convert(v, depth + 1));
          if (v instanceof PyFloat && Number.isInteger(v.v)) mark_float(o, k);
        }
        if (x.state) {
          for (const [k, v] of x.state.map) {
            if (typeof k !== "string") continue;
            // Attributes (state_dict._metadata) stay off the enumerable keys, as in Python.
            Object.defineProperty(o, k, { value: this.convert(v, depth + 1), enumerable: false, writable: true, configurable: true });
          }
        }
        return o;
      }
      const m = new Map<unknown, unknown>();
      this.cache.set(x, m);
      if (x.ordered) as_ordered(m);
      for (const [k, v] of x.map) {
        const key = this.convert(k, depth + 1);
        m.set(key, this.convert(v, depth + 1));
        if (v instanceof PyFloat && Number.isInteger(v.v)) mark_float(m, key);
      }
      return m;
    }
    if (x instanceof PySet) {
      const s = new Set<unknown>();
      this.cache.set(x, s);
      for (const v of x.items) s.add(this.convert(v, depth + 1));
      return s;
    }
    if (x instanceof PyBytes) return x.data;
    if (x instanceof NdarrayNode) {
      if (x.value === null) throw loadError("torch.load: a numpy array without its data (no BUILD after _reconstruct)", "UnpicklingError");
      return x.value;
    }
    if (x instanceof PyGlobal) {
      const kind = x.value as GlobalKind;
      if (kind.k === "dtype") {
        if (!kind.dtype) throw unsupportedDtype(kind.name);
        return kind.dtype;
      }
      throw loadError(`torch.load: the checkpoint holds ${x.module}.${x.name} itself, which has no JavaScript value`);
    }
    if (x instanceof PyCall) {
      const fn = (x.fn.value as Extract<GlobalKind, { k: "user" }>).fn;
      const args = x.args.map((a) => this.convert(a, depth + 1));
      const obj = fn(...args) as any;
      this.cache.set(x, obj);
      if (x.state !== undefined) {
        const state = this.convert(x.state, depth + 1);
        if (obj && typeof obj.__setstate__ === "function") obj.__setstate__(state);
        else if (obj && typeof obj === "object" && state && typeof state === "object") Object.assign(obj, state);
      }
      return obj;
    }
    return x; // Size, device: already final
  }
}

/** Reverses the bytes of every `size`-byte element, in place. */
function byteswap(b: Uint8Array, size: number): void {
  for (let i = 0; i < b.length; i += size) {
    for (let j = 0, k = size - 1; j < k; j++, k--) { const x = b[i + j]; b[i + j] = b[i + k]; b[i + k] = x; }
  }
}

/** torch.serialization.default_restore_location: cpu stays, cuda:N moves to that device. */
function defaultRestore(flat: Tensor, location: string): Tensor {
  let dev: Device;
  try { dev = toDevice(location); } catch {
    throw loadError(`don't know how to restore data location of torch.storage.UntypedStorage (tagged with ${location})`);
  }
  if (dev.type === "cpu") return String(flat.device) === "cpu" ? flat : flat.to("cpu");
  if (dev.type === "cuda") {
    if (!N.cudaIsAvailable())
      throw loadError("Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. " +
        "If you are running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map your storages to the CPU.");
    const idx = dev.index ?? 0;
    const count = N.cudaDeviceCount();
    if (idx >= count)
      throw loadError(`Attempting to deserialize object on CUDA device ${idx} but torch.cuda.device_count() is ${count}. ` +
        "Please use torch.load with map_location to map your storages to an existing device.");
    return flat.to(`cuda:${idx}`);
  }
  if (dev.type === "meta") return flat.to("meta");
  throw loadError(`don't know how to restore data location of torch.storage.UntypedStorage (tagged with ${location})`);
}

// ---- torch.load -----------------------------------------------------------------------
export interface LoadOptions {
  map_location?: MapLocation;
  /** Defaults as in Python of the linked version (true since 2.6, false before). Both settings refuse every global outside the allowlist. */
  weights_only?: boolean;
  /**
   * 2.1+: map the file (a path to a zip checkpoint) privately, copy-on-write, and make each
   * storage's tensors views of the mapping rather than reading them into memory, as Python's
   * mmap=True does. Writes to such tensors never reach the file. 1.13 has no such argument.
   */
  mmap?: boolean | null;
  encoding?: string;
  pickle_module?: unknown;
}
export type FileLike = string | URL | Buffer | Uint8Array;

const OPTION_KEYS = ["map_location", "weights_only", "mmap", "encoding", "pickle_module"];

/**
 * torch.load(f, map_location?, { map_location, weights_only }): a file written by
 * torch.save (Python 1.6 to 2.x, or torch-node), or the pre-1.6 legacy format.
 */
export function load(f: FileLike, map_location?: MapLocation | LoadOptions, options?: LoadOptions): any {
  let opts: LoadOptions = options ?? {};
  if (map_location !== undefined && map_location !== null && typeof map_location === "object" && !(map_location instanceof Device) &&
    !(map_location instanceof Map) && OPTION_KEYS.some((k) => k in (map_location as object))) {
    opts = { ...(map_location as LoadOptions), ...opts };
  } else if (map_location !== undefined) {
    opts = { ...opts, map_location: map_location as MapLocation };
  }
  if (opts.pickle_module !== undefined) throw new Error("torch.load: pickle_module is not supported; torch-node reads pickles itself");
  const weights_only = opts.weights_only ?? V.weights_only_default;
  const mmapGiven = opts.mmap !== undefined;
  const mmap = Boolean(opts.mmap ?? false);
  let src: Source;
  let path: string | null = null;
  if (typeof f === "string" || f instanceof URL) src = fileSource((path = f instanceof URL ? fileURLToPath(f) : f));
  else if (f instanceof Uint8Array) src = bufferSource(f);
  else throw new TypeError(`torch.load: expected a path or a Buffer, got ${typeName(f)}`);
  try {
    const head = src.read(0, Math.min(src.size, 512));
    const isZip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
    if (!isZip && mmapGiven && !V.load_mmap) {
      // 1.13's torch.load passes unknown keywords on to pickle's load().
      throw new TypeError(weights_only ? "load() got an unexpected keyword argument 'mmap'" : "'mmap' is an invalid keyword argument for load()");
    }
    if (!isZip && mmap) {
      throw loadError("mmap can only be used with files saved with " +
        `\`torch.save(${typeof f === "string" ? `${f}, ` : ""}_use_new_zipfile_serialization=True), ` +
        "please torch.save your checkpoint with this option in order to use mmap.");
    }
    if (src.size === 0) throw loadError("EOFError: Ran out of input (the file is empty)", "EOFError");
    if (isZip) return loadZip(src, opts.map_location, weights_only, mmapGiven ? { mmap, path } : null);
    if (head.subarray(0, 8).toString("latin1") === "PYTORCH1")
      throw loadError("torch.load: this file uses the PYTORCH1 preview format of PyTorch 0.x, which is not supported");
    if (head.length >= 262 && head.toString("latin1", 257, 262) === "ustar")
      throw loadError("torch.load: this file is in PyTorch's legacy tar format (PyTorch 0.3 and earlier), which torch-node cannot read; " +
        "load it in Python and save it again with torch.save");
    return loadLegacy(src, opts.map_location, weights_only);
  } finally {
    src.close();
  }
}

function loadZip(src: Source, map_location: MapLocation, weights_only: boolean, mm: { mmap: boolean; path: string | null } | null): any {
  const zip = new ZipReader(src);
  if (zip.has("constants.pkl"))
    throw loadError("torch.load: this is a TorchScript archive (written by torch.jit.save or C++ torch::save), which holds a scripted module, not a pickled object; torch-node cannot load it");
  if (mm && !V.load_mmap) {
    // 1.13's torch.load passes unknown keywords on to the Unpickler.
    throw new TypeError(weights_only ? "Unpickler.__init__() got an unexpected keyword argument 'mmap'" : "'mmap' is an invalid keyword argument for Unpickler()");
  }
  let mapping: LoadContext["mapping"] = null;
  if (mm?.mmap) {
    if (mm.path === null) throw loadError("f must be a file path in order to use the mmap argument", "ValueError");
    mapping = N.mmapOpen(mm.path);
  }
  try {
    if (mapping && mapping.size !== src.size) throw loadError(`torch.load: ${mm!.path} changed while it was being loaded`);
    return loadZipRecords(zip, map_location, weights_only, mapping);
  } finally {
    // The tensors over the mapping keep it; the loader's reference goes now.
    if (mapping) N.mmapClose(mapping.map);
  }
}

function loadZipRecords(zip: ZipReader, map_location: MapLocation, weights_only: boolean, mapping: LoadContext["mapping"]): any {
  const versionRec = zip.has(".data/version") ? ".data/version" : "version";
  if (!zip.has(versionRec)) throw loadError("PytorchStreamReader failed reading zip archive: Expected hasRecord(\"version\") to be true");
  const vtext = zip.read(versionRec).toString("latin1").trim();
  const version = /^\d+$/.test(vtext) ? Number(vtext) : NaN;
  if (!(version >= 1)) throw loadError(`PytorchStreamReader failed reading zip archive: bad version record '${vtext.slice(0, 20)}'`);
  if (version > 10) throw loadError(`Attempted to read a PyTorch file with version ${version}, but the maximum supported version for reading is 10. Your PyTorch installation may be too old.`);
  let bigEndian = false;
  if (zip.has("byteorder")) {
    const bo = zip.read("byteorder").toString("latin1").trim();
    if (bo !== "little" && bo !== "big") throw loadError(`Unknown endianness type: ${bo}`);
    bigEndian = bo === "big";
  }
  if (!zip.has("data.pkl")) throw loadError(`PytorchStreamReader failed locating file data.pkl: file not found`);
  const ctx: LoadContext = { legacy: false, zip, mapping, roots: new Map(), views: new Map(), weights_only };
  const pkl = zip.read("data.pkl");
  const { value } = unpickle(pkl, makeHooks(ctx));
  return new Materializer(map_location, bigEndian).convert(value);
}

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

function loadLegacy(src: Source, map_location: MapLocation, weights_only: boolean): any {
  // The magic number's pickle comes first: anything else is refused before the file is read whole.
  try {
    unpickle(src.read(0, Math.min(src.size, 64)), makeHooks({ legacy: true, zip: null, mapping: null, roots: new Map(), views: new Map(), weights_only }));
  } catch (e) {
    if (!(e instanceof Error && /truncated/.test(e.message) && src.size > 64))
      throw loadError(`torch.load: not a PyTorch checkpoint (neither a zip archive nor the legacy format): ${(e as Error).message}`);
  }
  const buf = src.read(0, src.size);
  const ctx: LoadContext = { legacy: true, zip: null, mapping: null, roots: new Map(), views: new Map(), weights_only };
  const hooks = makeHooks(ctx);
  let pos = 0;
  const next = (what: string) => {
    try {
      const r = unpickle(buf, hooks, pos);
      pos = r.end;
      return r.value;
    } catch (e) {
      if (what === "magic number")
        throw loadError(`torch.load: not a PyTorch checkpoint (neither a zip archive nor the legacy format): ${(e as Error).message}`);
      throw e;
    }
  };
  const magic = next("magic number");
  if (typeof magic !== "bigint" || magic !== LEGACY_MAGIC) throw loadError("Invalid magic number; corrupt file?");
  const protocol = next("protocol version");
  if (protocol !== 1001) throw loadError(`Invalid protocol version: ${String(protocol)}`);
  const sysInfo = next("sys_info");
  let bigEndian = false;
  if (sysInfo instanceof PyDict && sysInfo.map.get("little_endian") === false) bigEndian = true;
  const result = next("object");
  const keys = next("storage keys");
  if (!(keys instanceof PyList)) throw loadError("legacy checkpoint: the storage key list is missing", "UnpicklingError");
  for (const k of keys.items) {
    const key = strArg(k, "storage key");
    const root = ctx.roots.get(key);
    if (!root) throw loadError(`legacy checkpoint: storage ${key} is listed but never used`, "UnpicklingError");
    if (pos + 8 > buf.length) throw loadError("legacy checkpoint: storage data is truncated");
    const count = buf.readBigInt64LE(pos);
    pos += 8;
    if (count < 0n || count * BigInt(root.dtype.itemsize) !== BigInt(root.nbytes))
      throw loadError(`storage has wrong byte size: expected ${root.nbytes} got ${count * BigInt(root.dtype.itemsize)}`);
    if (pos + root.nbytes > buf.length) throw loadError("legacy checkpoint: storage data is truncated");
    const data = buf.subarray(pos, pos + root.nbytes);
    root.fill = (target, offset) => target.set(data.subarray(offset, offset + target.length));
    pos += root.nbytes;
  }
  for (const root of ctx.roots.values()) if (root.fill === null) throw loadError(`legacy checkpoint: no data for storage ${root.key}`);
  return new Materializer(map_location, bigEndian).convert(result);
}

// ---- torch.save -----------------------------------------------------------------------
interface SavedStorage { key: string; flat: Tensor; dtype: DType }

const BATCHSIZE = 1000; // pickle's batching of APPENDS / SETITEMS

class Saver {
  readonly pw = new PickleWriter();
  readonly storages: SavedStorage[] = [];
  private storageKeys = new Map<number, SavedStorage>();
  private memo = new Map<object, number>();
  private inProgress = new Set<object>();
  private depth = 0;

  save(obj: unknown) {
    this.pw.proto();
    this.value(obj, undefined, undefined);
    this.pw.stop();
  }

  private value(v: unknown, container: object | undefined, key: unknown) {
    const pw = this.pw;
    if (v === null || v === undefined) return pw.none();
    switch (typeof v) {
      case "boolean": return pw.bool(v);
      case "bigint": return pw.int(normInt(v));
      case "number":
        if ((container !== undefined && is_float(container, key)) || !Number.isSafeInteger(v) || Object.is(v, -0)) return pw.float(v);
        return pw.int(v);
      case "string": return pw.str(v);
      case "object": break;
      case "function":
        // nn.Module instances are callable
        if (typeof (v as any).state_dict === "function")
          throw new TypeError(`torch.save: cannot save an object of type ${(v as any).constructor?.name ?? "function"}: a module's code is JavaScript, ` +
            "which Python cannot load; save its state_dict() instead, or torch.jit.trace it and torch.jit.save the result (TorchScript, which Python's torch.jit.load runs)");
        throw new TypeError("torch.save: cannot save a function");
      default: throw new TypeError(`torch.save: cannot save a ${typeof v}`);
    }
    const o = v as object;
    const m = this.memo.get(o);
    if (m !== undefined) return pw.get(m);
    if (this.inProgress.has(o)) throw new Error("torch.save: cannot save a tuple that contains itself");
    if (++this.depth > MAX_DEPTH) throw new Error(`torch.save: objects nested deeper than ${MAX_DEPTH} levels are not supported`);
    try {
      this.object(o);
    } finally {
      this.depth--;
    }
  }

  private remember(o: object) { this.memo.set(o, this.pw.put()); }

  private object(o: object) {
    const pw = this.pw;
    if (o instanceof Tensor) return this.tensor(o);
    if (o instanceof DType) { pw.global("torch", o.name); return this.remember(o); }
    if (o instanceof Device) {
      pw.global("torch", "device");
      pw.str(o.type);
      if (o.index !== null) { pw.int(o.index); pw.tuple(2); } else pw.tuple(1);
      pw.reduce();
      return this.remember(o);
    }
    if (o instanceof Size) {
      pw.global("torch", "Size");
      this.intTuple([...o]);
      pw.tuple(1);
      pw.reduce();
      return this.remember(o);
    }
    if (Array.isArray(o)) {
      if (is_tuple(o)) {
        this.inProgress.add(o);
        try {
          if (o.length > 3) pw.mark();
          o.forEach((x, i) => this.value(x, o, i));
          pw.tuple(o.length);
        } finally {
          this.inProgress.delete(o);
        }
        return this.remember(o);
      }
      pw.emptyList();
      this.remember(o);
      for (let i = 0; i < o.length; i += BATCHSIZE) {
        pw.mark();
        for (let j = i; j < Math.min(o.length, i + BATCHSIZE); j++) this.value(o[j], o, j);
        pw.appends();
      }
      return;
    }
    if (o instanceof Map) {
      if (is_ordered(o)) this.orderedDictHeader(); else pw.emptyDict();
      this.remember(o);
      this.items([...o.entries()], o);
      return;
    }
    if (o instanceof Set) {
      pw.global("__builtin__", "set");
      pw.emptyList();
      if (o.size) { pw.mark(); for (const x of o) this.value(x, undefined, undefined); pw.appends(); }
      pw.tuple(1);
      pw.reduce();
      return this.remember(o);
    }
    if (o instanceof Uint8Array && (o.constructor === Uint8Array || Buffer.isBuffer(o))) {
      // bytes, as protocol 2 writes them
      pw.global("_codecs", "encode");
      pw.str(Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString("latin1"));
      pw.str("latin1");
      pw.tuple(2);
      pw.reduce();
      return this.remember(o);
    }
    if (o instanceof NumpyDtype) { writeDtype(pw, o); return this.remember(o); }
    if (isNumpyArray(o)) {
      writeNdarray(pw, o, (b) => this.value(b, undefined, undefined));
      return this.remember(o);
    }
    const proto = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) {
      const name = proto?.constructor?.name ?? "object";
      const hint = typeof (o as any).state_dict === "function" ? `; save its state_dict() instead` : "";
      throw new TypeError(`torch.save: cannot save an object of type ${name}${hint}`);
    }
    const metadata = Object.getOwnPropertyDescriptor(o, "_metadata");
    const hasMeta = metadata !== undefined && !metadata.enumerable;
    if (hasMeta || is_ordered(o)) this.orderedDictHeader(); else pw.emptyDict();
    this.remember(o);
    this.items(Object.keys(o).map((k) => [k, (o as any)[k]]), o);
    if (hasMeta && metadata!.value !== undefined) {
      // OrderedDict state: state_dict._metadata, set with BUILD as Python does.
      pw.emptyDict();
      pw.mark();
      pw.str("_metadata");
      const md = metadata!.value;
      if (md !== null && typeof md === "object" && !(md instanceof Map) && !Array.isArray(md) && !this.memo.has(md)) {
        this.orderedDictHeader();
        this.remember(md);
        this.items(Object.keys(md).map((k) => [k, (md as any)[k]]), md);
      } else this.value(md, undefined, undefined);
      pw.setitems();
      pw.build();
    }
  }

  private orderedDictHeader() {
    this.pw.global("collections", "OrderedDict");
    this.pw.emptyTuple();
    this.pw.reduce();
  }

  private items(entries: [unknown, unknown][], container: object) {
    for (let i = 0; i < entries.length; i += BATCHSIZE) {
      this.pw.mark();
      for (let j = i; j < Math.min(entries.length, i + BATCHSIZE); j++) {
        const [k, v] = entries[j];
        this.value(k, undefined, undefined);
        this.value(v, container, k);
      }
      this.pw.setitems();
    }
  }

  private tensor(t: Tensor) {
    const pw = this.pw;
    if (t._h < 0) throw new Error("torch.save: cannot save a disposed tensor");
    const P = (nnModule as any).Parameter;
    const isParam = typeof P === "function" && t instanceof P;
    if (isParam) pw.global("torch._utils", "_rebuild_parameter");
    // Python 2.x: dtypes without a legacy storage class (uint16, float8_*, ...) are an
    // UntypedStorage and the dtype, rebuilt by _rebuild_tensor_v3.
    const dtype = t.dtype;
    const v3 = !STORAGE_CLASS_OF[dtype.name];
    pw.global("torch._utils", v3 ? "_rebuild_tensor_v3" : "_rebuild_tensor_v2");
    pw.mark();
    this.storage(t, v3);
    pw.int(N.storage_offset(t._h));
    const size = N.shape(t._h), stride = N.stride(t._h);
    this.intTuple(size);
    this.intTuple(stride);
    pw.bool(isParam ? false : N.requires_grad(t._h));
    this.orderedDictHeader();
    if (v3) {
      this.value(dtype, undefined, undefined);
      pw.tuple(7);
    } else pw.tuple(6);
    pw.reduce();
    if (isParam) {
      pw.bool(N.requires_grad(t._h));
      this.orderedDictHeader();
      pw.tuple(3);
      pw.reduce();
    }
    this.remember(t);
  }

  private intTuple(xs: number[]) {
    if (xs.length > 3) this.pw.mark();
    for (const x of xs) this.pw.int(x);
    this.pw.tuple(xs.length);
  }

  private storage(t: Tensor, untyped: boolean) {
    const pw = this.pw;
    const id = N.storageId(t._h);
    if (id === null) throw new Error("torch.save: cannot save a tensor without storage (sparse or opaque tensors are not supported)");
    // An untyped storage counts as uint8 in Python's check that views of one storage
    // agree on the dtype.
    const dtype = untyped ? dt.uint8 : t.dtype;
    let s = this.storageKeys.get(id);
    if (s && s.dtype !== dtype) throw new Error("Cannot save multiple tensors or storages that view the same data as different types");
    if (!s) {
      s = { key: String(this.storages.length), flat: wrap(N.storageTensor(t._h)), dtype };
      this.storageKeys.set(id, s);
      this.storages.push(s);
    }
    pw.mark();
    pw.str("storage");
    if (untyped) pw.global("torch.storage", "UntypedStorage");
    else pw.global("torch", STORAGE_CLASS_OF[dtype.name]);
    pw.str(s.key);
    pw.str(N.device(t._h));
    // An untyped storage's numel is its bytes.
    pw.int(N.storageNumel(t._h) * (untyped ? t.element_size() : 1));
    pw.tuple(5);
    pw.binpersid();
  }
}

/** The pickle (data.pkl) and the storages of `obj`. */
export function _pickle(obj: unknown): { pkl: Buffer; storages: SavedStorage[] } {
  const s = new Saver();
  s.save(obj);
  return { pkl: s.pw.w.result(), storages: s.storages };
}

export interface SaveOptions {
  /** Only 2 (torch's DEFAULT_PROTOCOL) is written. */
  pickle_protocol?: number;
  /** Only the zip format (true) is written; every PyTorch since 1.6 reads it. */
  _use_new_zipfile_serialization?: boolean;
  /** Writes ZIP64 fields for every record (for tests of readers). */
  _force_zip64?: boolean;
}

/** A file-like destination: anything with a synchronous `write(chunk)`. */
export interface Writable { write(chunk: Uint8Array): unknown }

function writeArchive(obj: unknown, sink: (chunk: Uint8Array) => void, options: SaveOptions) {
  if (options.pickle_protocol !== undefined && options.pickle_protocol !== 2)
    throw new Error(`torch.save: torch-node writes pickle protocol 2 only (torch's DEFAULT_PROTOCOL), got ${options.pickle_protocol}`);
  if (options._use_new_zipfile_serialization === false)
    throw new Error("torch.save: torch-node writes the zip format only (_use_new_zipfile_serialization=True)");
  const { pkl, storages } = _pickle(obj);
  const zw = new ZipWriter(sink, "archive", options._force_zip64 ?? false);
  zw.writeRecord("data.pkl", pkl);
  zw.writeRecord("byteorder", Buffer.from("little"));
  for (const s of storages) {
    // The storage's own memory, window by window (a CUDA storage is copied to the CPU once).
    const flat = s.flat.device.type === "cpu" ? s.flat : s.flat.cpu();
    zw.writeRecord(`data/${s.key}`, byteWindows(flat, flat.numel() * flat.element_size()));
    if (flat !== s.flat) flat.dispose();
    s.flat.dispose();
  }
  zw.finish();
}

/**
 * torch.save(obj, f): writes `obj` as Python's torch.save does (zip, pickle protocol 2).
 * A path is written atomically: a temporary file in the same folder, then a rename.
 */
export function save(obj: unknown, f: string | URL | Writable, options: SaveOptions = {}): void {
  if (f !== null && typeof f === "object" && !(f instanceof URL) && typeof (f as Writable).write === "function") {
    writeArchive(obj, (c) => { (f as Writable).write(c); }, options);
    return;
  }
  if (typeof f !== "string" && !(f instanceof URL)) throw new TypeError(`torch.save: expected a path or a writable object, got ${typeName(f)}`);
  const target = f instanceof URL ? fileURLToPath(f) : f;
  atomicWrite(target, (sink) => writeArchive(obj, sink, options));
}

/** torch.serialization: the helpers Python has there, and the JavaScript-side markers. */
export const serialization = {
  save, load, add_safe_globals, get_safe_globals, clear_safe_globals, safe_globals,
  DEFAULT_PROTOCOL: 2,
  tuple, as_tuple, is_tuple, OrderedDict, as_ordered, is_ordered, mark_float, is_float, copy_marks,
};
