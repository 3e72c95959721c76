// torch/nn/modules/container.py: Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict.
// Children are own properties named "0", "1", ..., as Python's _modules keys.
import { Tensor } from "../tensor";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { typename, valueError } from "./_utils";
import { pyError } from "../tensor";
import { V } from "../version";

function addindent(s: string, n: number): string {
  const lines = s.split("\n");
  if (lines.length === 1) return s;
  const first = lines.shift()!;
  return first + "\n" + lines.map((l) => " ".repeat(n) + l).join("\n");
}

function indexError(msg: string): Error {
  const e = new Error(msg);
  e.name = "IndexError";
  return e;
}

/** Modules run in order, each on the previous one's output. */
export class Sequential extends Module {
  [index: number]: Module;
  /** Sequential(m0, m1, ...) or Sequential(Map | { name: module }) (Python's OrderedDict form). */
  constructor(...args: (Module | Map<string, Module> | Record<string, Module>)[]) {
    super();
    if (args.length === 1 && !(args[0] instanceof Module) && typeof args[0] === "object" && args[0] !== null) {
      const entries = args[0] instanceof Map ? [...args[0].entries()] : Object.entries(args[0]);
      for (const [k, m] of entries) this.add_module(k, m);
    } else {
      args.forEach((m, i) => this.add_module(String(i), m as Module));
    }
  }
  get length(): number { return this._modules.size; }
  /** `seq[idx]`; negative indices count from the end. */
  at(idx: number): Module {
    const mods = [...this._modules.values()];
    const n = mods.length;
    if (!(-n <= idx && idx < n)) throw indexError(`index ${idx} is out of range`);
    return mods[idx < 0 ? idx + n : idx]!;
  }
  /** Python's seq[start:stop]: a new Sequential of the same modules (keys kept). */
  slice(start?: number, stop?: number): Sequential {
    const entries = [...this._modules.entries()].slice(start, stop);
    return new Sequential(new Map(entries as [string, Module][]));
  }
  append(module: Module): this {
    this.add_module(String(this.length), module);
    return this;
  }
  extend(sequential: Iterable<Module>): this {
    for (const m of sequential) this.append(m);
    return this;
  }
  insert(index: number, module: Module): this {
    if (!(module instanceof Module)) throw new Error(`module should be of type: ${Module.name}`);
    const n = this.length;
    if (!(-n <= index && index <= n)) throw indexError(`Index out of range: ${index}`);
    if (index < 0) index += n;
    for (let i = n; i > index; i--) (this as any)[String(i)] = (this as any)[String(i - 1)];
    (this as any)[String(index)] = module;
    return this;
  }
  *[Symbol.iterator](): Iterator<Module> {
    for (const m of this._modules.values()) if (m !== null) yield m;
  }
  forward(input: any): any {
    // this._modules' walk, without building the map on every call
    const self = this._self as any;
    for (const k of Object.keys(self)) {
      const m = self[k];
      if (m instanceof Module) input = m(input);
    }
    return input;
  }
}

/** Holds submodules in a list; they are registered and visible to parameters(), to(), etc. */
export class ModuleList extends Module {
  [index: number]: Module;
  constructor(modules?: Iterable<Module> | null) {
    super();
    if (modules != null) this.extend(modules);
  }
  get length(): number { return this._modules.size; }
  at(idx: number): Module {
    const n = this.length;
    if (!(-n <= idx && idx < n)) throw indexError(`index ${idx} is out of range`);
    return (this as any)[String(idx < 0 ? idx + n : idx)];
  }
  append(module: Module): this {
    this.add_module(String(this.length), module);
    return this;
  }
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }
  insert(index: number, module: Module): void {
    const n = this.length;
    for (let i = n; i > index; i--) (this as any)[String(i)] = (this as any)[String(i - 1)];
    this.add_module(String(index), module);
  }
  *[Symbol.iterator](): Iterator<Module> {
    for (const m of this._modules.values()) if (m !== null) yield m;
  }
  /** 2.0: runs of modules with equal reprs print once, as "(0-2): 3 x Linear(...)". */
  __repr__(): string {
    if (!V.nn2) return super.__repr__();
    const reprs = [...this._modules.values()].map((m) => (m === null ? "None" : m.__repr__()));
    if (reprs.length === 0) return this._get_name() + "()";
    const blocks: [number, number, string][] = [];
    reprs.forEach((r, i) => {
      const last = blocks[blocks.length - 1];
      if (last !== undefined && last[2] === r) last[1] = i;
      else blocks.push([i, i, r]);
    });
    const lines = blocks.map(([a, b, r]) => addindent(a === b ? `(${a}): ${r}` : `(${a}-${b}): ${b - a + 1} x ${r}`, 2));
    return `${this._get_name()}(\n  ${lines.join("\n  ")}\n)`;
  }
}

