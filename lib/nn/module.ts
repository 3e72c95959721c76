// torch.nn.Module (torch/nn/modules/module.py).
//
// Instances are callable (`model(x)` runs forward and hooks): the constructor returns an arrow
// function whose prototype is the subclass's, so class fields land on it in declaration order.
// Submodules and parameters are the own enumerable properties holding a Module or a Parameter,
// in insertion order (Python's _modules / _parameters); buffers are the names given to
// register_buffer. A registered name set to null stays registered as None, as in Python.
// The function is wrapped in a Proxy whose defineProperty trap is Python's __setattr__
// (assignments and class fields both define properties): a parameter's name takes only a
// Parameter or null, a submodule's a Module or null, a buffer's a Tensor or null; an nn.Buffer
// (2.5) registers its name as a buffer.
import { inspect } from "node:util";
import { Tensor, keep } from "../tensor";
import { dtype } from "../dtype";
import { device, type DeviceLike } from "../device";
import { no_grad } from "../autograd";
import { isOptions } from "../_ops";
import { Parameter, Buffer } from "./parameter";
import { bindArgs, typename, valueError, warn, zeroGrads } from "./_utils";
import { V } from "../version";
import { objectRepr } from "../_object_repr";

/** Parameter and buffer tensors by name; `_metadata` (non-enumerable) holds the module versions. */
export type StateDict = Record<string, Tensor> & { _metadata?: any };
type Hook = (...args: any[]) => any;

/** torch.utils.hooks.RemovableHandle */
export class RemovableHandle {
  static __module__ = "torch.utils.hooks";
  private static next_id = 0;
  readonly id = RemovableHandle.next_id++;
  constructor(private readonly dict: Map<number, unknown>, private readonly extra: Set<number>[] = []) {}
  remove(): void {
    this.dict.delete(this.id);
    for (const s of this.extra) s.delete(this.id);
  }
  toString(): string { return objectRepr(this); }
  [inspect.custom](): string { return this.toString(); }
}

/** The result of load_state_dict (Python's _IncompatibleKeys). */
export interface IncompatibleKeys { missing_keys: string[]; unexpected_keys: string[]; }
/** What load_state_dict does once every check passed: copy input into param, or assign. */
export type StateCopy = [Tensor, Tensor] | (() => void);

/** named_parameters / named_buffers: (prefix="", recurse=True, remove_duplicate=True (2.x)). */
const MEMBERS_SIG = () => [["prefix", ""], ["recurse", true], ...(V.nn2 ? [["remove_duplicate", true] as const] : [])] as const;

/** OrderedDict.move_to_end(key, last=False) for a Map. */
function moveToFront<K, T>(m: Map<K, T>, key: K): void {
  const rest = [...m].filter(([k]) => k !== key);
  const v = m.get(key)!;
  m.clear();
  m.set(key, v);
  for (const [k, x] of rest) m.set(k, x);
}

/** Python's repr() of a str. */
function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

/**
 * What a module's _modules, _parameters and _buffers print like (`print(model._modules)`): an
 * OrderedDict in 1.13, a plain dict from 2.5.
 */
class OrderedDictView<T> extends Map<string, T> {
  [inspect.custom](): string { return this.toString(); }
  toString(): string {
    const val = (v: T) => (v === null ? "None" : v instanceof Module ? v.__repr__() : String(v));
    if (V.module_plain_dicts) return `{${[...this].map(([k, v]) => `${strRepr(k)}: ${val(v)}`).join(", ")}}`;
    if (this.size === 0) return "OrderedDict()";
    return `OrderedDict([${[...this].map(([k, v]) => `(${strRepr(k)}, ${val(v)})`).join(", ")}])`;
  }
}

function addindent(s: string, n: number): string {
  const lines = s.split("\n");
  if (lines.length === 1) return s;
  const first = lines.shift()!;
  return first + "\n" + lines.map((l) => " ".repeat(n) + l).join("\n");
}

function runtimeError(msg: string): Error {
  const e = new Error(msg);
  e.name = "RuntimeError";
  return e;
}

