// torch.nn.utils.parametrize (torch/nn/utils/parametrize.py): a tensor of a module computed by
// modules from `parametrizations.<name>.original`. As in Python the module's class becomes a
// subclass "Parametrized<Class>" whose property <name> runs the parametrization (reading) or
// its right_inverse (assigning), so the state_dict keys are Python's.
import { Tensor, pyError } from "../../tensor";
import { no_grad } from "../../autograd";
import { Module } from "../module";
import { Parameter } from "../parameter";
import { ModuleList, ModuleDict } from "../container";
import { isOptions } from "../../_ops";
import { bindArgs, valueError } from "../_utils";

const typeName = (v: unknown) => (v === null || v === undefined ? "NoneType" : Array.isArray(v) ? "list" : v instanceof Tensor ? "Tensor" : typeof v);
const sizeStr = (t: Tensor) => `torch.Size([${t.shape.join(", ")}])`;
const sameShape = (a: Tensor, b: Tensor) => a.shape.length === b.shape.length && a.shape.every((v, i) => v === b.shape[i]);
/** Python's NotImplementedError, which right_inverse may raise to say it has none. */
export class NotImplementedError extends Error {
  constructor(msg = "") { super(msg); this.name = "NotImplementedError"; }
}
/** A parametrization: a module whose forward maps the originals to the tensor, optionally with right_inverse. */
type Parametrization = Module & { right_inverse?: (...a: any[]) => any };

let _cache_enabled = 0;
let _cache = new Map<string, Tensor>();
const ids = new WeakMap<object, number>();
let next_id = 0;
const idOf = (m: object) => { if (!ids.has(m)) ids.set(m, next_id++); return ids.get(m)!; };

/** cached(fn): inside fn each parametrized tensor is computed once (Python's `with cached():`). */
export function cached<T>(fn: () => T): T {
  _cache_enabled++;
  try {
    return fn();
  } finally {
    _cache_enabled--;
    if (!_cache_enabled) _cache = new Map();
  }
}

function _register_parameter_or_buffer(module: Module, name: string, X: Tensor): void {
  if (X instanceof Parameter) module.register_parameter(name, X);
  else module.register_buffer(name, X);
}
// Python's set_(): `dest` keeps its identity and takes src's data.
function _maybe_set(dest: Tensor, src: Tensor): void { dest.data = src; }

/** The parametrizations of one tensor, applied in order to `original` (or original0, original1, ...). */
export class ParametrizationList extends ModuleList {
  declare original: Tensor;
  unsafe!: boolean;
  is_tensor!: boolean;
  ntensors!: number;
  constructor(modules: Iterable<Module>, original: Tensor, unsafe: boolean | { unsafe?: boolean } = false) {
    const mods = [...modules];
    if (mods.length === 0) throw valueError("ParametrizationList requires one or more modules.");
    super(mods);
    this.unsafe = isOptions(unsafe) ? unsafe.unsafe ?? false : unsafe;
    const original_shape = original.shape, original_dtype = original.dtype;
    let next: any = original;
    no_grad(() => {
      for (const module of [...mods].reverse()) {
        const ri = (module as Parametrization).right_inverse;
        if (typeof ri !== "function") continue;
        try {
          next = ri.call(module, next);
        } catch (e) {
          if (!(e instanceof NotImplementedError)) throw e;
        }
      }
    });
    if (!(next instanceof Tensor) && !Array.isArray(next))
      throw valueError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got ${typeName(next)}`);
    this.is_tensor = next instanceof Tensor;
    this.ntensors = this.is_tensor ? 1 : next.length;
    if (next instanceof Tensor) {
      if (original.dtype !== next.dtype)
        throw valueError(`When \`right_inverse\` outputs one tensor, it may not change the dtype.\noriginal.dtype: ${original.dtype}\nright_inverse(original).dtype: ${next.dtype}`);
      if (String(original.device) !== String(next.device))
        throw valueError(`When \`right_inverse\` outputs one tensor, it may not change the device.\noriginal.device: ${original.device}\nright_inverse(original).device: ${next.device}`);
      const t = next as Tensor;
      no_grad(() => _maybe_set(original, t));
      _register_parameter_or_buffer(this, "original", original);
    } else {
      (next as unknown[]).forEach((o, i) => {
        if (!(o instanceof Tensor))
          throw valueError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got element ${i} of the sequence with type ${typeName(o)}.`);
        let originali: Tensor = o;
        if (original instanceof Parameter) originali = new Parameter(originali, original.requires_grad);
        originali.requires_grad_(original.requires_grad);
        _register_parameter_or_buffer(this, `original${i}`, originali);
      });
    }
    if (!this.unsafe) {
      const Z = this.forward();
      if (!(Z instanceof Tensor)) throw valueError(`A parametrization must return a tensor. Got ${typeName(Z)}.`);
      if (Z.dtype !== original_dtype)
        throw valueError(`Registering a parametrization may not change the dtype of the tensor, unless \`unsafe\` flag is enabled.\nunparametrized dtype: ${original_dtype}\nparametrized dtype: ${Z.dtype}`);
      if (Z.shape.length !== original_shape.length || Z.shape.some((v, i) => v !== original_shape[i]))
        throw valueError(`Registering a parametrization may not change the shape of the tensor, unless \`unsafe\` flag is enabled.\nunparametrized shape: torch.Size([${original_shape.join(", ")}])\nparametrized shape: ${sizeStr(Z)}`);
    }
  }

  /** Sets the originals from a value of the parametrized tensor, through each right_inverse in reverse. */
  right_inverse(value: Tensor): void {
    no_grad(() => {
      let v: any = value;
      for (const module of [...this].reverse()) {
        const ri = (module as Parametrization).right_inverse;
        if (typeof ri !== "function") throw pyError("RuntimeError", `parametrization ${module._get_name()} does not implement right_inverse.`);
        v = ri.call(module, v);
      }
      if (this.is_tensor) {
        if (!(v instanceof Tensor)) throw valueError(`\`right_inverse\` should return a tensor. Got ${typeName(v)}`);
        if (v.dtype !== this.original.dtype)
          throw valueError(`The tensor returned by \`right_inverse\` has dtype ${v.dtype} while \`original\` has dtype ${this.original.dtype}`);
        _maybe_set(this.original, v);
      } else {
        if (!Array.isArray(v)) throw valueError(`'right_inverse' must return a sequence of tensors. Got ${typeName(v)}.`);
        if (v.length !== this.ntensors)
          throw valueError(`'right_inverse' must return a sequence of tensors of length ${this.ntensors}. Got a sequence of length ${v.length}.`);
        v.forEach((t: unknown, i: number) => {
          const original_i: Tensor = (this as any)[`original${i}`];
          if (!(t instanceof Tensor))
            throw valueError(`'right_inverse' must return a sequence of tensors or reference-type opaques. Got element ${i} of type ${typeName(t)}.`);
          if (original_i.dtype !== t.dtype)
            throw valueError(`Tensor ${i} returned by \`right_inverse\` has dtype ${t.dtype} while \`original${i}\` has dtype ${original_i.dtype}`);
          _maybe_set(original_i, t);
        });
      }
    });
  }

  forward(): Tensor {
    const mods = [...this];
    let x: Tensor = this.is_tensor ? mods[0](this.original)
      : mods[0](...Array.from({ length: this.ntensors }, (_, i) => (this as any)[`original${i}`]));
    for (let i = 1; i < mods.length; i++) x = mods[i](x);
    return x;
  }
}

