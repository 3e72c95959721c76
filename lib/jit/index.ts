// torch.jit (torch/jit/_serialization.py, _script.py, _trace.py): TorchScript modules loaded,
// run, saved and traced by libtorch's importer, interpreter, serializer and tracer
// (native/jit.cpp). A loaded module is an nn.Module whose parameters and buffers are the
// TorchScript module's own tensors (no copy): train(), to(), state_dict() and
// load_state_dict() act on what the interpreter runs.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { N } from "../native";
import { Tensor, wrap, WRAP_HANDLE } from "../tensor";
import { device as Device } from "../device";
import { Module } from "../nn/module";
import { Parameter } from "../nn/parameter";
import { typename, warn } from "../nn/_utils";
import { atomicWrite } from "../_io";
import { V } from "../version";

N.jitInit(Tensor, wrap);

/** The native TorchScript module or function a JS object stands for. */
type Handle = object;

interface ModuleInfo {
  type: string;
  name: string;
  methods: string[];
  params: [string, number | null][];
  buffers: [string, number | null][];
  attributes: string[];
  children: [string, Handle][];
}

function error(msg: string, name = "RuntimeError"): Error {
  const e = new Error(msg);
  e.name = name;
  return e;
}

const hidden = (obj: object, key: string, value: unknown) =>
  Object.defineProperty(obj, key, { value, writable: true, enumerable: false, configurable: true });

/** A module's tensor as an nn.Parameter object on the same native tensor (shared, not detached). */
function parameterOf(h: number): Parameter {
  return Reflect.construct(Tensor, [WRAP_HANDLE, h], Parameter) as Parameter;
}

/** A TorchScript method as a JS function, with Python's `.code`, `.graph` and `.schema`. */
function method(c: Handle, name: string): (...args: any[]) => any {
  const f = (...args: unknown[]) => N.jitRun(c, name, args);
  Object.defineProperty(f, "name", { value: name });
  Object.defineProperty(f, "code", { get: () => N.jitCode(c, name) });
  Object.defineProperty(f, "graph", { get: () => N.jitGraph(c, name) });
  Object.defineProperty(f, "schema", { get: () => N.jitSchema(c, name) });
  return f;
}

/** torch.jit.ScriptModule: the base of the modules TorchScript runs. */
export class ScriptModule extends Module {}

/**
 * torch.jit.RecursiveScriptModule: a TorchScript module, callable like any module. Its other
 * methods are properties (`m.features(x)`); submodules, parameters, buffers and attributes too.
 */
export class RecursiveScriptModule extends ScriptModule {
  /** The native module. */
  declare _c: Handle;
  /** The TorchScript class's name (`Net` for `__torch__.Net`). */
  declare original_name: string;
  /** The TorchScript class's qualified name (`__torch__.Net`). */
  declare _qualified_name: string;

  constructor(c: Handle) {
    super();
    const self = this._self;
    const info = N.jitInfo(c) as ModuleInfo;
    hidden(self, "_c", c);
    hidden(self, "original_name", info.name);
    hidden(self, "_qualified_name", info.type);
    // `training` is the TorchScript module's own attribute, which its code reads.
    Object.defineProperty(self, "training", {
      get: () => N.jitTraining(c), set: (v: boolean) => N.jitTraining(c, Boolean(v)), enumerable: false, configurable: true,
    });
    for (const [name, h] of info.params) this.register_parameter(name, h === null ? null : parameterOf(h));
    for (const [name, h] of info.buffers) this.register_buffer(name, h === null ? null : wrap(h));
    for (const [name, child] of info.children) this.add_module(name, new RecursiveScriptModule(child));
    // Python's __getattr__ falls back to the TorchScript object: attributes and methods that
    // nn.Module does not have itself.
    for (const name of info.attributes) {
      if (name in self) continue;
      Object.defineProperty(self, name, {
        get: () => N.jitGetAttr(c, name), set: (v: unknown) => N.jitSetAttr(c, name, v), enumerable: false, configurable: true,
      });
    }
    for (const name of info.methods) {
      if (name !== "forward" && name in self) continue;
      hidden(self, name, method(c, name));
    }
  }

  /** forward's TorchScript source, as Python's `m.code` prints it. */
  get code(): string { return N.jitCode(this._c, "forward"); }
  /** str(m.graph): forward's graph. */
  get graph(): string { return N.jitGraph(this._c, "forward"); }

  _get_name(): string { return "RecursiveScriptModule"; }
  extra_repr(): string { return `original_name=${this.original_name}`; }

  /** Module._apply, then the new buffers stored into the TorchScript module (parameters change in place). */
  _apply(fn: (t: Tensor) => Tensor): this {
    super._apply(fn);
    for (const [k, b] of this._buffers) if (b !== null) N.jitSetAttr(this._c, k, b);
    return this;
  }

  /** m.save(f, _extra_files): as torch.jit.save(m, f). */
  save(f: string | URL | Writable, options: { _extra_files?: Record<string, string | Uint8Array> } = {}): void {
    writeModule(this, f, options._extra_files);
  }
}