const hidden = (obj: object, key: string, value: unknown) =>
  Object.defineProperty(obj, key, { value, writable: true, enumerable: false, configurable: true });

export interface Module {
  /** `model(x)` runs forward with the registered hooks. */
  (...args: any[]): any;
}
export class Module {
  /** Version saved in state_dict's _metadata (BatchNorm: 2). */
  static _version = 1;

  declare training: boolean;
  /** Names registered as parameters (kept when the value is null). */
  declare _param_names: Set<string>;
  /** Names registered as buffers, in registration order. */
  declare _buffer_names: Set<string>;
  declare _non_persistent_buffers_set: Set<string>;
  /** Names that held a submodule (kept when the value becomes null). */
  declare _module_names: Set<string>;
  declare _forward_hooks: Map<number, Hook>;
  declare _forward_pre_hooks: Map<number, Hook>;
  /** Ids of the hooks registered with_kwargs / always_call (2.x). */
  declare _forward_hooks_with_kwargs: Set<number>;
  declare _forward_hooks_always_called: Set<number>;
  declare _forward_pre_hooks_with_kwargs: Set<number>;
  /** The function behind this module's Proxy: reading it skips the Proxy (traversals). */
  declare _self: Module;

  constructor() {
    let self: Module;
    const f = ((...args: unknown[]) => self._call_impl(...args)) as unknown as Module;
    Object.setPrototypeOf(f, new.target.prototype);
    // A function's own `length` and `name` would shadow fields and getters (Sequential.length).
    delete (f as any).length;
    delete (f as any).name;
    hidden(f, "training", true);
    hidden(f, "_param_names", new Set());
    hidden(f, "_buffer_names", new Set());
    hidden(f, "_non_persistent_buffers_set", new Set());
    hidden(f, "_module_names", new Set());
    hidden(f, "_forward_hooks", new Map());
    hidden(f, "_forward_pre_hooks", new Map());
    hidden(f, "_forward_hooks_with_kwargs", new Set());
    hidden(f, "_forward_hooks_always_called", new Set());
    hidden(f, "_forward_pre_hooks_with_kwargs", new Set());
    hidden(f, "_self", f);
    self = new Proxy(f, SETATTR);
    return self;
  }

  /** Defines the computation performed at every call; subclasses override it. */
  forward(..._args: any[]): any {
    throw new Error(`Module [${this._get_name()}] is missing the required "forward" function`);
  }

  _call_impl(...args: unknown[]): any {
    if (this._forward_pre_hooks.size === 0 && this._forward_hooks.size === 0) return this.forward(...args);
    // Keyword arguments travel in a trailing options object, so a hook's `kwargs` (2.x
    // with_kwargs) starts empty; what such a pre-hook returns there is passed on as one.
    let input = args;
    let kwargs: Record<string, unknown> = {};
    let result: any = null;
    const called = new Set<number>();
    try {
      for (const [id, hook] of [...this._forward_pre_hooks]) {
        if (this._forward_pre_hooks_with_kwargs.has(id)) {
          const r = hook(this, input, kwargs);
          if (r !== undefined && r !== null) {
            if (!Array.isArray(r) || r.length !== 2)
              throw runtimeError(`forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got ${r}.`);
            input = Array.isArray(r[0]) ? r[0] : [r[0]];
            kwargs = r[1] ?? {};
          }
        } else {
          const r = hook(this, input);
          if (r !== undefined && r !== null) input = Array.isArray(r) ? r : [r];
        }
      }
      result = Object.keys(kwargs).length ? this.forward(...input, kwargs) : this.forward(...input);
      for (const [id, hook] of [...this._forward_hooks]) {
        if (this._forward_hooks_always_called.has(id)) called.add(id);
        const r = this._forward_hooks_with_kwargs.has(id) ? hook(this, input, kwargs, result) : hook(this, input, result);
        if (r !== undefined && r !== null) result = r;
      }
    } catch (e) {
      // 2.x: hooks registered with always_call run even when forward (or a hook) raised.
      for (const [id, hook] of [...this._forward_hooks]) {
        if (!this._forward_hooks_always_called.has(id) || called.has(id)) continue;
        try {
          const r = this._forward_hooks_with_kwargs.has(id) ? hook(this, input, kwargs, result) : hook(this, input, result);
          if (r !== undefined && r !== null) result = r;
        } catch (e2) {
          warn("global module forward hook with ``always_call=True`` raised an exception that was silenced as another error was raised in forward: " + (e2 as Error).message);
        }
      }
      throw e;
    }
    return result;
  }