/** The class a parametrized module had before its first parametrization. */
const ORIGINAL_CLASS = Symbol("original class");

function _inject_new_class(module: Module): void {
  const cls = module.constructor as any;
  const param_cls = class extends cls {};
  Object.defineProperty(param_cls, "name", { value: `Parametrized${cls.name}` });
  Object.defineProperty(param_cls, ORIGINAL_CLASS, { value: cls });
  if (Object.hasOwn(cls, "__module__")) Object.defineProperty(param_cls, "__module__", { value: "torch.nn.utils.parametrize" });
  Object.setPrototypeOf(module, param_cls.prototype);
}

function _inject_property(module: Module, tensor_name: string): void {
  if ((module as any)[tensor_name] !== undefined) throw pyError("AssertionError", `Module already has an attribute named '${tensor_name}'`);
  const key = `${idOf(module._self)}:${tensor_name}`;
  Object.defineProperty(module.constructor.prototype, tensor_name, {
    configurable: true,
    enumerable: false,
    get(this: any) {
      const parametrization: ParametrizationList = this.parametrizations.get(tensor_name);
      if (!_cache_enabled) return parametrization();
      let tensor = _cache.get(key);
      if (tensor === undefined) {
        tensor = parametrization() as Tensor;
        _cache.set(key, tensor);
      }
      return tensor;
    },
    set(this: any, value: Tensor) { this.parametrizations.get(tensor_name).right_inverse(value); },
  });
}

/**
 * register_parametrization(module, tensor_name, parametrization, *, unsafe=false): module.<tensor_name>
 * becomes parametrization(original); a second call on the same name chains another one.
 */
