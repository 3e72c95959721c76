// torch.optim.Optimizer (torch/optim/optimizer.py of the linked release): param_groups,
// per-parameter state, zero_grad, state_dict / load_state_dict in Python's layout.
import { inspect } from "node:util";
import { Tensor, keep, in_tidy } from "../tensor";
import { float32, type dtype } from "../dtype";
import type { device } from "../device";
import { no_grad, enable_grad } from "../autograd";
import { isOptions } from "../_ops";
import { typename, valueError, pyStr, warn, zeroGrads } from "../nn/_utils";
import { copy_marks, is_float, mark_float } from "../serialization/_pytypes";
import { V } from "../version";
import { zeros } from "../nn/_ops";

// Copies keep what a checkpoint needs to know: tuples stay tuples (betas), floats stay floats.
function copyArray<T>(v: T): T {
  if (!Array.isArray(v)) return v;
  const c = [...v];
  copy_marks(v, c);
  return c as T;
}

/** Python's dict.setdefault: sets `key` only where the group lacks it (a null value stays). */
export function setdefault(group: Record<string, any>, key: string, value: unknown): any {
  if (!(key in group)) group[key] = value;
  return group[key];
}

/** Python's KeyError(key): str() of it quotes the key. */
export function keyError(key: string): Error {
  const e = new Error(`'${key}'`);
  e.name = "KeyError";
  return e;
}

/** A 0-d tensor of the default dtype holding `v` (Python's torch.tensor(float(v))). */
export function scalarTensor(v: number): Tensor {
  return zeros([]).fill_(v);
}

/**
 * __setstate__ of the 2.x optimizers: each group gets the keys it lacks, and the named state
 * entries that are plain numbers (older checkpoints) become 0-d tensors.
 */
export function setstateGroups(opt: Optimizer, keys: [string, unknown][], tensorKeys: string[] = []): void {
  for (const g of opt.param_groups) {
    for (const [k, v] of keys) setdefault(g, k, v);
    for (const p of g.params) {
      const s = opt.state.get(p);
      if (s === undefined || Object.keys(s).length === 0) continue;
      for (const k of tensorKeys) if (typeof s[k] === "number") s[k] = scalarTensor(s[k]);
    }
  }
}

/** Python's `if not 0.0 <= value: raise ValueError(f"Invalid {what}: {value}")`. */
export function checkNonNegative(value: number, what: string): void {
  if (!(0.0 <= value)) throw valueError(`Invalid ${what}: ${value}`);
}

/** Python's beta range checks (0 <= beta < 1). */
export function checkBetas(betas: number[]): void {
  if (!(0.0 <= betas[0] && betas[0] < 1.0)) throw valueError(`Invalid beta parameter at index 0: ${betas[0]}`);
  if (!(0.0 <= betas[1] && betas[1] < 1.0)) throw valueError(`Invalid beta parameter at index 1: ${betas[1]}`);
}

/** Marks a hyper-parameter without a default (Python's `required`). */
export const required = Symbol("required");

export type ParamGroup = { params: Tensor[]; [key: string]: any };
export type OptimizerState = Map<Tensor, Record<string, any>>;
export interface OptimizerStateDict {
  state: Map<number, Record<string, any>>;
  param_groups: Record<string, any>[];
}

/** Python's f"{v}": a 0-d torch.Tensor (not a subclass) formats as its number (Tensor.__format__). */
function formatValue(v: unknown, float: boolean): string {
  if (v instanceof Tensor && v.constructor === Tensor && v.dim() === 0) return pyStr(v.item(), v.is_floating_point());
  return pyStr(v, float);
}