/** torch.jit.ScriptFunction: a traced free function; callable, with `.code` and `.graph`. */
export interface ScriptFunction {
  (...args: any[]): any;
}
export class ScriptFunction {
  constructor(f: Handle, name: string) {
    const fn = ((...args: unknown[]) => N.jitRunFunction(f, args)) as unknown as ScriptFunction;
    Object.setPrototypeOf(fn, new.target.prototype);
    Object.defineProperty(fn, "name", { value: name });
    hidden(fn, "_c", f);
    return fn;
  }
  get code(): string { return N.jitFunctionCode((this as any)._c, false); }
  get graph(): string { return N.jitFunctionCode((this as any)._c, true); }
}

// ---- load / save -------------------------------------------------------------------------------

type MapLocation = string | Device | null;
export interface LoadOptions {
  map_location?: MapLocation;
  /** File names to read from the archive's extra files; their contents are filled in (as Buffers). */
  _extra_files?: Record<string, unknown>;
}
/** Something with a write(chunk) method (a stream), as torch.save takes. */
interface Writable { write(chunk: Uint8Array): unknown }

/** torch.serialization.validate_cuda_device */
function validateCudaDevice(d: Device): void {
  if (!N.cudaIsAvailable())
    throw error("Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. " +
      "If you are running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map your storages to the CPU.");
  const count = N.cudaDeviceCount();
  if ((d.index ?? 0) >= count)
    throw error(`Attempting to deserialize object on CUDA device ${d.index ?? 0} but torch.cuda.device_count() is ${count}. ` +
      "Please use torch.load with map_location to map your storages to an existing device.");
}

/** torch.jit._serialization.validate_map_location */
function validateMapLocation(map_location: unknown): Device | null {
  let d: Device | null;
  if (typeof map_location === "string") d = new Device(map_location);
  else if (map_location === null || map_location === undefined) d = null;
  else if (map_location instanceof Device) d = map_location;
  else throw error(`map_location should be either None, string or torch.device, but got type: <class '${typename(map_location)}'>`, "ValueError");
  if (d !== null && d.type === "cuda") validateCudaDevice(d);
  return d;
}

/**
 * torch.jit.load(f, map_location?, { map_location, _extra_files }): a module saved by
 * torch.jit.save (Python's or torch-node's), from a path or from memory (a Buffer).
 */
export function load(f: string | URL | Uint8Array, map_location?: MapLocation | LoadOptions, options: LoadOptions = {}): RecursiveScriptModule {
  if (V.jit_deprecated) warn("`torch.jit.load` is deprecated. Please switch to `torch.export`.", "FutureWarning");
  let opts = options;
  if (map_location !== null && typeof map_location === "object" && !(map_location instanceof Device)) opts = { ...map_location, ...options };
  else if (map_location !== undefined) opts = { ...options, map_location };
  let src: string | Uint8Array;
  if (typeof f === "string" || f instanceof URL) {
    src = f instanceof URL ? fileURLToPath(f) : f;
    if (!fs.existsSync(src)) throw error(`The provided filename ${src} does not exist`, "ValueError");
    if (fs.statSync(src).isDirectory()) throw error(`The provided filename ${src} is a directory`, "ValueError");
  } else if (f instanceof Uint8Array) {
    src = f;
  } else {
    throw new TypeError(`torch.jit.load: expected a path or a Buffer, got ${typename(f)}`);
  }
  const d = validateMapLocation(opts.map_location);
  const extra = opts._extra_files;
  const [c, files] = N.jitLoad(src, d === null ? null : String(d), extra ? Object.keys(extra) : []) as [Handle, Record<string, Buffer>];
  if (extra) for (const k of Object.keys(extra)) extra[k] = files[k];
  return new RecursiveScriptModule(c);
}

function writeModule(m: RecursiveScriptModule, f: string | URL | Writable, extra_files?: Record<string, string | Uint8Array>): void {
  const data: Buffer = N.jitSave(m._c, extra_files ?? {});
  if (f !== null && typeof f === "object" && !(f instanceof URL) && typeof (f as Writable).write === "function") {
    (f as Writable).write(data);
    return;
  }
  if (typeof f !== "string" && !(f instanceof URL)) throw new TypeError(`torch.jit.save: expected a path or a writable object, got ${typename(f)}`);
  atomicWrite(f instanceof URL ? fileURLToPath(f) : f, (sink) => sink(data));
}

/**
 * torch.jit.save(m, f, { _extra_files }): the module as a TorchScript archive that Python's
 * torch.jit.load (and libtorch's torch::jit::load) reads. f: a path (written atomically) or
 * an object with write(chunk).
 */