  /**
   * hook(module, input) -> null | new input; runs before forward. 2.x: options `prepend` (run
   * first), `with_kwargs` (hook(module, args, kwargs) -> null | [args, kwargs]).
   */
  register_forward_pre_hook(hook: (module: this, input: any[], kwargs?: any) => any, options?: { prepend?: boolean; with_kwargs?: boolean }): RemovableHandle {
    const [prepend, with_kwargs] = bindArgs("register_forward_pre_hook", [], options === undefined ? [] : [options],
      V.nn2 ? [["prepend", false], ["with_kwargs", false]] : []);
    const h = new RemovableHandle(this._forward_pre_hooks, [this._forward_pre_hooks_with_kwargs]);
    this._forward_pre_hooks.set(h.id, hook as Hook);
    if (with_kwargs) this._forward_pre_hooks_with_kwargs.add(h.id);
    if (prepend) moveToFront(this._forward_pre_hooks, h.id);
    return h;
  }
  /**
   * hook(module, input, output) -> null | new output; runs after forward. 2.x: options `prepend`,
   * `with_kwargs` (hook(module, args, kwargs, output)), `always_call` (also when forward raises).
   */
  register_forward_hook(hook: (module: this, input: any[], output: any, ...rest: any[]) => any, options?: { prepend?: boolean; with_kwargs?: boolean; always_call?: boolean }): RemovableHandle {
    const [prepend, with_kwargs, always_call] = bindArgs("register_forward_hook", [], options === undefined ? [] : [options],
      V.nn2 ? [["prepend", false], ["with_kwargs", false], ["always_call", false]] : []);
    const h = new RemovableHandle(this._forward_hooks, [this._forward_hooks_with_kwargs, this._forward_hooks_always_called]);
    this._forward_hooks.set(h.id, hook as Hook);
    if (with_kwargs) this._forward_hooks_with_kwargs.add(h.id);
    if (always_call) this._forward_hooks_always_called.add(h.id);
    if (prepend) moveToFront(this._forward_hooks, h.id);
    return h;
  }

