// torch.optim.lr_scheduler (torch/optim/lr_scheduler.py of the linked release): LRScheduler
// (2.x; 1.13's base is _LRScheduler), LambdaLR, MultiplicativeLR, StepLR, MultiStepLR, ConstantLR,
// LinearLR, ExponentialLR, SequentialLR, PolynomialLR, CosineAnnealingLR, ChainedScheduler,
// ReduceLROnPlateau, CyclicLR, CosineAnnealingWarmRestarts, OneCycleLR. Each subclass sets its
// fields in Python's order so state_dict() lists them as Python's __dict__ does.
import { inspect } from "node:util";
import { Tensor } from "../tensor";
import { Optimizer } from "./optimizer";
import { bindArgs, valueError, typename, warn } from "../nn/_utils";
import { tuple } from "../serialization/_pytypes";
import { V } from "../version";
import { pyTypeName } from "../_ops";
import { objectRepr } from "../_object_repr";

/** The constructors' trailing arguments: `verbose` only before 2.7. */
const TAIL: [string, unknown][] = V.lr_scheduler_no_verbose ? [["last_epoch", -1]] : [["last_epoch", -1], ["verbose", false]];

/** Python's % (the result has the divisor's sign). */
const pymod = (a: number, b: number) => ((a % b) + b) % b;
/** Python's bisect.bisect_right on a sorted list. */
const bisect_right = (a: number[], x: number) => a.filter((m) => m <= x).length;

const EPOCH_DEPRECATION_WARNING = "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed form is used instead of the new chainable form, where available. Please open an issue if you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.";
const HOW_TO = "See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate";

function keyError(msg: string): Error {
  const e = new Error(msg);
  e.name = "KeyError";
  return e;
}

/** Each group's `key` (tensors cloned), as Python's _param_groups_val_list. */
function groupValues(optimizer: Optimizer, key: string): any[] {
  return optimizer.param_groups.map((g) => (g[key] instanceof Tensor ? g[key].clone() : g[key]));
}
/** Sets a group's lr (a tensor lr is filled in place). */
function setGroupValue(group: Record<string, any>, key: string, val: any): void {
  if (group[key] instanceof Tensor) group[key].fill_(val instanceof Tensor ? val.item() : val);
  else group[key] = val;
}
/** One value per param group (Python's _format_param). */
function formatParam(name: string, optimizer: Optimizer, param: any): any[] {
  const n = optimizer.param_groups.length;
  if (Array.isArray(param)) {
    if (param.length !== n) {
      throw valueError(V.lr_scheduler2
        ? `${name} must have the same length as optimizer.param_groups. ${name} has ${param.length} values, param_groups has ${n}.`
        : `expected ${n} values for ${name}, got ${param.length}`);
    }
    return param.map((p) => (p instanceof Tensor ? p.clone() : p));
  }
  return new Array(n).fill(param);
}
function checkOptimizer(optimizer: unknown): void {
  if (!(optimizer instanceof Optimizer)) throw new TypeError(`${pyTypeName(optimizer)} is not an Optimizer`);
}

/** Marks a step() wrapped by a scheduler, as Python's decorator attribute does. */
const WRAPPED = Symbol("wrapped_by_lr_sched");

/** Lets schedulers without the base constructor (SequentialLR, ChainedScheduler, ReduceLROnPlateau) set their own fields. */
const NO_INIT = Symbol("no_init");

class LRSchedulerImpl {
  declare optimizer: Optimizer;
  declare base_lrs: number[];
  declare last_epoch: number;
  declare verbose: boolean;
  declare _step_count: number;
  declare _last_lr: number[];
  declare _get_lr_called_within_step: boolean;
  /** 2.8: true during the constructor's step. */
  declare _is_initial: boolean;