export function save(m: ScriptModule, f: string | URL | Writable, options: { _extra_files?: Record<string, string | Uint8Array> } = {}): void {
  if (V.jit_deprecated) warn("`torch.jit.save` is deprecated. Please switch to `torch.export`.", "FutureWarning");
  if (!(m instanceof RecursiveScriptModule)) {
    // Python: a plain nn.Module has no `save`.
    throw error(`'${m === null || m === undefined ? "NoneType" : (m as any).constructor?.name ?? typename(m)}' object has no attribute 'save'`, "AttributeError");
  }
  writeModule(m, f, options._extra_files);
}

// ---- trace ---------------------------------------------------------------------------------------

const PY_KEYWORDS = new Set(("False None True and as assert async await break class continue def del elif else except finally for " +
  "from global if import in is lambda nonlocal not or pass raise return try while with yield self").split(" "));

/** A JS function's parameter names, when they are plain identifiers Python can use too. */
function argumentNames(f: Function): string[] | null {
  const src = Function.prototype.toString.call(f);
  const m = /^[^(=]*\(([^)]*)\)/.exec(src) ?? /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (!m) return null;
  const names = m[1].split(",").map((s) => s.trim()).filter(Boolean);
  return names.every((n) => /^[A-Za-z_]\w*$/.test(n) && !PY_KEYWORDS.has(n)) ? names : null;
}

interface ModuleSpec {
  name: string;
  training: boolean;
  params: [string, Tensor | null][];
  buffers: [string, Tensor | null][];
  children: [string, ModuleSpec][];
}

/** What native code builds the TorchScript module from: the module tree, holding its own tensors. */
function moduleSpec(m: Module): ModuleSpec {
  return {
    name: m._get_name(),
    training: m.training,
    params: [...m._parameters],
    buffers: [...m._buffers],
    children: [...m._modules].filter((kv): kv is [string, Module] => kv[1] !== null).map(([k, c]) => [k, moduleSpec(c)]),
  };
}

export interface TraceOptions {
  /** Accepted for Python's signature; torch-node does not re-run the trace to check it. */
  check_trace?: boolean;
  /** false: mutable containers (lists, dicts) may be outputs, as in Python. */
  strict?: boolean;
}

/**
 * torch.jit.trace(func, example_inputs): runs `func` (a module, or a function of tensors) once
 * under libtorch's tracer, which records the ATen ops it calls, and returns a module (or
 * function) that replays them. example_inputs: a Tensor, or an array of the arguments. As in
 * Python, control flow and values read into JavaScript (shapes, item()) are fixed at what the
 * example gave.
 */
export function trace(func: Module, example_inputs: unknown, options?: TraceOptions): RecursiveScriptModule;
export function trace(func: (...args: any[]) => any, example_inputs: unknown, options?: TraceOptions): ScriptFunction;
export function trace(func: Module | ((...args: any[]) => any), example_inputs: unknown, options: TraceOptions = {}): RecursiveScriptModule | ScriptFunction {
  const strict = options.strict ?? true;
  if (V.jit_deprecated) warn("`torch.jit.trace` is deprecated. Please switch to `torch.compile` or `torch.export`.", "FutureWarning");
  if (func instanceof ScriptModule) {
    warn("The input to trace is already a ScriptModule, tracing it is a no-op. Returning the object as is.");
    return func as RecursiveScriptModule;
  }
  const inputs = example_inputs instanceof Tensor ? [example_inputs] : Array.isArray(example_inputs) ? example_inputs : [example_inputs];
  if (func instanceof Module) {
    if (V.jit_deprecated) warn("`torch.jit.trace_method` is deprecated. Please switch to `torch.compile` or `torch.export`.", "FutureWarning");
    const c = N.jitTraceModule(moduleSpec(func), inputs, (...args: unknown[]) => func(...args), argumentNames(func.forward), strict);
    return new RecursiveScriptModule(c);
  }
  if (typeof func !== "function") throw error(`trace() expects a Module or a function, got ${typename(func)}`, "TypeError");
  const name = func.name || "fn";
  return new ScriptFunction(N.jitTraceFunction(name, inputs, func, argumentNames(func), strict), name);
}

/**
 * torch.jit.script compiles Python source, which a JavaScript module does not have: TorchScript
 * comes to torch-node by torch.jit.trace or by loading what Python scripted.
 */
export function script(obj: unknown, ..._rest: unknown[]): never {
  throw error(`torch.jit.script cannot compile ${typename(obj)}: TorchScript is compiled from Python source, which JavaScript ` +
    "code does not have. Use torch.jit.trace(module, example_inputs) to record a torch-node module, or script the model in " +
    "Python, save it with torch.jit.save and load it with torch.jit.load.", "NotImplementedError");
}

/** torch.jit.is_scripting(): never, outside TorchScript. */
export function is_scripting(): boolean { return false; }
/** torch.jit.is_tracing(): whether a trace is being recorded now. */
export function is_tracing(): boolean { return N.jitIsTracing(); }

const jit = { load, save, trace, script, is_scripting, is_tracing, ScriptModule, RecursiveScriptModule, ScriptFunction };
export default jit;