  // ---- registration ----
  register_buffer(name: string, tensor: Tensor | null, persistent: boolean | { persistent?: boolean } = true): void {
    const pers = isOptions(persistent) ? persistent.persistent ?? true : persistent;
    if (typeof name !== "string") throw new TypeError(`buffer name should be a string. Got ${typename(name)}`);
    if (name.includes(".")) throw keyError(`buffer name can't contain "."`);
    if (name === "") throw keyError(`buffer name can't be empty string ""`);
    if ((this as any)[name] !== undefined && !this._buffer_names.has(name)) throw keyError(`attribute '${name}' already exists`);
    if (tensor !== null && !(tensor instanceof Tensor))
      throw new TypeError(`cannot assign '${typename(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    this._buffer_names.add(name);
    (this as any)[name] = keep(tensor);
    // after the assignment, whose __setattr__ would take an nn.Buffer's own persistence
    if (pers) this._non_persistent_buffers_set.delete(name);
    else this._non_persistent_buffers_set.add(name);
  }

  register_parameter(name: string, param: Parameter | null): void {
    if (typeof name !== "string") throw new TypeError(`parameter name should be a string. Got ${typename(name)}`);
    if (name.includes(".")) throw keyError(`parameter name can't contain "."`);
    if (name === "") throw keyError(`parameter name can't be empty string ""`);
    if ((this as any)[name] !== undefined && !this._param_names.has(name) && !((this as any)[name] instanceof Parameter))
      throw keyError(`attribute '${name}' already exists`);
    if (param !== null && !(param instanceof Parameter))
      throw new TypeError(`cannot assign '${typename(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    this._param_names.add(name);
    (this as any)[name] = param;
  }

  add_module(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${typename(module)} is not a Module subclass`);
    if (typeof name !== "string") throw new TypeError(`module name should be a string. Got ${typename(name)}`);
    if ((this as any)[name] !== undefined && !this._module_names.has(name) && !((this as any)[name] instanceof Module))
      throw keyError(`attribute '${name}' already exists`);
    if (name.includes(".")) throw keyError(`module name can't contain ".", got: ${name}`);
    if (name === "") throw keyError(`module name can't be empty string ""`);
    this._module_names.add(name);
    (this as any)[name] = module;
  }
  register_module(name: string, module: Module | null): void { this.add_module(name, module); }

  /** Python's self._parameters: this module's own parameters (None included), in order. */
  get _parameters(): Map<string, Parameter | null> { return ownMembers(this._self, Parameter, this._self._param_names); }
  /** Python's self._buffers. */
  get _buffers(): Map<string, Tensor | null> {
    const m = new OrderedDictView<Tensor | null>();
    const self = this._self as any;
    for (const k of self._buffer_names as Set<string>) {
      const v = self[k];
      if (v === null || v === undefined || v instanceof Tensor) m.set(k, v ?? null);
    }
    return m;
  }
  /** Python's self._modules: the direct submodules (None included), in order. */
  get _modules(): Map<string, Module | null> { return ownMembers(this._self, Module, this._self._module_names); }

  // ---- traversal ----
  private _named_members<T>(get: (m: Module) => Map<string, T | null>, prefix: string, recurse: boolean, remove_duplicate = true): [string, T][] {
    const memo = new Set<T>();
    const out: [string, T][] = [];
    const mods: [string, Module][] = recurse ? this.named_modules(undefined, prefix, remove_duplicate) : [[prefix, this]];
    for (const [mp, mod] of mods) {
      for (const [k, v] of get(mod)) {
        if (v === null || memo.has(v)) continue;
        if (remove_duplicate) memo.add(v);
        out.push([mp + (mp ? "." : "") + k, v]);
      }
    }
    return out;
  }
  parameters(recurse: boolean | { recurse?: boolean } = true): Parameter[] {
    const [rec] = bindArgs("parameters", [["recurse", true]], [recurse]);
    return this.named_parameters("", rec).map(([, p]) => p);
  }
  /** named_parameters(prefix="", recurse=true, remove_duplicate=true (2.x)) */
  named_parameters(prefix?: string | { prefix?: string; recurse?: boolean; remove_duplicate?: boolean }, recurse?: boolean | { recurse?: boolean; remove_duplicate?: boolean }, remove_duplicate?: boolean | { remove_duplicate?: boolean }): [string, Parameter][];
  named_parameters(...args: any[]): [string, Parameter][] {
    const [pre, rec, dup] = bindArgs("named_parameters", MEMBERS_SIG(), args);
    return this._named_members((m) => m._parameters, pre, rec, dup);
  }
  buffers(recurse: boolean | { recurse?: boolean } = true): Tensor[] {
    const [rec] = bindArgs("buffers", [["recurse", true]], [recurse]);
    return this.named_buffers("", rec).map(([, b]) => b);
  }
  /** named_buffers(prefix="", recurse=true, remove_duplicate=true (2.x)) */
  named_buffers(prefix?: string | { prefix?: string; recurse?: boolean; remove_duplicate?: boolean }, recurse?: boolean | { recurse?: boolean; remove_duplicate?: boolean }, remove_duplicate?: boolean | { remove_duplicate?: boolean }): [string, Tensor][];
  named_buffers(...args: any[]): [string, Tensor][] {
    const [pre, rec, dup] = bindArgs("named_buffers", MEMBERS_SIG(), args);
    return this._named_members((m) => m._buffers, pre, rec, dup);
  }
  children(): Module[] { return this.named_children().map(([, m]) => m); }
  named_children(): [string, Module][] {
    const memo = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [k, m] of this._modules) {
      if (m !== null && !memo.has(m)) { memo.add(m); out.push([k, m]); }
    }
    return out;
  }
  /** modules(remove_duplicate=true (2.x)) */
  modules(remove_duplicate?: boolean | { remove_duplicate?: boolean }): Module[] {
    const [dup] = bindArgs("modules", V.nn2 ? [["remove_duplicate", true]] : [], remove_duplicate === undefined ? [] : [remove_duplicate]);
    return this.named_modules(undefined, "", dup ?? true).map(([, m]) => m);
  }
  named_modules(memo?: Set<Module> | null | { memo?: Set<Module> | null; prefix?: string; remove_duplicate?: boolean }, prefix = "", remove_duplicate = true): [string, Module][] {
    if (isOptions(memo)) { prefix = memo.prefix ?? ""; remove_duplicate = memo.remove_duplicate ?? true; memo = memo.memo; }
    const seen = (memo as Set<Module> | null | undefined) ?? new Set<Module>();
    const out: [string, Module][] = [];
    if (seen.has(this)) return out;
    if (remove_duplicate) seen.add(this);
    out.push([prefix, this]);
    for (const [name, m] of this._modules) {
      if (m === null) continue;
      out.push(...m.named_modules(seen, prefix + (prefix ? "." : "") + name, remove_duplicate));
    }
    return out;
  }
  get_submodule(target: string): Module {
    if (target === "") return this;
    let mod: Module = this;
    for (const item of target.split(".")) {
      const next = (mod as any)[item];
      if (next === undefined) throw new Error(`${mod._get_name()} has no attribute \`${item}\``);
      if (!(next instanceof Module)) throw new Error(`\`${item}\` is not an nn.Module`);
      mod = next;
    }
    return mod;
  }
  get_parameter(target: string): Parameter {
    const i = target.lastIndexOf(".");
    const mod = this.get_submodule(i < 0 ? "" : target.slice(0, i));
    const name = target.slice(i + 1);
    const p = (mod as any)[name];
    if (p === undefined) throw new Error(`${mod._get_name()} has no attribute \`${name}\``);
    if (!(p instanceof Parameter)) throw new Error(`\`${name}\` is not an nn.Parameter`);
    return p;
  }