  /**
   * `fields` are the subclass's settings: Python sets them before calling the base __init__,
   * whose first step() already needs them.
   */
  constructor(optimizer: Optimizer | typeof NO_INIT, last_epoch = -1, verbose = false, fields: Record<string, unknown> = {}) {
    if (optimizer === NO_INIT) { Object.assign(this, fields); return; }
    Object.assign(this, fields);
    checkOptimizer(optimizer);
    this.optimizer = optimizer;
    if (last_epoch === -1) {
      for (const group of optimizer.param_groups) {
        if (!("initial_lr" in group)) group.initial_lr = group.lr instanceof Tensor ? group.lr.clone() : group.lr;
      }
    } else {
      optimizer.param_groups.forEach((group, i) => {
        if (!("initial_lr" in group)) {
          throw keyError(V.lr_scheduler2
            ? `param 'initial_lr' is not specified in param_groups[${i}] when resuming scheduler with last_epoch >= 0.\nThis typically happens when:\n1. You're trying to resume training from a checkpoint but haven't properly loaded the optimizer state\n2. You're using last_epoch >= 0 for a fresh training run (not recommended)`
            : `param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
        }
      });
    }
    this.base_lrs = groupValues(optimizer, "initial_lr");
    this.last_epoch = last_epoch;
    this._wrapOptimizerStep();
    if (!V.lr_scheduler_no_verbose) this.verbose = verbose;
    this._initial_step();
  }
  /** Tells scheduler.step() whether optimizer.step() ran (2.x: a flag; 1.13: a step counter). */
  private _wrapOptimizerStep(): void {
    const opt = this.optimizer as any;
    if (opt.step[WRAPPED]) return;
    const orig = opt.step;
    const wrapper = function (...args: unknown[]) {
      if (V.lr_scheduler2) opt._opt_called = true;
      else opt._step_count += 1;
      return orig.apply(opt, args);
    };
    (wrapper as any)[WRAPPED] = true;
    opt.step = wrapper;
  }
  _initial_step(): void {
    if (!V.lr_scheduler2) (this.optimizer as any)._step_count = 0;
    this._step_count = 0;
    if (!V.lr_scheduler_is_initial) { this.step(); return; }
    this._is_initial = true;
    try { this.step(); } finally { this._is_initial = false; }
  }
  /** Whether this is the constructor's step (1.13 and until 2.7: last_epoch == 0). */
  protected _at_initial(): boolean { return V.lr_scheduler_is_initial ? this._is_initial : this.last_epoch === 0; }
  /** Python's warning for get_lr() called outside step(). */
  protected _warn_get_lr(): void {
    if (!this._get_lr_called_within_step) warn("To get the last learning rate computed by the scheduler, please use `get_last_lr()`.");
  }
  get_lr(): number[] { throw new Error("NotImplementedError"); }
  _get_closed_form_lr?(): number[];
  /** The lr of each group after the last step(). */
  get_last_lr(): number[] { return this._last_lr; }
  print_lr(is_verbose: boolean, group: number, lr: number, epoch: number | null = null): void {
    if (!is_verbose) return;
    const v = lr.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
    if (epoch === null) console.log(`Adjusting learning rate of group ${group} to ${v}.`);
    else console.log(`Epoch ${Number.isInteger(epoch) ? String(epoch).padStart(5, "0") : epoch.toFixed(2)}: adjusting learning rate of group ${group} to ${v}.`);
  }
  step(epoch: number | null = null): void {
    if (this._step_count === 1) {
      const opt = this.optimizer as any;
      if (!opt.step[WRAPPED])
        warn("Seems like `optimizer.step()` has been overridden after learning rate scheduler initialization. Please, make sure to call `optimizer.step()` before `lr_scheduler.step()`. " + HOW_TO);
      else if (V.lr_scheduler2 ? !opt._opt_called : opt._step_count < 1)
        warn("Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. " + HOW_TO);
    }
    this._step_count += 1;
    if (epoch !== null) warn(EPOCH_DEPRECATION_WARNING);
    this._update_lr(epoch);
  }
  _update_lr(epoch: number | null = null): void {
    this._get_lr_called_within_step = true;
    let values: number[];
    try {
      if (epoch === null) {
        this.last_epoch += 1;
        values = this.get_lr();
      } else {
        this.last_epoch = epoch;
        values = this._get_closed_form_lr ? this._get_closed_form_lr() : this.get_lr();
      }
    } finally {
      this._get_lr_called_within_step = false;
    }
    this.optimizer.param_groups.forEach((group, i) => {
      setGroupValue(group, "lr", values[i]);
      if (!V.lr_scheduler_no_verbose) this.print_lr(this.verbose, i, values[i], epoch);
    });
    this._last_lr = groupValues(this.optimizer, "lr");
  }
  /** Every field except the optimizer (Python's __dict__ minus 'optimizer'). */
  state_dict(): Record<string, any> {
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(this)) if (k !== "optimizer") out[k] = Array.isArray(v) ? [...v] : v;
    return out;
  }
  load_state_dict(state_dict: Record<string, any>): void {
    for (const [k, v] of Object.entries(state_dict)) (this as any)[k] = Array.isArray(v) ? [...v] : v;
  }
  /** 1.13's ReduceLROnPlateau is no _LRScheduler (Python's isinstance says False). */
  static [Symbol.hasInstance](obj: unknown): boolean {
    if (!Function.prototype[Symbol.hasInstance].call(this, obj)) return false;
    return V.lr_scheduler2 || this !== LRSchedulerImpl || !(obj as any)[PLATEAU];
  }
  /** Python's object repr: `<torch.optim.lr_scheduler.StepLR object at 0x...>`. */
  toString(): string { return objectRepr(this); }
  [inspect.custom](): string { return this.toString(); }
}
// 2.7 removed print_lr with `verbose`.
if (V.lr_scheduler_no_verbose) delete (LRSchedulerImpl.prototype as Partial<LRSchedulerImpl>).print_lr;
const PLATEAU = Symbol("plateau");

Object.defineProperty(LRSchedulerImpl, "name", { value: V.optim2 ? "LRScheduler" : "_LRScheduler" });
/** The schedulers' base class (2.x; 1.13 has only _LRScheduler, and this is undefined there). */
export const LRScheduler: typeof LRSchedulerImpl = (V.optim2 ? LRSchedulerImpl : undefined) as typeof LRSchedulerImpl;
export type LRScheduler = LRSchedulerImpl;
/** The deprecated name of the base class (1.13: the base class itself). */
export const _LRScheduler: typeof LRSchedulerImpl = V.optim2 ? class _LRScheduler extends LRSchedulerImpl {} : LRSchedulerImpl;
export type _LRScheduler = LRSchedulerImpl;

type Opts = { last_epoch?: number; verbose?: boolean };
type Lambda = (epoch: number) => number;

/** One function per group (Python's lr_lambda handling in LambdaLR and MultiplicativeLR). */
function lambdas(optimizer: Optimizer, lr_lambda: Lambda | Lambda[]): Lambda[] {
  if (!Array.isArray(lr_lambda)) return optimizer.param_groups.map(() => lr_lambda);
  if (lr_lambda.length !== optimizer.param_groups.length)
    throw valueError(`Expected ${optimizer.param_groups.length} lr_lambdas, but got ${lr_lambda.length}`);
  return [...lr_lambda];
}
/** The lambdas (functions) are not saved: None each, last, as in Python. */
function lambdaStateDict(sd: Record<string, any>, n: number): Record<string, any> {
  delete sd.lr_lambdas;
  sd.lr_lambdas = new Array(n).fill(null);
  return sd;
}

/** lr = initial lr * lr_lambda(epoch); one function, or one per group. */
export class LambdaLR extends LRSchedulerImpl {
  declare lr_lambdas: Lambda[];
  constructor(optimizer: Optimizer, lr_lambda: Lambda | Lambda[] | ({ lr_lambda: Lambda | Lambda[] } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [lr_lambda, last_epoch, verbose] = bindArgs("__init__", [["lr_lambda"], ...TAIL], args);
    super(optimizer, last_epoch, verbose ?? false, { optimizer, lr_lambdas: lambdas(optimizer, lr_lambda) });
  }
  get_lr(): number[] {
    this._warn_get_lr();
    return this.base_lrs.map((base_lr, i) => base_lr * this.lr_lambdas[i](this.last_epoch));
  }
  state_dict(): Record<string, any> { return lambdaStateDict(super.state_dict(), this.lr_lambdas.length); }
  load_state_dict(state_dict: Record<string, any>): void {
    const { lr_lambdas, ...rest } = state_dict;
    void lr_lambdas;
    super.load_state_dict(rest);
  }
}

/** Multiplies each group's lr by lr_lambda(epoch) every step. */
export class MultiplicativeLR extends LRSchedulerImpl {
  declare lr_lambdas: Lambda[];
  constructor(optimizer: Optimizer, lr_lambda: Lambda | Lambda[] | ({ lr_lambda: Lambda | Lambda[] } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [lr_lambda, last_epoch, verbose] = bindArgs("__init__", [["lr_lambda"], ...TAIL], args);
    const fns = lambdas(optimizer, lr_lambda);
    if (V.lr_scheduler2) for (const f of fns) if (typeof f !== "function") throw new TypeError(`lr_lambda should be a function, but got ${typename(f)}`);
    super(optimizer, last_epoch, verbose ?? false, { optimizer, lr_lambdas: fns });
  }
  get_lr(): number[] {
    this._warn_get_lr();
    if (!this._at_initial()) return this.optimizer.param_groups.map((g, i) => g.lr * this.lr_lambdas[i](this.last_epoch));
    return groupValues(this.optimizer, "lr");
  }
  state_dict(): Record<string, any> { return lambdaStateDict(super.state_dict(), this.lr_lambdas.length); }
  load_state_dict(state_dict: Record<string, any>): void {
    const { lr_lambdas, ...rest } = state_dict;
    void lr_lambdas;
    super.load_state_dict(rest);
  }
}

/** Multiplies each group's lr by gamma every step_size epochs. */
export class StepLR extends LRSchedulerImpl {
  declare step_size: number;
  declare gamma: number;
  constructor(optimizer: Optimizer, step_size: number | ({ step_size: number; gamma?: number } & Opts), gamma?: number | ({ gamma?: number } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [step_size, gamma, last_epoch, verbose] = bindArgs("__init__", [["step_size"], ["gamma", 0.1], ...TAIL], args);
    super(optimizer, last_epoch, verbose ?? false, { step_size, gamma });
  }
  get_lr(): number[] {
    this._warn_get_lr();
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return groupValues(this.optimizer, "lr");
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * this.gamma ** Math.floor(this.last_epoch / this.step_size));
  }
}

/** Multiplies each group's lr by gamma at each milestone epoch. */
export class MultiStepLR extends LRSchedulerImpl {
  /** Python's Counter: milestone -> multiplicity. */
  declare milestones: Map<number, number>;
  declare gamma: number;
  constructor(optimizer: Optimizer, milestones: number[] | ({ milestones: number[]; gamma?: number } & Opts), gamma?: number | ({ gamma?: number } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [milestones, gamma, last_epoch, verbose] = bindArgs("__init__", [["milestones"], ["gamma", 0.1], ...TAIL], args);
    const counter = new Map<number, number>();
    for (const m of milestones as number[]) counter.set(m, (counter.get(m) ?? 0) + 1);
    super(optimizer, last_epoch, verbose ?? false, { milestones: counter, gamma });
  }
  get_lr(): number[] {
    this._warn_get_lr();
    const n = this.milestones.get(this.last_epoch);
    if (n === undefined) return groupValues(this.optimizer, "lr");
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma ** n);
  }
  _get_closed_form_lr(): number[] {
    let passed = 0;
    for (const [m, c] of this.milestones) if (m <= this.last_epoch) passed += c;
    return this.base_lrs.map((base_lr) => base_lr * this.gamma ** passed);
  }
}

/** Multiplies the lr by a constant factor until total_iters epochs have passed. */
export class ConstantLR extends LRSchedulerImpl {
  declare factor: number;
  declare total_iters: number;
  constructor(optimizer: Optimizer, factor?: number | ({ factor?: number; total_iters?: number } & Opts), total_iters?: number | ({ total_iters?: number } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [factor, total_iters, last_epoch, verbose] = bindArgs("__init__", [["factor", 1.0 / 3], ["total_iters", 5], ...TAIL], args);
    if (factor > 1.0 || factor < 0) throw valueError("Constant multiplicative factor expected to be between 0 and 1.");
    super(optimizer, last_epoch, verbose ?? false, { factor, total_iters });
  }
  get_lr(): number[] {
    this._warn_get_lr();
    if (this.last_epoch === 0) return this.optimizer.param_groups.map((g) => g.lr * this.factor);
    if (this.last_epoch !== this.total_iters) return groupValues(this.optimizer, "lr");
    return this.optimizer.param_groups.map((g) => g.lr * (1.0 / this.factor));
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * (this.factor + Number(this.last_epoch >= this.total_iters) * (1 - this.factor)));
  }
}

/** Scales the lr linearly from start_factor to end_factor over total_iters epochs. */
export class LinearLR extends LRSchedulerImpl {
  declare start_factor: number;
  declare end_factor: number;
  declare total_iters: number;
  constructor(optimizer: Optimizer, start_factor?: number | ({ start_factor?: number; end_factor?: number; total_iters?: number } & Opts), end_factor?: number | ({ end_factor?: number; total_iters?: number } & Opts), total_iters?: number | ({ total_iters?: number } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [start_factor, end_factor, total_iters, last_epoch, verbose] = bindArgs("__init__", [["start_factor", 1.0 / 3], ["end_factor", 1.0], ["total_iters", 5], ...TAIL], args);
    if (V.lr_scheduler2 ? start_factor > 1.0 || start_factor <= 0 : start_factor > 1.0 || start_factor < 0)
      throw valueError(V.lr_scheduler2 ? "Starting multiplicative factor expected to be greater than 0 and less or equal to 1." : "Starting multiplicative factor expected to be between 0 and 1.");
    if (end_factor > 1.0 || end_factor < 0) throw valueError("Ending multiplicative factor expected to be between 0 and 1.");
    super(optimizer, last_epoch, verbose ?? false, { start_factor, end_factor, total_iters });
  }
  get_lr(): number[] {
    this._warn_get_lr();
    const { start_factor: s, end_factor: e, total_iters: n } = this;
    if (this.last_epoch === 0) return this.optimizer.param_groups.map((g) => g.lr * s);
    if ((V.lr_scheduler_is_initial && this._is_initial) || this.last_epoch > n) return groupValues(this.optimizer, "lr");
    return this.optimizer.param_groups.map((g) => g.lr * (1.0 + (e - s) / (n * s + (this.last_epoch - 1) * (e - s))));
  }
  _get_closed_form_lr(): number[] {
    const { start_factor: s, end_factor: e, total_iters: n } = this;
    return this.base_lrs.map((base_lr) => base_lr * (s + ((e - s) * Math.min(n, this.last_epoch)) / n));
  }
}

/** Multiplies each group's lr by gamma every epoch. */
export class ExponentialLR extends LRSchedulerImpl {
  declare gamma: number;
  constructor(optimizer: Optimizer, gamma: number | ({ gamma: number } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [gamma, last_epoch, verbose] = bindArgs("__init__", [["gamma"], ...TAIL], args);
    super(optimizer, last_epoch, verbose ?? false, { gamma });
  }
  get_lr(): number[] {
    this._warn_get_lr();
    if (this._at_initial()) return groupValues(this.optimizer, "lr");
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * this.gamma ** this.last_epoch);
  }
}

/** Python's checks of the schedulers given to SequentialLR and ChainedScheduler (2.x). */
function checkSchedulers(owner: string, optimizer: Optimizer, schedulers: LRScheduler[], empty: string): void {
  if (schedulers.length < 1) throw valueError(`${owner} expects at least one scheduler${empty}, but got no scheduler.`);
  schedulers.forEach((s, i) => {
    if (!("optimizer" in s)) throw new TypeError(`${owner} at index ${i} should have \`optimizer\` as its attribute.`);
    if ((s as any)[PLATEAU])
      throw valueError(`${owner} does not support \`ReduceLROnPlateau\` scheduler as it requires additional kwargs to be specified when calling \`step\`, but got one at index ${i} in the given schedulers sequence.`);
    if (optimizer !== s.optimizer)
      throw valueError(`${owner} expects all schedulers to belong to the same optimizer, but got scheduler ${s.constructor.name} at index ${i} has ${s.optimizer}, which is different from ${optimizer.constructor.name}.`);
  });
}
/** Sub-schedulers' state dicts, saved last under `_schedulers` as in Python. */
function nestedStateDict(self: { _schedulers: LRScheduler[] }, sd: Record<string, any>): Record<string, any> {
  delete sd._schedulers;
  delete sd.optimizer;
  sd._schedulers = self._schedulers.map((s) => s.state_dict());
  return sd;
}
function nestedLoad(self: LRScheduler & { _schedulers: LRScheduler[] }, state_dict: Record<string, any>): void {
  const { _schedulers, ...rest } = state_dict;
  for (const [k, v] of Object.entries(rest)) (self as any)[k] = Array.isArray(v) ? [...v] : v;
  (_schedulers as Record<string, any>[]).forEach((s, i) => self._schedulers[i].load_state_dict(s));
}

/** Runs each scheduler in turn, switching at the milestones. */
export class SequentialLR extends LRSchedulerImpl {
  declare _schedulers: LRScheduler[];
  declare _milestones: number[];
  constructor(optimizer: Optimizer, schedulers: LRScheduler[] | ({ schedulers: LRScheduler[]; milestones: number[] } & Opts), milestones?: number[] | ({ milestones: number[] } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [schedulers, milestones, last_epoch] = bindArgs("__init__", [["schedulers"], ["milestones"], ...TAIL], args) as [LRScheduler[], number[], number];
    if (V.lr_scheduler2) checkSchedulers("SequentialLR", optimizer, schedulers, "");
    else {
      schedulers.forEach((s, i) => {
        if (s.optimizer !== optimizer)
          throw valueError(`Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`);
        if (s.optimizer !== schedulers[0].optimizer)
          throw valueError(`Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different.`);
      });
    }
    if (milestones.length !== schedulers.length - 1)
      throw valueError(`Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`);
    super(NO_INIT, -1, false, { _schedulers: schedulers, _milestones: milestones, last_epoch: last_epoch + 1, optimizer });
    for (const group of optimizer.param_groups) setGroupValue(group, "lr", group.initial_lr);
    // undo the steps the schedulers' constructors took
    let idx = 0;
    if (V.lr_scheduler2) { this.recursive_undo(); idx = bisect_right(milestones, 0); }
    else for (const s of schedulers) s.last_epoch -= 1;
    schedulers[idx]._initial_step();
    this._last_lr = schedulers[idx].get_last_lr();
  }
  recursive_undo(sched: any = null): void {
    const scheds = sched ?? this;
    if ("_schedulers" in scheds) for (const s of scheds._schedulers) this.recursive_undo(s);
    else if ("last_epoch" in scheds) scheds.last_epoch -= 1;
  }
  step(): void {
    this.last_epoch += 1;
    const idx = bisect_right(this._milestones, this.last_epoch);
    const scheduler = this._schedulers[idx];
    if (idx > 0 && this._milestones[idx - 1] === this.last_epoch) {
      if (V.lr_scheduler2) scheduler._update_lr(0);
      else scheduler.step(0);
    } else scheduler.step();
    this._last_lr = scheduler.get_last_lr();
  }
  state_dict(): Record<string, any> { return nestedStateDict(this, super.state_dict()); }
  load_state_dict(state_dict: Record<string, any>): void { nestedLoad(this, state_dict); }
}

/** Polynomial decay of the lr to zero over total_iters epochs. */
export class PolynomialLR extends LRSchedulerImpl {
  declare total_iters: number;
  declare power: number;
  constructor(optimizer: Optimizer, total_iters?: number | ({ total_iters?: number; power?: number } & Opts), power?: number | ({ power?: number } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [total_iters, power, last_epoch, verbose] = bindArgs("__init__", [["total_iters", 5], ["power", 1.0], ...TAIL], args);
    super(optimizer, last_epoch, verbose ?? false, { total_iters, power });
  }
  get_lr(): number[] {
    this._warn_get_lr();
    const n = this.total_iters, e = this.last_epoch;
    if (this._at_initial() || e > n) return groupValues(this.optimizer, "lr");
    const decay_factor = ((1.0 - e / n) / (1.0 - (e - 1) / n)) ** this.power;
    return this.optimizer.param_groups.map((g) => g.lr * decay_factor);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * (1.0 - Math.min(this.total_iters, this.last_epoch) / this.total_iters) ** this.power);
  }
}

/** Cosine annealing from the initial lr down to eta_min over T_max epochs (the recursive form). */
export class CosineAnnealingLR extends LRSchedulerImpl {
  declare T_max: number;
  declare eta_min: number;
  constructor(optimizer: Optimizer, T_max: number | ({ T_max: number; eta_min?: number } & Opts), eta_min?: number | ({ eta_min?: number } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [T_max, eta_min, last_epoch, verbose] = bindArgs("__init__", [["T_max"], ["eta_min", 0], ...TAIL], args);
    super(optimizer, last_epoch, verbose ?? false, { T_max, eta_min });
  }
  get_lr(): number[] {
    this._warn_get_lr();
    const groups = this.optimizer.param_groups, T = this.T_max, e = this.last_epoch, eta = this.eta_min;
    if (this._at_initial()) return groupValues(this.optimizer, "lr");
    if (this._step_count === 1 && e > 0)
      return this.base_lrs.map((base_lr) => eta + (base_lr - eta) * (1 + Math.cos((e * Math.PI) / T)) / 2);
    if (pymod(e - 1 - T, 2 * T) === 0)
      return groups.map((g, i) => g.lr + (this.base_lrs[i] - eta) * (1 - Math.cos(Math.PI / T)) / 2);
    return groups.map((g) => (1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T)) * (g.lr - eta) + eta);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => this.eta_min + (base_lr - this.eta_min) * (1 + Math.cos((Math.PI * this.last_epoch) / this.T_max)) / 2);
  }
}

/** Steps every scheduler of the chain at once. */
export class ChainedScheduler extends LRSchedulerImpl {
  declare _schedulers: LRScheduler[];
  constructor(schedulers: LRScheduler[], optimizer?: Optimizer | null);
  constructor(...args: any[]) {
    const [schedulers, opt] = bindArgs("__init__", V.lr_scheduler2 ? [["schedulers"], ["optimizer", null]] : [["schedulers"]], args) as [LRScheduler[], Optimizer | null];
    let optimizer: Optimizer;
    if (V.lr_scheduler2) {
      if (schedulers.length < 1) throw valueError("ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.");
      optimizer = opt ?? schedulers[0].optimizer;
      checkSchedulers("ChainedScheduler", optimizer, schedulers, " to be chained");
    } else {
      for (let i = 1; i < schedulers.length; i++)
        if (schedulers[i].optimizer !== schedulers[0].optimizer)
          throw valueError(`ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`);
      optimizer = schedulers[0].optimizer;
    }
    super(NO_INIT, -1, false, { _schedulers: [...schedulers], optimizer });
    this._last_lr = groupValues(schedulers[schedulers.length - 1].optimizer, "lr");
  }
  step(): void {
    for (const s of this._schedulers) s.step();
    this._last_lr = groupValues(this._schedulers[this._schedulers.length - 1].optimizer, "lr");
  }
  state_dict(): Record<string, any> { return nestedStateDict(this, super.state_dict()); }
  load_state_dict(state_dict: Record<string, any>): void { nestedLoad(this, state_dict); }
}

export interface ReduceLROnPlateauOptions {
  mode?: "min" | "max"; factor?: number; patience?: number; threshold?: number; threshold_mode?: "rel" | "abs";
  cooldown?: number; min_lr?: number | number[]; eps?: number; verbose?: boolean;
}

/** Reduces the lr by `factor` when a metric has stopped improving for `patience` epochs. */
export class ReduceLROnPlateau extends LRSchedulerImpl {
  declare factor: number;
  declare default_min_lr: number | null;
  declare min_lrs: number[];
  declare patience: number;
  declare cooldown: number;
  declare cooldown_counter: number;
  declare mode: string;
  declare threshold: number;
  declare threshold_mode: string;
  declare best: number;
  declare num_bad_epochs: number;
  declare mode_worse: number;
  declare eps: number;
  constructor(optimizer: Optimizer, mode?: "min" | "max" | ReduceLROnPlateauOptions, factor?: number | ReduceLROnPlateauOptions, patience?: number | ReduceLROnPlateauOptions, threshold?: number | ReduceLROnPlateauOptions, threshold_mode?: "rel" | "abs" | ReduceLROnPlateauOptions, cooldown?: number | ReduceLROnPlateauOptions, min_lr?: number | number[] | ReduceLROnPlateauOptions, eps?: number | ReduceLROnPlateauOptions, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const sig: [string, unknown][] = [["mode", "min"], ["factor", 0.1], ["patience", 10], ["threshold", 1e-4], ["threshold_mode", "rel"], ["cooldown", 0], ["min_lr", 0], ["eps", 1e-8]];
    if (!V.lr_scheduler_no_verbose) sig.push(["verbose", false]);
    const [mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps, verbose] = bindArgs("__init__", sig, args);
    if (factor >= 1.0) throw valueError("Factor should be < 1.0.");
    super(NO_INIT, -1, false, { factor });
    checkOptimizer(optimizer);
    this.optimizer = optimizer;
    const n = optimizer.param_groups.length;
    let min_lrs: number[], default_min_lr: number | null = null;
    if (Array.isArray(min_lr)) {
      if (min_lr.length !== n) throw valueError(`expected ${n} min_lrs, got ${min_lr.length}`);
      min_lrs = [...min_lr];
    } else { default_min_lr = min_lr; min_lrs = new Array(n).fill(min_lr); }
    if (V.lr_scheduler2) {
      Object.assign(this, { default_min_lr, min_lrs, patience, cooldown, eps, last_epoch: 0, _last_lr: groupValues(optimizer, "lr") });
    } else {
      Object.assign(this, { min_lrs, patience, verbose, cooldown, cooldown_counter: 0, mode, threshold, threshold_mode,
        best: null, num_bad_epochs: null, mode_worse: null, eps, last_epoch: 0 });
    }
    this._init_is_better(mode, threshold, threshold_mode);
    this._reset();
  }
  private _reset(): void {
    this.best = this.mode_worse;
    this.cooldown_counter = 0;
    this.num_bad_epochs = 0;
  }
  /** Records a metric (a number or a one-element tensor); reduces the lr after `patience` bad epochs. */
  step(metrics?: number | Tensor | null, epoch: number | null = null): void {
    const current = metrics instanceof Tensor ? (metrics.item() as number) : Number(metrics ?? NaN);
    if (epoch === null) epoch = this.last_epoch + 1;
    else warn(EPOCH_DEPRECATION_WARNING);
    this.last_epoch = epoch;
    if (this._is_better(current, this.best)) { this.best = current; this.num_bad_epochs = 0; }
    else this.num_bad_epochs += 1;
    if (this.in_cooldown) { this.cooldown_counter -= 1; this.num_bad_epochs = 0; }
    if (this.num_bad_epochs > this.patience) {
      this._reduce_lr(epoch);
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = groupValues(this.optimizer, "lr");
  }
  private _reduce_lr(epoch: number): void {
    const groups = this.optimizer.param_groups;
    if (V.lr_scheduler2 && groups.length !== this.min_lrs.length) {
      if (this.default_min_lr === null)
        throw new Error(`The number of param groups in the \`optimizer\` (${groups.length}) differs from when \`ReduceLROnPlateau\` was initialized (${this.min_lrs.length}), usually due to a new param group being added to the optimizer. Please modify the \`min_lrs\` field to match the length of the \`optimizer\` param groups.`);
      this.min_lrs = new Array(groups.length).fill(this.default_min_lr);
    }
    groups.forEach((group, i) => {
      const old_lr = Number(group.lr instanceof Tensor ? group.lr.item() : group.lr);
      const new_lr = Math.max(old_lr * this.factor, this.min_lrs[i]);
      if (old_lr - new_lr > this.eps) {
        setGroupValue(group, "lr", new_lr);
        if (!V.lr_scheduler_no_verbose && this.verbose) {
          const v = new_lr.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
          console.log(`Epoch ${Number.isInteger(epoch) ? String(epoch).padStart(5, "0") : epoch.toFixed(2)}: reducing learning rate of group ${i} to ${v}.`);
        }
      }
    });
  }
  get in_cooldown(): boolean { return this.cooldown_counter > 0; }
  private _is_better(a: number, best: number): boolean {
    if (this.mode === "min" && this.threshold_mode === "rel") return a < best * (1.0 - this.threshold);
    if (this.mode === "min" && this.threshold_mode === "abs") return a < best - this.threshold;
    if (this.mode === "max" && this.threshold_mode === "rel") return a > best * (this.threshold + 1.0);
    return a > best + this.threshold;
  }
  private _init_is_better(mode: string, threshold: number, threshold_mode: string): void {
    if (mode !== "min" && mode !== "max") throw valueError("mode " + mode + " is unknown!");
    if (threshold_mode !== "rel" && threshold_mode !== "abs") throw valueError("threshold mode " + threshold_mode + " is unknown!");
    this.mode_worse = mode === "min" ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.threshold_mode = threshold_mode;
  }
  load_state_dict(state_dict: Record<string, any>): void {
    super.load_state_dict(state_dict);
    this._init_is_better(this.mode, this.threshold, this.threshold_mode);
  }
}
(ReduceLROnPlateau.prototype as any)[PLATEAU] = true;
// Not a method of Python's ReduceLROnPlateau (its get_lr is LRScheduler's NotImplementedError in 2.x).
if (!V.lr_scheduler2) for (const k of ["get_lr", "get_last_lr", "print_lr"]) Object.defineProperty(ReduceLROnPlateau.prototype, k, { value: undefined });

export interface CyclicLROptions {
  base_lr?: number | number[]; max_lr?: number | number[]; step_size_up?: number; step_size_down?: number | null;
  mode?: "triangular" | "triangular2" | "exp_range"; gamma?: number; scale_fn?: ((x: number) => number) | null;
  scale_mode?: "cycle" | "iterations"; cycle_momentum?: boolean; base_momentum?: number | number[]; max_momentum?: number | number[];
  last_epoch?: number; verbose?: boolean;
}

/** Cycles the lr (and momentum or Adam's beta1) between two boundaries at a constant frequency. */
export class CyclicLR extends LRSchedulerImpl {
  declare max_lrs: number[];
  declare total_size: number;
  declare step_ratio: number;
  declare mode: string;
  declare gamma: number;
  declare scale_mode: string;
  declare cycle_momentum: boolean;
  declare use_beta1: boolean;
  declare base_momentums: number[];
  declare max_momentums: number[];
  declare _scale_fn_custom: ((x: number) => number) | null;
  declare _scale_fn_ref: (x: number) => number;
  constructor(optimizer: Optimizer, base_lr: number | number[] | CyclicLROptions, max_lr?: number | number[] | CyclicLROptions, options?: CyclicLROptions);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [base_lr, max_lr, step_size_up0, step_size_down0, mode, gamma, scale_fn, scale_mode0, cycle_momentum, base_momentum, max_momentum, last_epoch, verbose] =
      bindArgs("__init__", [["base_lr"], ["max_lr"], ["step_size_up", 2000], ["step_size_down", null], ["mode", "triangular"], ["gamma", 1.0], ["scale_fn", null],
        ["scale_mode", "cycle"], ["cycle_momentum", true], ["base_momentum", 0.8], ["max_momentum", 0.9], ...TAIL], args);
    checkOptimizer(optimizer);
    const f: Record<string, any> = { optimizer };
    const base_lrs = formatParam("base_lr", optimizer, base_lr);
    if (last_epoch === -1) optimizer.param_groups.forEach((g, i) => setGroupValue(g, "lr", base_lrs[i]));
    f.max_lrs = formatParam("max_lr", optimizer, max_lr);
    const step_size_up = Number(step_size_up0);
    const step_size_down = step_size_down0 !== null ? Number(step_size_down0) : step_size_up;
    f.total_size = step_size_up + step_size_down;
    f.step_ratio = step_size_up / f.total_size;
    if (!["triangular", "triangular2", "exp_range"].includes(mode) && scale_fn === null) throw valueError("mode is invalid and scale_fn is None");
    f.mode = mode;
    f.gamma = gamma;
    // 2.x sets the scale function after scale_mode; 1.13 before it
    if (V.lr_scheduler2) Object.assign(f, { _scale_fn_custom: scale_fn, scale_mode: scale_mode0 });
    else Object.assign(f, { _scale_fn_custom: scale_fn, _scale_fn_ref: null, scale_mode: scale_mode0 });
    CyclicLR._init_scale_fn(f);
    f.cycle_momentum = cycle_momentum;
    if (cycle_momentum) {
      const groups = optimizer.param_groups;
      if (V.lr_scheduler2) {
        if (!("momentum" in optimizer.defaults) && !("betas" in optimizer.defaults))
          throw valueError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
        f.use_beta1 = "betas" in optimizer.defaults;
        f.base_momentums = formatParam("base_momentum", optimizer, base_momentum);
        f.max_momentums = formatParam("max_momentum", optimizer, max_momentum);
        if (last_epoch === -1) groups.forEach((g, i) => setMomentum(g, f.use_beta1, f.max_momentums[i], f.max_momentums[i], f.base_momentums[i]));
      } else {
        if (!("momentum" in optimizer.defaults)) throw valueError("optimizer must support momentum with `cycle_momentum` option enabled");
        const base_momentums = formatParam("base_momentum", optimizer, base_momentum);
        if (last_epoch === -1) groups.forEach((g, i) => { g.momentum = base_momentums[i]; });
        f.base_momentums = groups.map((g) => g.momentum);
        f.max_momentums = formatParam("max_momentum", optimizer, max_momentum);
      }
    }
    super(optimizer, last_epoch, verbose ?? false, f);
    this.base_lrs = base_lrs;
  }
  /** Python's _init_scale_fn on a fields object (the constructor's, or the scheduler). */
  private static _init_scale_fn(f: Record<string, any>): void {
    if (f._scale_fn_custom !== null) return;
    if (f.mode === "triangular") { f._scale_fn_ref = () => 1.0; f.scale_mode = "cycle"; }
    else if (f.mode === "triangular2") { f._scale_fn_ref = (x: number) => 1 / 2.0 ** (x - 1); f.scale_mode = "cycle"; }
    else if (f.mode === "exp_range") { const g = f.gamma; f._scale_fn_ref = (x: number) => g ** x; f.scale_mode = "iterations"; }
  }
  scale_fn(x: number): number { return this._scale_fn_custom !== null ? this._scale_fn_custom(x) : this._scale_fn_ref(x); }
  get_lr(): number[] {
    this._warn_get_lr();
    const cycle = Math.floor(1 + this.last_epoch / this.total_size);
    const x = 1.0 + this.last_epoch / this.total_size - cycle;
    const scale_factor = x <= this.step_ratio ? x / this.step_ratio : (x - 1) / (this.step_ratio - 1);
    const at = this.scale_mode === "cycle" ? cycle : this.last_epoch;
    const lrs = this.base_lrs.map((base_lr, i) => base_lr + (this.max_lrs[i] - base_lr) * scale_factor * this.scale_fn(at));
    if (this.cycle_momentum) {
      const momentums = this.base_momentums.map((b, i) => this.max_momentums[i] - (this.max_momentums[i] - b) * scale_factor * this.scale_fn(at));
      this.optimizer.param_groups.forEach((g, i) => setMomentum(g, this.use_beta1, momentums[i]));
    }
    return lrs;
  }
  /** 2.x leaves the scale functions out (a custom one is None). */
  state_dict(): Record<string, any> {
    const sd = super.state_dict();
    if (!V.lr_scheduler2) return sd;
    delete sd._scale_fn_ref;
    delete sd._scale_fn_custom;
    sd._scale_fn_custom = null;
    return sd;
  }
  load_state_dict(state_dict: Record<string, any>): void {
    const { _scale_fn_custom, ...rest } = state_dict;
    void _scale_fn_custom;
    super.load_state_dict(V.lr_scheduler2 ? rest : state_dict);
    if (V.lr_scheduler2) CyclicLR._init_scale_fn(this);
  }
}

/** Sets a group's momentum (or Adam's beta1), and the bounds where given. */
function setMomentum(g: Record<string, any>, use_beta1: boolean, m: number, max?: number, base?: number): void {
  if (use_beta1) g.betas = tuple(m, ...g.betas.slice(1));
  else g.momentum = m;
  if (max !== undefined) { g.max_momentum = max; g.base_momentum = base; }
}

/** Cosine annealing with warm restarts every T_i epochs (T_i grows by T_mult). */
export class CosineAnnealingWarmRestarts extends LRSchedulerImpl {
  declare T_0: number;
  declare T_i: number;
  declare T_mult: number;
  declare eta_min: number;
  declare T_cur: number;
  constructor(optimizer: Optimizer, T_0: number | ({ T_0: number; T_mult?: number; eta_min?: number } & Opts), T_mult?: number | ({ T_mult?: number; eta_min?: number } & Opts), eta_min?: number | ({ eta_min?: number } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [T_0, T_mult, eta_min, last_epoch, verbose] = bindArgs("__init__", [["T_0"], ["T_mult", 1], ["eta_min", 0], ...TAIL], args);
    if (T_0 <= 0 || !Number.isInteger(T_0)) throw valueError(`Expected positive integer T_0, but got ${T_0}`);
    if (T_mult < 1 || !Number.isInteger(T_mult)) throw valueError(`Expected integer T_mult >= 1, but got ${T_mult}`);
    if (V.lr_scheduler2 && typeof eta_min !== "number") throw valueError(`Expected float or int eta_min, but got ${eta_min} of type ${typename(eta_min)}`);
    super(optimizer, last_epoch, verbose ?? false, { T_0, T_i: T_0, T_mult, eta_min, T_cur: last_epoch });
  }
  get_lr(): number[] {
    this._warn_get_lr();
    return this.base_lrs.map((base_lr) => this.eta_min + (base_lr - this.eta_min) * (1 + Math.cos((Math.PI * this.T_cur) / this.T_i)) / 2);
  }
  step(epoch: number | null = null): void {
    if (epoch === null && this.last_epoch < 0) epoch = 0;
    if (epoch === null) {
      epoch = this.last_epoch + 1;
      this.T_cur = this.T_cur + 1;
      if (this.T_cur >= this.T_i) {
        this.T_cur = V.lr_scheduler2 ? pymod(this.T_cur, this.T_i) : this.T_cur - this.T_i;
        this.T_i = this.T_i * this.T_mult;
      }
    } else {
      if (epoch < 0) throw valueError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.T_0) {
        if (this.T_mult === 1) this.T_cur = pymod(epoch, this.T_0);
        else {
          const n = Math.trunc(Math.log((epoch / this.T_0) * (this.T_mult - 1) + 1) / Math.log(this.T_mult));
          this.T_cur = epoch - (this.T_0 * (this.T_mult ** n - 1)) / (this.T_mult - 1);
          this.T_i = this.T_0 * this.T_mult ** n;
        }
      } else {
        this.T_i = this.T_0;
        this.T_cur = epoch;
      }
    }
    this.last_epoch = Math.floor(epoch);
    this._get_lr_called_within_step = true;
    let values: number[];
    try { values = this.get_lr(); } finally { this._get_lr_called_within_step = false; }
    this.optimizer.param_groups.forEach((g, i) => {
      setGroupValue(g, "lr", values[i]);
      if (!V.lr_scheduler_no_verbose) this.print_lr(this.verbose, i, values[i], epoch);
    });
    this._last_lr = groupValues(this.optimizer, "lr");
  }
}

export interface OneCycleLROptions {
  max_lr?: number | number[]; total_steps?: number | null; epochs?: number | null; steps_per_epoch?: number | null; pct_start?: number;
  anneal_strategy?: "cos" | "linear"; cycle_momentum?: boolean; base_momentum?: number | number[]; max_momentum?: number | number[];
  div_factor?: number; final_div_factor?: number; three_phase?: boolean; last_epoch?: number; verbose?: boolean;
}

const annealing_cos = (start: number, end: number, pct: number) => end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);
const annealing_linear = (start: number, end: number, pct: number) => (end - start) * pct + start;

/** The 1cycle policy: up from initial_lr to max_lr, then down to min_lr (momentum the other way). */
export class OneCycleLR extends LRSchedulerImpl {
  declare total_steps: number;
  declare _schedule_phases: Record<string, any>[];
  declare _anneal_func_type: string;
  declare anneal_func: (start: number, end: number, pct: number) => number;
  declare cycle_momentum: boolean;
  declare use_beta1: boolean;
  constructor(optimizer: Optimizer, max_lr: number | number[] | OneCycleLROptions, options?: OneCycleLROptions);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum, base_momentum, max_momentum, div_factor, final_div_factor, three_phase, last_epoch, verbose] =
      bindArgs("__init__", [["max_lr"], ["total_steps", null], ["epochs", null], ["steps_per_epoch", null], ["pct_start", 0.3], ["anneal_strategy", "cos"],
        ["cycle_momentum", true], ["base_momentum", 0.85], ["max_momentum", 0.95], ["div_factor", 25.0], ["final_div_factor", 1e4], ["three_phase", false], ...TAIL], args);
    checkOptimizer(optimizer);
    const f: Record<string, any> = { optimizer };
    const posInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
    if (total_steps !== null) {
      if (!posInt(total_steps)) throw valueError(`Expected positive integer total_steps, but got ${total_steps}`);
      f.total_steps = total_steps;
    } else if (epochs !== null && steps_per_epoch !== null) {
      if (!posInt(epochs)) throw valueError(`Expected positive integer epochs, but got ${epochs}`);
      if (!posInt(steps_per_epoch)) throw valueError(`Expected positive integer steps_per_epoch, but got ${steps_per_epoch}`);
      f.total_steps = epochs * steps_per_epoch;
    } else throw valueError("You must define either total_steps OR (epochs AND steps_per_epoch)");
    const T = f.total_steps;
    const phase = (end_step: number, start_lr: string, end_lr: string, start_momentum: string, end_momentum: string) => ({ end_step, start_lr, end_lr, start_momentum, end_momentum });
    f._schedule_phases = three_phase
      ? [phase(pct_start * T - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
        phase(2 * pct_start * T - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
        phase(T - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")]
      : [phase(pct_start * T - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
        phase(T - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")];
    if (pct_start < 0 || pct_start > 1 || typeof pct_start !== "number") throw valueError(`Expected float between 0 and 1 pct_start, but got ${pct_start}`);
    if (anneal_strategy !== "cos" && anneal_strategy !== "linear")
      throw valueError(`anneal_strategy must ${V.lr_scheduler2 ? "be" : "by"} one of 'cos' or 'linear', instead got ${anneal_strategy}`);
    if (V.lr_scheduler2) f._anneal_func_type = anneal_strategy;
    else f.anneal_func = anneal_strategy === "cos" ? annealing_cos : annealing_linear;
    const max_lrs = formatParam("max_lr", optimizer, max_lr);
    if (last_epoch === -1) {
      optimizer.param_groups.forEach((g, i) => {
        g.initial_lr = max_lrs[i] / div_factor;
        g.max_lr = max_lrs[i];
        g.min_lr = g.initial_lr / final_div_factor;
      });
    }
    f.cycle_momentum = cycle_momentum;
    if (cycle_momentum) {
      if (!("momentum" in optimizer.defaults) && !("betas" in optimizer.defaults))
        throw valueError(`optimizer must support momentum ${V.lr_scheduler2 ? "or beta1 " : ""}with \`cycle_momentum\` option enabled`);
      f.use_beta1 = "betas" in optimizer.defaults;
      const max_momentums = formatParam("max_momentum", optimizer, max_momentum);
      const base_momentums = formatParam("base_momentum", optimizer, base_momentum);
      if (last_epoch === -1) optimizer.param_groups.forEach((g, i) => setMomentum(g, f.use_beta1, max_momentums[i], max_momentums[i], base_momentums[i]));
    }
    super(optimizer, last_epoch, verbose ?? false, f);
  }
  private _anneal(start: number, end: number, pct: number): number {
    if (!V.lr_scheduler2) return this.anneal_func(start, end, pct);
    return this._anneal_func_type === "cos" ? annealing_cos(start, end, pct) : annealing_linear(start, end, pct);
  }
  get_lr(): number[] {
    this._warn_get_lr();
    const step_num = this.last_epoch;
    if (step_num > this.total_steps)
      throw valueError(`Tried to step ${V.lr_scheduler2 ? step_num : step_num + 1} times. The specified number of total steps is ${this.total_steps}`);
    return this.optimizer.param_groups.map((group) => {
      let start_step = 0;
      let lr = 0, momentum = 0;
      const phases = this._schedule_phases;
      for (let i = 0; i < phases.length; i++) {
        const end_step = phases[i].end_step;
        if (step_num <= end_step || i === phases.length - 1) {
          const pct = (step_num - start_step) / (end_step - start_step);
          lr = this._anneal(group[phases[i].start_lr], group[phases[i].end_lr], pct);
          if (this.cycle_momentum) momentum = this._anneal(group[phases[i].start_momentum], group[phases[i].end_momentum], pct);
          break;
        }
        start_step = end_step;
      }
      if (this.cycle_momentum) setMomentum(group, this.use_beta1, momentum);
      return lr;
    });
  }
}

// Python names each scheduler by its module (a subclass of the program is __main__).
for (const c of [LRSchedulerImpl, _LRScheduler, LambdaLR, MultiplicativeLR, StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR,
  SequentialLR, PolynomialLR, CosineAnnealingLR, ChainedScheduler, ReduceLROnPlateau, CyclicLR, CosineAnnealingWarmRestarts, OneCycleLR])
  Object.defineProperty(c, "__module__", { value: "torch.optim.lr_scheduler" });