/** Holds submodules by name, in insertion order. */
export class ModuleDict extends Module {
  constructor(modules?: Map<string, Module> | Record<string, Module> | Iterable<[string, Module]> | null) {
    super();
    if (modules != null) this.update(modules);
  }
  get length(): number { return this._modules.size; }
  get(key: string): Module | undefined { return this._modules.get(key) ?? undefined; }
  set(key: string, module: Module): void { this.add_module(key, module); }
  has(key: string): boolean { return this._modules.has(key); }
  keys(): string[] { return [...this._modules.keys()]; }
  values(): Module[] { return [...this._modules.values()].filter((m): m is Module => m !== null); }
  items(): [string, Module][] { return [...this._modules.entries()].filter((e): e is [string, Module] => e[1] !== null); }
  pop(key: string): Module {
    const m = this.get(key);
    if (m === undefined) { const e = new Error(`'${key}'`); e.name = "KeyError"; throw e; }
    delete (this as any)[key];
    this._module_names.delete(key);
    return m;
  }
  update(modules: Map<string, Module> | Record<string, Module> | Iterable<[string, Module]>): void {
    const entries = modules instanceof Map ? [...modules.entries()]
      : Symbol.iterator in (modules as object) ? [...(modules as Iterable<[string, Module]>)] : Object.entries(modules);
    for (const [k, m] of entries) this.add_module(k, m);
  }
  *[Symbol.iterator](): Iterator<string> { yield* this._modules.keys(); }
}

/** Holds parameters in a list; plain tensors appended become Parameters. */
export class ParameterList extends Module {
  [index: number]: Parameter;
  constructor(values?: Iterable<Tensor> | null) {
    super();
    if (values != null) this.extend(values);
  }
  get length(): number { return this._parameters.size; }
  at(idx: number): Parameter {
    const n = this.length;
    if (!(-n <= idx && idx < n)) throw indexError(`index ${idx} is out of range`);
    return (this as any)[String(idx < 0 ? idx + n : idx)];
  }
  append(value: Tensor): this {
    const p = value instanceof Parameter ? value : value instanceof Tensor ? new Parameter(value) : value;
    if (!(p instanceof Parameter)) throw new TypeError(`cannot assign '${typename(value)}' object to parameter '${this.length}' (torch.nn.Parameter or None required)`);
    this.register_parameter(String(this.length), p);
    return this;
  }
  extend(values: Iterable<Tensor>): this {
    for (const v of values) this.append(v);
    return this;
  }
  *[Symbol.iterator](): Iterator<Parameter> {
    for (const p of this._parameters.values()) if (p !== null) yield p;
  }
  extra_repr(): string {
    const lines: string[] = [];
    let k = 0;
    for (const p of this) {
      const size = p.shape.join("x");
      const dev = p.is_cuda ? ` (GPU ${p.device.index ?? 0})` : "";
      lines.push(`  (${k++}): Parameter containing: [${p.dtype} of size ${size}${dev}]`);
    }
    return lines.join("\n");
  }
}

function keyError(key: string): Error {
  const e = new Error(`'${key}'`);
  e.name = "KeyError";
  return e;
}
type ParamEntries = Map<string, unknown> | ParameterDict | Record<string, unknown> | Iterable<[string, unknown]>;

/**
 * Holds parameters by name, in insertion order; plain tensors set become Parameters, other values
 * are kept as plain attributes. A Map (Python's OrderedDict) or ParameterDict keeps its order, a
 * plain object (Python's dict) is taken in sorted key order, as ParameterDict.update does.
 */