  // ---- modes ----
  train(mode: boolean = true): this {
    if (typeof mode !== "boolean") throw valueError("training mode is expected to be boolean");
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }
  eval(): this { return this.train(false); }
  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }
  /** Removes (default from 2.0) or zeroes (1.13's default) the gradients of all parameters. */
  zero_grad(set_to_none: boolean | { set_to_none?: boolean } = V.zero_grad_set_to_none): void {
    const none = isOptions(set_to_none) ? set_to_none.set_to_none ?? V.zero_grad_set_to_none : set_to_none;
    zeroGrads(this.parameters(), none);
  }
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  // ---- conversion ----
  /** Applies fn to every parameter (through .data, as 1.13 does), gradient and buffer. */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const m of this.children()) m._apply(fn);
    no_grad(() => {
      for (const [, p] of this._parameters) {
        if (p === null) continue;
        p.data = fn(p);
        const g = p.grad;
        if (g !== null) g.data = fn(g);
      }
    });
    for (const [k, b] of this._buffers) if (b !== null) (this as any)[k] = keep(fn(b));
    return this;
  }
  /** to(device) | to(dtype) | to(device, dtype) | to(tensor) | to({ device, dtype, non_blocking }) */
  to(...args: any[]): this {
    let dev: DeviceLike | null = null, dt: dtype | null = null, non_blocking = false;
    for (const a of args) {
      if (a instanceof dtype) dt = a;
      else if (a instanceof device || typeof a === "string") dev = a;
      else if (typeof a === "number") dev = `cuda:${a}`;
      else if (a instanceof Tensor) { dev = a.device; dt = a.dtype; }
      else if (isOptions(a)) {
        if (a.device != null) dev = a.device as DeviceLike;
        if (a.dtype != null) dt = a.dtype as dtype;
        non_blocking = Boolean(a.non_blocking ?? non_blocking);
      } else if (a !== undefined && a !== null) throw new TypeError(`to() received an invalid combination of arguments - got (${typeof a === "object" ? a.constructor?.name : typename(a)})`);
    }
    if (dt !== null && !(dt.is_floating_point || dt.is_complex))
      throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dt}`);
    return this._apply((t) => t.to({
      device: dev, dtype: dt !== null && (t.is_floating_point() || t.is_complex()) ? dt : null, non_blocking,
    }));
  }
  cuda(dev?: DeviceLike | number | null): this { return this._apply((t) => t.cuda(dev ?? null)); }
  cpu(): this { return this._apply((t) => t.cpu()); }
  float(): this { return this._apply((t) => (t.is_floating_point() ? t.float() : t)); }
  double(): this { return this._apply((t) => (t.is_floating_point() ? t.double() : t)); }
  half(): this { return this._apply((t) => (t.is_floating_point() ? t.half() : t)); }
  type(dst_type: dtype): this { return this._apply((t) => t.type(dst_type)); }

  // ---- state dict ----
  /**
   * The parameters and persistent buffers by name, in Python's order, detached (unless
   * keep_vars), with the module versions in a non-enumerable `_metadata`.
   */
  state_dict(options: { destination?: StateDict; prefix?: string; keep_vars?: boolean } = {}): StateDict {
    let destination = options.destination;
    if (destination === undefined) {
      destination = {} as StateDict;
      Object.defineProperty(destination, "_metadata", { value: {}, enumerable: false, writable: true, configurable: true });
    }
    const prefix = options.prefix ?? "";
    const keep_vars = options.keep_vars ?? false;
    if (destination._metadata) destination._metadata[prefix.slice(0, -1)] = { version: (this.constructor as typeof Module)._version };
    this._save_to_state_dict(destination, prefix, keep_vars);
    for (const [name, m] of this._modules) {
      if (m !== null) m.state_dict({ destination, prefix: prefix + name + ".", keep_vars });
    }
    return destination;
  }
  protected _save_to_state_dict(destination: Record<string, Tensor>, prefix: string, keep_vars: boolean): void {
    for (const [name, p] of this._parameters) if (p !== null) destination[prefix + name] = keep_vars ? p : p.detach();
    for (const [name, b] of this._buffers) {
      if (b !== null && !this._non_persistent_buffers_set.has(name)) destination[prefix + name] = keep_vars ? b : b.detach();
    }
  }

  /**
   * Copies parameters and buffers from state_dict. Checks everything first: on error nothing
   * is copied and PyTorch's message lists missing and unexpected keys and size mismatches.
   */
  load_state_dict(state_dict: Record<string, unknown> | Map<string, unknown>, strict?: boolean | { strict?: boolean; assign?: boolean }, assign?: boolean | { assign?: boolean }): IncompatibleKeys;
  load_state_dict(state_dict: Record<string, unknown> | Map<string, unknown>, ...args: any[]): IncompatibleKeys {
    // assign (2.1): the module takes the state dict's tensors (wrapped as Parameters where it
    // held Parameters) instead of copying their values into its own.
    const [str, assign] = bindArgs("load_state_dict", [["strict", true], ...(V.load_state_dict_assign ? [["assign", false] as const] : [])], args);
    if (state_dict === null || typeof state_dict !== "object")
      throw new TypeError(`Expected state_dict to be dict-like, got ${typename(state_dict)}.`);
    const entries = state_dict instanceof Map ? [...state_dict.entries()] : Object.entries(state_dict);
    const sd = new Map<string, unknown>(entries.filter(([k]) => k !== "_metadata"));
    const rawMeta = (state_dict as any)._metadata ?? (state_dict instanceof Map ? state_dict.get("_metadata") : undefined);
    const metadata: Map<string, any> | null = rawMeta == null ? null : rawMeta instanceof Map ? rawMeta : new Map(Object.entries(rawMeta));
    const missing_keys: string[] = [];
    const unexpected_keys: string[] = [];
    const error_msgs: string[] = [];
    const copies: StateCopy[] = [];
    const load = (module: Module, local: Map<string, unknown>, prefix: string) => {
      const meta = metadata === null ? {} : metadata.get(prefix.slice(0, -1)) ?? {};
      const lm = { ...(meta instanceof Map ? Object.fromEntries(meta) : meta) };
      if (assign) lm.assign_to_params_buffers = assign;
      module._load_from_state_dict(local, prefix, lm, true, missing_keys, unexpected_keys, error_msgs, copies);
      for (const [name, child] of module._modules) {
        if (child === null) continue;
        const cp = prefix + name + ".";
        load(child, new Map([...local].filter(([k]) => k.startsWith(cp))), cp);
      }
    };
    load(this, sd, "");
    if (str) {
      if (unexpected_keys.length > 0) error_msgs.unshift(`Unexpected key(s) in state_dict: ${unexpected_keys.map((k) => `"${k}"`).join(", ")}. `);
      if (missing_keys.length > 0) error_msgs.unshift(`Missing key(s) in state_dict: ${missing_keys.map((k) => `"${k}"`).join(", ")}. `);
    }
    if (error_msgs.length > 0) throw runtimeError(`Error(s) in loading state_dict for ${this._get_name()}:\n\t${error_msgs.join("\n\t")}`);
    no_grad(() => {
      for (const c of copies) {
        if (typeof c === "function") c();
        else c[0].copy_(c[1]);
      }
    });
    return { missing_keys, unexpected_keys };
  }

  /**
   * Checks this module's own entries of state_dict; the copies ([param, input], or a function
   * that assigns) are queued in `copies`.
   */
  _load_from_state_dict(state_dict: Map<string, unknown>, prefix: string, local_metadata: Record<string, any>, strict: boolean,
    missing_keys: string[], unexpected_keys: string[], error_msgs: string[], copies: StateCopy[]): void {
    const assign = Boolean(local_metadata.assign_to_params_buffers);
    const local = new Map<string, Tensor>();
    for (const [k, p] of this._parameters) if (p !== null) local.set(k, p);
    for (const [k, b] of this._buffers) if (b !== null && !this._non_persistent_buffers_set.has(k)) local.set(k, b);
    for (const [name, param] of local) {
      const key = prefix + name;
      if (state_dict.has(key)) {
        let input = state_dict.get(key);
        if (!(input instanceof Tensor)) {
          error_msgs.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${pyType(input)}`);
          continue;
        }
        if (param.dim() === 0 && input.dim() === 1 && (!V.load_state_dict_scalar_one || input.shape[0] === 1)) input = input.index(0);
        const ps = param.shape, is = (input as Tensor).shape;
        if (ps.length !== is.length || ps.some((v, i) => v !== is[i])) {
          error_msgs.push(`size mismatch for ${key}: copying a param with shape ${is} from checkpoint, the shape in current model is ${ps}.`);
          continue;
        }
        if (assign) {
          const value = input as Tensor;
          copies.push(() => {
            let v: Tensor = value;
            if (param instanceof Parameter) v = v instanceof Parameter ? v.requires_grad_(param.requires_grad) : new Parameter(v, param.requires_grad);
            (this as any)[name] = v;
          });
        } else copies.push([param, input as Tensor]);
      } else if (strict) missing_keys.push(key);
    }
    if (strict) {
      const mods = this._modules;
      for (const key of state_dict.keys()) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        const dot = rest.indexOf(".");
        const input_name = dot < 0 ? rest : rest.slice(0, dot);
        // 2.4: a dotted key must name a submodule, a plain one a parameter or buffer.
        const known = !V.load_state_dict_prefix_keys ? mods.has(input_name) || local.has(input_name)
          : dot >= 0 ? mods.has(input_name) : local.has(input_name);
        if (!known) unexpected_keys.push(key);
      }
    }
  }

  // ---- printing ----
  _get_name(): string { return this.constructor.name; }
  /** Extra information printed inside the parentheses; one line or several. */
  extra_repr(): string { return ""; }
  __repr__(): string {
    const extra = this.extra_repr();
    const extra_lines = extra ? extra.split("\n") : [];
    const child_lines: string[] = [];
    for (const [key, m] of this._modules) child_lines.push(`(${key}): ${addindent(m === null ? "None" : m.__repr__(), 2)}`);
    const lines = [...extra_lines, ...child_lines];
    let main = this._get_name() + "(";
    if (lines.length) {
      if (extra_lines.length === 1 && child_lines.length === 0) main += extra_lines[0];
      else main += "\n  " + lines.join("\n  ") + "\n";
    }
    return main + ")";
  }
  toString(): string { return this.__repr__(); }
  [inspect.custom](): string { return this.__repr__(); }
}

