// torch.optim.swa_utils (torch/optim/swa_utils.py of the linked release): AveragedModel (SWA and
// EMA), SWALR, update_bn, and (2.x) the avg_fn factories.
import { Tensor } from "../tensor";
import { Module } from "../nn/module";
import { Parameter } from "../nn/parameter";
import { _BatchNorm } from "../nn/batchnorm";
import { no_grad } from "../autograd";
import { int64 } from "../dtype";
import { Optimizer } from "./optimizer";
import { _LRScheduler } from "./lr_scheduler";
import { bindArgs, valueError } from "../nn/_utils";
import { op } from "../nn/_ops";
import { copy_marks } from "../serialization/_pytypes";
import { V } from "../version";

type AvgFn = (averaged: Tensor, current: Tensor, num_averaged: Tensor | number) => Tensor;
type MultiAvgFn = (averaged: Tensor[], current: Tensor[], num_averaged: Tensor | number) => void;

/** Python's copy.deepcopy of a value inside a module: tensors cloned, modules rebuilt, functions shared. */
export function deepcopy(v: any, memo: Map<unknown, unknown> = new Map()): any {
  if (v === null || typeof v !== "object" && typeof v !== "function") return v;
  if (memo.has(v)) return memo.get(v);
  let out: any;
  if (v instanceof Module) return deepcopyModule(v, memo);
  if (v instanceof Parameter) out = new Parameter(v.detach().clone(), v.requires_grad);
  else if (v instanceof Tensor) {
    out = v.detach().clone();
    if (v.requires_grad) out.requires_grad_(true);
  } else if (v instanceof Map) { out = new Map(); memo.set(v, out); for (const [k, x] of v) out.set(k, deepcopy(x, memo)); return out; }
  else if (v instanceof Set) { out = new Set(); memo.set(v, out); for (const x of v) out.add(deepcopy(x, memo)); return out; }
  else if (Array.isArray(v)) { out = []; memo.set(v, out); for (const x of v) out.push(deepcopy(x, memo)); copy_marks(v, out); return out; }
  else if (typeof v === "object" && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    out = Object.create(Object.getPrototypeOf(v));
    memo.set(v, out);
    for (const k of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k)!;
      if ("value" in d) d.value = deepcopy(d.value, memo);
      Object.defineProperty(out, k, d);
    }
    copy_marks(v, out);
    return out;
  } else return v; // functions, dtypes, devices: shared as deepcopy shares them
  memo.set(v, out);
  return out;
}
/** A new module of the same class with deep copies of every attribute (hooks shared). */
function deepcopyModule<T extends Module>(m: T, memo: Map<unknown, unknown>): T {
  const copy = new Module() as T;
  const src = (m as any)._self, dst = (copy as any)._self;
  Object.setPrototypeOf(dst, Object.getPrototypeOf(src));
  memo.set(m, copy);
  for (const k of Reflect.ownKeys(src)) {
    if (k === "_self") continue;
    const d = Object.getOwnPropertyDescriptor(src, k)!;
    if ("value" in d) d.value = deepcopy(d.value, memo);
    // straight onto the target: the copied name sets already register each attribute
    Reflect.defineProperty(dst, k, d);
  }
  return copy;
}

/** The SWA running average, one tensor at a time. */
export function get_swa_avg_fn(): AvgFn {
  return (averaged, current, num_averaged) => no_grad(() => averaged.add(current.sub(averaged).div(addOne(num_averaged) as any)));
}
/** An exponential moving average with the given decay, one tensor at a time. */
export function get_ema_avg_fn(decay = 0.999): AvgFn {
  checkDecay(decay);
  return (ema, current) => no_grad(() => ema.mul(decay).add(current.mul(1 - decay)));
}
/** The SWA running average over lists of tensors. */
export function get_swa_multi_avg_fn(): MultiAvgFn {
  return (averaged, current, num_averaged) => no_grad(() => {
    if (averaged[0].is_floating_point() || averaged[0].is_complex()) {
      // Python passes 1 / (n + 1), a float32 0-d tensor, as the lerp weight
      const w = num_averaged instanceof Tensor ? num_averaged.add(1).reciprocal().item() : 1 / (num_averaged + 1);
      averaged.forEach((a, i) => a.lerp_(current[i], w));
    } else {
      averaged.forEach((a, i) => {
        const diff = current[i].sub(a);
        if (num_averaged instanceof Tensor) a.addcdiv_(diff, num_averaged.add(1));
        else a.add_(diff, { alpha: 1.0 / (num_averaged + 1) });
      });
    }
  });
}
/** An exponential moving average over lists of tensors. */
export function get_ema_multi_avg_fn(decay = 0.999): MultiAvgFn {
  checkDecay(decay);
  return (ema, current) => no_grad(() => {
    if (ema[0].is_floating_point() || ema[0].is_complex()) ema.forEach((e, i) => e.lerp_(current[i], 1 - decay));
    else ema.forEach((e, i) => e.copy_(e.mul(decay).add(current[i].mul(1 - decay))));
  });
}
function checkDecay(decay: number): void {
  if (decay < 0.0 || decay > 1.0) throw valueError(`Invalid decay value ${decay} provided. Please provide a value in [0,1] range.`);
}
const addOne = (n: Tensor | number): Tensor | number => (n instanceof Tensor ? n.add(1) : n + 1);