export class ParameterDict extends Module {
  declare _keys: Map<string, null>;
  constructor(parameters?: ParamEntries | null) {
    super();
    Object.defineProperty(this, "_keys", { value: new Map(), enumerable: false, writable: true });
    if (parameters != null) this.update(parameters);
  }
  private _key_to_attr(key: unknown): string {
    if (typeof key !== "string")
      throw new TypeError(`Index given to ParameterDict cannot be used as a key as it is not a string (type is '${typename(key)}'). Open an issue on github if you need non-string keys.`);
    return key;
  }
  get length(): number { return this._keys.size; }
  /** Python's self[key]. */
  get(key: string, default_: unknown = undefined): any {
    if (default_ !== undefined || arguments.length > 1) return this.has(key) ? this.get(key) : default_;
    const attr = this._key_to_attr(key);
    if (!(attr in this)) throw pyError("AttributeError", `'ParameterDict' object has no attribute '${attr}'`);
    return (this as any)[attr];
  }
  /** Python's self[key] = value. */
  set(key: string, value: unknown): void {
    this._keys.set(key, null);
    const attr = this._key_to_attr(key);
    (this as any)[attr] = value instanceof Tensor && !(value instanceof Parameter) ? new Parameter(value) : value;
  }
  /** Python's del self[key]. */
  delete(key: string): void {
    if (!this._keys.has(key)) throw keyError(key);
    this._keys.delete(key);
    delete (this as any)[this._key_to_attr(key)];
  }
  has(key: string): boolean { return this._keys.has(key); }
  keys(): string[] { return [...this._keys.keys()]; }
  values(): any[] { return this.keys().map((k) => this.get(k)); }
  items(): [string, any][] { return this.keys().map((k) => [k, this.get(k)]); }
  *[Symbol.iterator](): Iterator<string> { yield* this.keys(); }
  copy(): ParameterDict { return new ParameterDict(new Map(this.items())); }
  setdefault(key: string, default_: unknown = null): any {
    if (!this.has(key)) this.set(key, default_);
    return this.get(key);
  }
  clear(): void { for (const k of this.keys()) this.delete(k); }
  pop(key: string): any {
    const v = this.get(key);
    this.delete(key);
    return v;
  }
  /** Removes and returns the last inserted [key, value]. */
  popitem(): [string, any] {
    const ks = this.keys();
    if (ks.length === 0) throw keyError("popitem(): dictionary is empty");
    const k = ks[ks.length - 1];
    return [k, this.pop(k)];
  }
  fromkeys(keys: Iterable<string>, default_: unknown = null): ParameterDict {
    return new ParameterDict([...keys].map((k) => [k, default_] as [string, unknown]));
  }
  update(parameters: ParamEntries): void {
    if (typeof parameters !== "object" || parameters === null)
      throw new TypeError(`ParametersDict.update should be called with an iterable of key/value pairs, but got ${typename(parameters)}`);
    if (parameters instanceof Map || parameters instanceof ParameterDict) {
      for (const [k, v] of parameters instanceof Map ? parameters.entries() : parameters.items()) this.set(k, v);
    } else if (!(Symbol.iterator in parameters)) {
      for (const k of Object.keys(parameters).sort()) this.set(k, (parameters as Record<string, unknown>)[k]);
    } else {
      let j = 0;
      for (const p of parameters as Iterable<unknown>) {
        if (typeof p !== "object" || p === null || !(Symbol.iterator in p))
          throw new TypeError(`ParameterDict update sequence element #${j} should be Iterable; is${typename(p)}`);
        const pair = [...(p as Iterable<unknown>)];
        if (pair.length !== 2)
          throw valueError(`ParameterDict update sequence element #${j} has length ${pair.length}; 2 is required`);
        this.set(pair[0] as string, pair[1]);
        j++;
      }
    }
  }
  extra_repr(): string {
    return this.items().map(([k, p]) => {
      if (!(p instanceof Tensor)) return `  (${k}): Object of type: ${typename(p)}`;
      const dev = p.device.type === "cuda" ? ` (${p.device})` : "";
      return `  (${k}): ${p instanceof Parameter ? "Parameter" : "Tensor"} containing: [${typename(p)} of size ${p.shape.join("x")}${dev}]`;
    }).join("\n");
  }
  forward(): never { throw pyError("RuntimeError", "ParameterDict should not be called."); }
}