// A module's own properties holding a `cls` (registering their names in `names`), and the
// registered names set to null, in insertion order: Python's _parameters or _modules.
function ownMembers<T>(self: Module, cls: abstract new (...a: any[]) => T, names: Set<string>): Map<string, T | null> {
  const m = new OrderedDictView<T | null>();
  for (const k of Object.keys(self)) {
    const v = (self as any)[k];
    if (v instanceof cls) { m.set(k, v); names.add(k); }
    else if (v === null && names.has(k)) m.set(k, null);
  }
  return m;
}

// Python's Module.__setattr__ and __delattr__ checks, on the target of a module's Proxy.
const SETATTR: ProxyHandler<Module> = {
  defineProperty(m, key, desc) {
    if (typeof key === "string" && "value" in desc && desc.enumerable !== false) setattr(m, key, desc.value);
    return Reflect.defineProperty(m, key, desc);
  },
  deleteProperty(m, key) {
    if (typeof key === "string") for (const names of [m._param_names, m._buffer_names, m._non_persistent_buffers_set, m._module_names]) names.delete(key);
    return Reflect.deleteProperty(m, key);
  },
};
function setattr(m: Module, name: string, value: unknown): void {
  const cur = Object.hasOwn(m, name) ? (m as any)[name] : undefined;
  const unregister = (...sets: Set<string>[]) => { for (const s of sets) s.delete(name); };
  if (value instanceof Parameter) return unregister(m._buffer_names, m._non_persistent_buffers_set, m._module_names);
  if (cur instanceof Parameter || m._param_names.has(name)) {
    if (value != null) throw new TypeError(`cannot assign '${typename(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`);
    return;
  }
  if (value instanceof Module) return unregister(m._param_names, m._buffer_names, m._non_persistent_buffers_set);
  if (cur instanceof Module || m._module_names.has(name)) {
    if (value != null) throw new TypeError(`cannot assign '${typename(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
    return;
  }
  // 2.5: an nn.Buffer registers its name as a buffer (persistent as the Buffer says); a name
  // registered as a buffer takes a Tensor or null, keeping its persistence.
  const isBuffer = V.nn_buffer && value instanceof Buffer;
  if (!isBuffer && !m._buffer_names.has(name)) return;
  if (value != null && !(value instanceof Tensor))
    throw new TypeError(`cannot assign '${typename(value)}' as buffer '${name}' (${V.nn_buffer ? "torch.nn.Buffer, " : ""}torch.Tensor or None expected)`);
  if (isBuffer && !m._buffer_names.has(name)) {
    // register_buffer's checks
    if (name.includes(".")) throw keyError(`buffer name can't contain "."`);
    if (name === "") throw keyError(`buffer name can't be empty string ""`);
    if ((m as any)[name] !== undefined) throw keyError(`attribute '${name}' already exists`);
  }
  m._buffer_names.add(name);
  if (isBuffer) {
    if ((value as Buffer).persistent) m._non_persistent_buffers_set.delete(name);
    else m._non_persistent_buffers_set.add(name);
  }
  keep(value as Tensor | null);
}

function keyError(msg: string): Error {
  const e = new Error(msg);
  e.name = "KeyError";
  return e;
}
function pyType(v: unknown): string { return `<class '${typename(v)}'>`; }