export interface AveragedModelOptions {
  device?: unknown; avg_fn?: AvgFn | null;
  /** 2.x. */
  multi_avg_fn?: MultiAvgFn | null;
  use_buffers?: boolean;
}

/** A copy of a model whose parameters (and optionally buffers) are averaged over updates: SWA, or EMA. */
export class AveragedModel extends Module {
  declare module: Module;
  declare n_averaged: Tensor;
  declare avg_fn: AvgFn | null;
  declare multi_avg_fn: MultiAvgFn | null;
  declare use_buffers: boolean;
  constructor(model: Module, device?: unknown, avg_fn?: AvgFn | null | AveragedModelOptions, multi_avg_fn?: MultiAvgFn | null | boolean | AveragedModelOptions, use_buffers?: boolean | AveragedModelOptions, options?: AveragedModelOptions);
  constructor(model: Module, ...args: any[]) {
    super();
    const sig: [string, unknown][] = V.swa_utils2
      ? [["device", null], ["avg_fn", null], ["multi_avg_fn", null], ["use_buffers", false]]
      : [["device", null], ["avg_fn", null], ["use_buffers", false]];
    const a = bindArgs("__init__", sig, args);
    const [device, avg_fn] = a;
    const [multi_avg_fn, use_buffers] = V.swa_utils2 ? a.slice(2) : [null, a[2]];
    if (avg_fn !== null && multi_avg_fn !== null) {
      const e = new Error("Only one of avg_fn and multi_avg_fn should be provided");
      e.name = "AssertionError";
      throw e;
    }
    this.module = deepcopy(model, new Map());
    if (device !== null) this.module = this.module.to(device as any);
    this.register_buffer("n_averaged", op("zeros", [], { dtype: int64, device: device ?? undefined }));
    // 1.13 stores its default (the SWA average) as avg_fn
    this.avg_fn = avg_fn ?? (V.swa_utils2 ? null : get_swa_avg_fn());
    if (V.swa_utils2) this.multi_avg_fn = multi_avg_fn;
    this.use_buffers = use_buffers;
  }
  forward(...args: any[]): any { return (this.module as any)(...args); }
  /** Averages `model`'s current parameters (and buffers with use_buffers) into this copy. */
  update_parameters(model: Module): void {
    no_grad(() => {
      const mine = this.use_buffers ? [...this.module.parameters(), ...this.module.buffers()] : this.parameters();
      const theirs = this.use_buffers ? [...model.parameters(), ...model.buffers()] : model.parameters();
      const n = Math.min(mine.length, theirs.length);
      const first = (this.n_averaged.item() as number) === 0;
      const selfs: Tensor[] = [], others: Tensor[] = [];
      for (let i = 0; i < n; i++) {
        const p_model = theirs[i].detach().to(mine[i].device);
        selfs.push(mine[i].detach());
        others.push(p_model);
        if (first) mine[i].detach().copy_(p_model);
      }
      if (!first) {
        if (this.multi_avg_fn) this.multi_avg_fn(selfs, others, this.n_averaged);
        else {
          const fn = this.avg_fn ?? get_swa_avg_fn();
          selfs.forEach((s, i) => s.copy_(fn(s, others[i], this.n_averaged)));
        }
      }
      if (V.swa_utils2 && !this.use_buffers) {
        const bs = this.module.buffers(), bm = model.buffers();
        bs.forEach((b, i) => b.detach().copy_(bm[i].detach().to(b.device)));
      }
      this.n_averaged.add_(1);
    });
  }
}