export class Optimizer {
  defaults: Record<string, any>;
  /** Per-parameter state (Python's defaultdict(dict) keyed by parameter). */
  state: OptimizerState = new Map();
  param_groups: ParamGroup[] = [];

  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, defaults: Record<string, any>) {
    this.defaults = defaults;
    if (params instanceof Tensor)
      throw new TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, but got " + typename(params));
    const param_groups = [...(params as Iterable<any>)];
    if (param_groups.length === 0) throw valueError("optimizer got an empty parameter list");
    const groups = isOptions(param_groups[0]) ? param_groups : [{ params: param_groups }];
    for (const g of groups) this.add_param_group(g);
  }

  /** The state of parameter p, created empty on first use. */
  _state(p: Tensor): Record<string, any> {
    let s = this.state.get(p);
    if (s === undefined) { s = {}; this.state.set(p, s); }
    return s;
  }

  add_param_group(param_group: Record<string, any>): void {
    if (!isOptions(param_group)) throw new TypeError("param group must be a dict");
    const params = param_group.params;
    if (params instanceof Tensor) param_group.params = [params];
    else if (params instanceof Set)
      throw new TypeError("optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.");
    else param_group.params = [...(params as Iterable<Tensor>)];
    for (const p of param_group.params as unknown[]) {
      if (!(p instanceof Tensor)) throw new TypeError("optimizer can only optimize Tensors, but one of the params is " + typename(p));
      if (!this.defaults.differentiable && !p.is_leaf) throw valueError("can't optimize a non-leaf Tensor");
    }
    for (const [name, def] of Object.entries(this.defaults)) {
      if (def === required && !(name in param_group))
        throw valueError("parameter group didn't specify a value of required optimization parameter " + name);
      if (!(name in param_group)) {
        param_group[name] = def;
        // a default such as lr=1.0 stays a Python float in checkpoints
        if (is_float(this.defaults, name)) mark_float(param_group, name);
      }
    }
    const ps = param_group.params as Tensor[];
    if (new Set(ps).size !== ps.length)
      warn("optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information", "UserWarning");
    const existing = new Set<Tensor>();
    for (const g of this.param_groups) for (const p of g.params) existing.add(p);
    if (ps.some((p) => existing.has(p))) throw valueError("some parameters appear in more than one parameter group");
    this.param_groups.push(param_group as ParamGroup);
  }

  /** Removes the gradients (set_to_none, 2.x's default) or zeroes them (1.13's default). */
  zero_grad(set_to_none: boolean | { set_to_none?: boolean } = V.zero_grad_set_to_none): void {
    const none = isOptions(set_to_none) ? set_to_none.set_to_none ?? V.zero_grad_set_to_none : set_to_none;
    zeroGrads(this.param_groups.flatMap((g) => g.params), none);
  }

  /** Runs the closure (if any) with grad enabled, then the update under no_grad. */
  step(closure?: (() => any) | null): any {
    let loss = null;
    if (closure) loss = enable_grad(closure);
    no_grad(() => this._step());
    this._keepState();
    return loss;
  }
  /** Optimizer state outlives any torch.tidy() around a step (outside tidy nothing can free it). */
  protected _keepState(): void {
    if (!in_tidy()) return;
    for (const s of this.state.values()) for (const v of Object.values(s)) if (v instanceof Tensor) keep(v);
  }
  protected _step(): void { throw new Error("NotImplementedError"); }

  /** Python's layout: { state: Map<index, {...}>, param_groups: [{ ...hyper-parameters, params: [indices] }] }. */
  state_dict(): OptimizerStateDict {
    const mapping = new Map<Tensor, number>();
    let start = 0;
    const param_groups = this.param_groups.map((group) => {
      const packed: Record<string, any> = {};
      for (const [k, v] of Object.entries(group)) if (k !== "params") packed[k] = copyArray(v);
      copy_marks(group, packed);
      group.params.forEach((p, i) => { if (!mapping.has(p)) mapping.set(p, start + i); });
      packed.params = group.params.map((p) => mapping.get(p)!);
      start += packed.params.length;
      return packed;
    });
    const state = new Map<number, Record<string, any>>();
    for (const [p, s] of this.state) state.set(mapping.get(p)!, s);
    return { state, param_groups };
  }

  /** Loads a state_dict (Map or object with integer keys); tensors are copied and cast to each parameter. */
  load_state_dict(state_dict: { state: Map<number, Record<string, any>> | Record<string, Record<string, any>>; param_groups: Record<string, any>[] }): void {
    if (state_dict === null || typeof state_dict !== "object" || !("param_groups" in state_dict)) throw keyError("param_groups");
    const groups = this.param_groups;
    const saved_groups = state_dict.param_groups;
    if (groups.length !== saved_groups.length) throw valueError("loaded state dict has a different number of parameter groups");
    if (groups.some((g, i) => g.params.length !== saved_groups[i].params.length))
      throw valueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    const id_map = new Map<number, Tensor>();
    saved_groups.forEach((sg, i) => sg.params.forEach((id: number, j: number) => id_map.set(Number(id), groups[i].params[j])));
    // value.to(...) as Python's: the tensor itself where dtype and device already match.
    const to = (value: Tensor, dt: dtype | null, dev: device): Tensor =>
      (dt === null || value.dtype === dt) && String(value.device) === String(dev) ? value : value.to({ dtype: dt, device: dev });
    const cast = (param: Tensor, value: any, id: number, key?: string): any => {
      if (value instanceof Tensor) {
        if (V.optim_load_shares) {
          // 2.x: no copy; `step` stays where it is unless the group is fused or capturable.
          if (key === "step") {
            const pg = saved_groups.find((g) => g.params.some((i: number) => Number(i) === id));
            return pg?.fused || pg?.capturable ? to(value, float32, param.device) : value;
          }
          return to(value, param.is_floating_point() ? param.dtype : null, param.device);
        }
        // 1.13 deep-copies the state dict first.
        let v = value.detach().clone();
        if (key !== "step") {
          if (param.is_floating_point()) v = v.to(param.dtype);
          v = v.to(param.device);
        }
        return v;
      }
      if (Array.isArray(value)) return value.map((x) => cast(param, x, id));
      if (isOptions(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cast(param, v, id, k)]));
      return value;
    };
    if (!("state" in state_dict)) throw keyError("state");
    const entries = state_dict.state instanceof Map ? [...state_dict.state.entries()] : Object.entries(state_dict.state);
    const state: OptimizerState = new Map();
    for (const [k, v] of entries) {
      const param = id_map.get(Number(k));
      if (param !== undefined) state.set(param, cast(param, v, Number(k)));
    }
    this.param_groups = groups.map((g, i) => {
      const ng: Record<string, any> = {};
      for (const [k, v] of Object.entries(saved_groups[i])) ng[k] = copyArray(v);
      copy_marks(saved_groups[i], ng);
      ng.params = g.params;
      return ng as ParamGroup;
    });
    this.state = state;
    this._keepState();
    this.__setstate__();
  }
  /** Fills group keys missing from older state dicts. */
  protected __setstate__(): void {}

  toString(): string {
    let s = this.constructor.name + " (";
    this.param_groups.forEach((group, i) => {
      s += "\nParameter Group " + i + "\n";
      for (const key of Object.keys(group).sort()) {
        if (key !== "params") s += `    ${key}: ${formatValue(group[key], is_float(group, key))}\n`;
      }
    });
    return s + ")";
  }
  [inspect.custom](): string { return this.toString(); }
}