export function register_parametrization(module: Module, tensor_name: string, parametrization: Parametrization, ...args: any[]): Module {
  const [unsafe] = bindArgs("register_parametrization", [], args, [["unsafe", false]]);
  parametrization.train(module.training);
  if (is_parametrized(module, tensor_name)) {
    if (!unsafe) {
      const Y: Tensor = (module as any)[tensor_name];
      const X = parametrization(Y);
      if (!(X instanceof Tensor)) throw valueError(`A parametrization must return a tensor. Got ${typeName(X)}.`);
      if (X.dtype !== Y.dtype)
        throw valueError(`Registering a parametrization may not change the dtype of the tensor, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.dtype: ${Y.dtype}\nparametrization(module.${tensor_name}).dtype: ${X.dtype}`);
      if (!sameShape(X, Y))
        throw valueError(`Registering a parametrization may not change the shape of the tensor, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.shape: ${sizeStr(Y)}\nparametrization(module.${tensor_name}).shape: ${sizeStr(X)}`);
      if (typeof parametrization.right_inverse === "function") {
        let Z: unknown = undefined;
        try {
          Z = parametrization.right_inverse(X);
        } catch (e) {
          if (!(e instanceof NotImplementedError)) throw e;
        }
        if (Z !== undefined) {
          if (!(Z instanceof Tensor)) throw valueError(`parametrization.right_inverse must return a tensor. Got: ${typeName(Z)}`);
          if (Z.dtype !== Y.dtype)
            throw valueError(`The tensor returned by parametrization.right_inverse must have the same dtype as module.${tensor_name}, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.dtype: ${Y.dtype}\nreturned dtype: ${Z.dtype}`);
          if (!sameShape(Z, Y))
            throw valueError(`The tensor returned by parametrization.right_inverse must have the same shape as module.${tensor_name}, unless the \`unsafe\` flag is enabled.\nmodule.${tensor_name}.shape: ${sizeStr(Y)}\nreturned shape: ${sizeStr(Z)}`);
        }
      }
    }
    const plist = (module as any).parametrizations.get(tensor_name) as ParametrizationList;
    plist.append(parametrization);
    plist.unsafe ||= unsafe;
  } else if (module._buffers.has(tensor_name) || module._parameters.has(tensor_name)) {
    const original: Tensor = (module as any)[tensor_name];
    const parametrizations = new ParametrizationList([parametrization], original, unsafe);
    delete (module as any)[tensor_name];
    if (!is_parametrized(module)) {
      _inject_new_class(module);
      (module as any).parametrizations = new ModuleDict();
    }
    _inject_property(module, tensor_name);
    (module as any).parametrizations.set(tensor_name, parametrizations);
  } else {
    throw valueError(`Module '${module}' does not have a parameter, a buffer, or a parametrized element with name '${tensor_name}'`);
  }
  return module;
}

/** is_parametrized(module, tensor_name=null) */
export function is_parametrized(module: Module, tensor_name: string | null = null): boolean {
  const parametrizations = Object.hasOwn(module._self, "parametrizations") ? (module as any).parametrizations : undefined;
  if (!(parametrizations instanceof ModuleDict)) return false;
  if (tensor_name === null) return parametrizations.length > 0;
  return parametrizations.has(tensor_name);
}

/**
 * remove_parametrizations(module, tensor_name, leave_parametrized=true): the tensor becomes a
 * plain parameter or buffer again, holding its current parametrized value (or the original).
 */
export function remove_parametrizations(module: Module, tensor_name: string, ...args: any[]): Module {
  const [leave_parametrized] = bindArgs("remove_parametrizations", [["leave_parametrized", true]], args);
  if (!is_parametrized(module, tensor_name)) throw valueError(`Module ${module} does not have a parametrization on ${tensor_name}`);
  const parametrizations = (module as any).parametrizations.get(tensor_name) as ParametrizationList;
  let original: Tensor;
  if (parametrizations.is_tensor) {
    original = parametrizations.original;
    if (leave_parametrized) {
      const t: Tensor = no_grad(() => (module as any)[tensor_name]);
      no_grad(() => _maybe_set(original, t));
    }
  } else {
    if (!leave_parametrized)
      throw valueError("Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.");
    const t: Tensor = (module as any)[tensor_name];
    original = t.requires_grad ? new Parameter(t) : t;
  }
  delete module.constructor.prototype[tensor_name];
  (module as any).parametrizations.pop(tensor_name);
  _register_parameter_or_buffer(module, tensor_name, original);
  if (!is_parametrized(module)) {
    delete (module as any).parametrizations;
    Object.setPrototypeOf(module, (module.constructor as any)[ORIGINAL_CLASS].prototype);
  }
  return module;
}

/** type_before_parametrizations(module): the module's class without the Parametrized subclass. */
export function type_before_parametrizations(module: Module): Function {
  return is_parametrized(module) ? (module.constructor as any)[ORIGINAL_CLASS] : module.constructor;
}

/**
 * transfer_parametrizations_and_params(from_module, to_module, tensor_name=null): registers
 * from_module's parametrizations (all, or tensor_name's) on to_module, sharing the originals.
 */
export function transfer_parametrizations_and_params(from_module: Module, to_module: Module, tensor_name: string | null = null): Module {
  if (!is_parametrized(from_module)) return to_module;
  const from = (from_module as any).parametrizations as ModuleDict;
  for (const parameter_name of tensor_name === null ? from.keys() : [tensor_name]) {
    if ((to_module as any)[parameter_name] === undefined)
      (to_module as any)[parameter_name] = new Parameter((from_module as any)[parameter_name]);
    const plist = from.get(parameter_name) as ParametrizationList;
    for (const param_func of plist) register_parametrization(to_module, parameter_name, param_func);
    const to = (to_module as any).parametrizations.get(parameter_name) as any;
    if (plist.is_tensor) to.original = plist.original;
    else for (let num = 0; (plist as any)[`original${num}`] !== undefined; num++) to[`original${num}`] = (plist as any)[`original${num}`];
  }
  return to_module;
}