/** Recomputes BatchNorm running statistics with one pass over `loader`. */
export function update_bn(loader: Iterable<any>, model: Module, device: unknown = null): void {
  no_grad(() => {
    const momenta = new Map<_BatchNorm, number | null>();
    for (const m of model.modules()) {
      if (!(m instanceof _BatchNorm)) continue;
      if (V.swa_utils2) m.reset_running_stats();
      else {
        m.running_mean = op("zeros_like", m.running_mean);
        m.running_var = op("ones_like", m.running_var);
      }
      momenta.set(m, m.momentum);
    }
    if (momenta.size === 0) return;
    const was_training = model.training;
    model.train();
    for (const m of momenta.keys()) {
      m.momentum = null;
      if (!V.swa_utils2) m.num_batches_tracked!.mul_(0);
    }
    for (let input of loader) {
      if (Array.isArray(input)) input = input[0];
      if (device !== null) input = input.to(device);
      (model as any)(input);
    }
    for (const [m, mom] of momenta) m.momentum = mom;
    model.train(was_training);
  });
}

const linear_anneal = (t: number) => t;
const cosine_anneal = (t: number) => (1 - Math.cos(Math.PI * t)) / 2;

/** Anneals each group's lr to a fixed swa_lr over anneal_epochs, then holds it. */
export class SWALR extends _LRScheduler {
  static __module__ = "torch.optim.swa_utils";
  declare anneal_epochs: number;
  declare anneal_func: (t: number) => number;
  declare _anneal_strategy: string;
  constructor(optimizer: Optimizer, swa_lr: number | number[] | { swa_lr: number | number[]; anneal_epochs?: number; anneal_strategy?: "cos" | "linear"; last_epoch?: number }, anneal_epochs?: number, anneal_strategy?: "cos" | "linear", last_epoch?: number);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [swa_lr, anneal_epochs, anneal_strategy, last_epoch] = bindArgs("__init__", [["swa_lr"], ["anneal_epochs", 10], ["anneal_strategy", "cos"], ["last_epoch", -1]], args);
    const n = optimizer.param_groups.length;
    let swa_lrs: number[];
    if (Array.isArray(swa_lr)) {
      if (swa_lr.length !== n)
        throw valueError(V.swa_utils2 ? `swa_lr must have the same length as optimizer.param_groups. swa_lr has ${swa_lr.length} values, param_groups has ${n}.`
          : `swa_lr must have the same length as optimizer.param_groups: swa_lr has ${swa_lr.length}, optimizer.param_groups has ${n}`);
      swa_lrs = [...swa_lr];
    } else swa_lrs = new Array(n).fill(swa_lr);
    optimizer.param_groups.forEach((g, i) => { g.swa_lr = swa_lrs[i]; });
    if (anneal_strategy !== "cos" && anneal_strategy !== "linear")
      throw valueError(`anneal_strategy must ${V.swa_utils2 ? "be" : "by"} one of 'cos' or 'linear', instead got ${anneal_strategy}`);
    if (!Number.isInteger(anneal_epochs) || anneal_epochs < 0) throw valueError(`anneal_epochs must be equal or greater than 0, got ${anneal_epochs}`);
    const f: Record<string, unknown> = V.swa_utils2 ? { _anneal_strategy: anneal_strategy } : {};
    f.anneal_func = anneal_strategy === "cos" ? cosine_anneal : linear_anneal;
    f.anneal_epochs = anneal_epochs;
    super(optimizer, last_epoch, false, f);
  }
  get_lr(): number[] {
    this._warn_get_lr();
    let step = this._step_count - 1;
    if (this.anneal_epochs === 0) step = Math.max(1, step);
    const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
    const prev_alpha = this.anneal_func(clamp01((step - 1) / Math.max(1, this.anneal_epochs)));
    const groups = this.optimizer.param_groups;
    const prev_lrs = groups.map((g) => (prev_alpha === 1 ? g.swa_lr : (g.lr - prev_alpha * g.swa_lr) / (1 - prev_alpha)));
    const alpha = this.anneal_func(clamp01(step / Math.max(1, this.anneal_epochs)));
    return groups.map((g, i) => g.swa_lr * alpha + prev_lrs[i] * (1 - alpha));
  }
  /** 2.x leaves the anneal function out (its strategy name restores it). */
  state_dict(): Record<string, any> {
    const sd = super.state_dict();
    if (V.swa_utils2) delete sd.anneal_func;
    return sd;
  }
  load_state_dict(state_dict: Record<string, any>): void {
    super.load_state_dict(state_dict);
    if (V.swa_utils2) this.anneal_func = this._anneal_strategy === "cos" ? cosine_anneal : linear_anneal;
  }
}
