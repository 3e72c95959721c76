// torch.optim.lr_scheduler (torch/optim/lr_scheduler.py of the linked release): the
// _LRScheduler base, StepLR, MultiStepLR, ExponentialLR, LambdaLR, CosineAnnealingLR.
import type { Optimizer } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";
import { V } from "../version";

/** The constructors' trailing arguments: `verbose` only before 2.7. */
const TAIL: [string, unknown][] = V.lr_scheduler_no_verbose ? [["last_epoch", -1]] : [["last_epoch", -1], ["verbose", false]];

/** Python's % (the result has the divisor's sign). */
const pymod = (a: number, b: number) => ((a % b) + b) % b;

export class _LRScheduler {
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
  constructor(optimizer: Optimizer, last_epoch = -1, verbose = false, fields: Record<string, unknown> = {}) {
    this.optimizer = optimizer;
    Object.assign(this, fields);
    if (last_epoch === -1) {
      for (const group of optimizer.param_groups) if (!("initial_lr" in group)) group.initial_lr = group.lr;
    } else {
      optimizer.param_groups.forEach((group, i) => {
        if (!("initial_lr" in group)) {
          const e = new Error(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
          e.name = "KeyError";
          throw e;
        }
      });
    }
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr);
    this.last_epoch = last_epoch;
    if (!V.lr_scheduler_no_verbose) this.verbose = verbose;
    this._initial_step();
  }
  protected _initial_step(): void {
    if (!V.lr_scheduler_no_verbose) (this.optimizer as any)._step_count = 0;
    this._step_count = 0;
    if (!V.lr_scheduler_is_initial) { this.step(); return; }
    this._is_initial = true;
    try { this.step(); } finally { this._is_initial = false; }
  }
  /** Whether this is the constructor's step (1.13 and until 2.7: last_epoch == 0). */
  protected _at_initial(): boolean { return V.lr_scheduler_is_initial ? this._is_initial : this.last_epoch === 0; }
  get_lr(): number[] { throw new Error("NotImplementedError"); }
  _get_closed_form_lr?(): number[];
  /** The lr of each group after the last step(). */
  get_last_lr(): number[] { return this._last_lr; }
  print_lr(is_verbose: boolean, group: number, lr: number, epoch: number | null = null): void {
    if (!is_verbose) return;
    const v = lr.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
    if (epoch === null) console.log(`Adjusting learning rate of group ${group} to ${v}.`);
    else console.log(`Epoch ${epoch}: adjusting learning rate of group ${group} to ${v}.`);
  }
  step(epoch: number | null = null): void {
    this._step_count += 1;
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
      group.lr = values[i];
      if (!V.lr_scheduler_no_verbose) this.print_lr(this.verbose, i, values[i], epoch);
    });
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
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
}
// 2.7 removed print_lr with `verbose`.
if (V.lr_scheduler_no_verbose) delete (_LRScheduler.prototype as Partial<_LRScheduler>).print_lr;

/** PyTorch 2's name for the base class. */
export const LRScheduler = _LRScheduler;

type Opts = { last_epoch?: number; verbose?: boolean };

/** Multiplies each group's lr by gamma every step_size epochs. */
export class StepLR extends _LRScheduler {
  declare step_size: number;
  declare gamma: number;
  constructor(optimizer: Optimizer, step_size: number | ({ step_size: number; gamma?: number } & Opts), gamma?: number | ({ gamma?: number } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [step_size, gamma, last_epoch, verbose] = bindArgs("__init__", [["step_size"], ["gamma", 0.1], ...TAIL], args);
    super(optimizer, last_epoch, verbose ?? false, { step_size, gamma });
  }
  get_lr(): number[] {
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return this.optimizer.param_groups.map((g) => g.lr);
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * this.gamma ** Math.floor(this.last_epoch / this.step_size));
  }
}

/** Multiplies each group's lr by gamma at each milestone epoch. */
export class MultiStepLR extends _LRScheduler {
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
    const n = this.milestones.get(this.last_epoch);
    if (n === undefined) return this.optimizer.param_groups.map((g) => g.lr);
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma ** n);
  }
  _get_closed_form_lr(): number[] {
    let passed = 0;
    for (const [m, c] of this.milestones) if (m <= this.last_epoch) passed += c;
    return this.base_lrs.map((base_lr) => base_lr * this.gamma ** passed);
  }
}

/** Multiplies each group's lr by gamma every epoch. */
export class ExponentialLR extends _LRScheduler {
  declare gamma: number;
  constructor(optimizer: Optimizer, gamma: number | ({ gamma: number } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [gamma, last_epoch, verbose] = bindArgs("__init__", [["gamma"], ...TAIL], args);
    super(optimizer, last_epoch, verbose ?? false, { gamma });
  }
  get_lr(): number[] {
    if (this._at_initial()) return this.optimizer.param_groups.map((g) => g.lr);
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * this.gamma ** this.last_epoch);
  }
}

/** lr = initial lr * lr_lambda(epoch); one function, or one per group. */
export class LambdaLR extends _LRScheduler {
  declare lr_lambdas: ((epoch: number) => number)[];
  constructor(optimizer: Optimizer, lr_lambda: ((epoch: number) => number) | ((epoch: number) => number)[] | ({ lr_lambda: ((epoch: number) => number) | ((epoch: number) => number)[] } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [lr_lambda, last_epoch, verbose] = bindArgs("__init__", [["lr_lambda"], ...TAIL], args);
    let lr_lambdas: ((epoch: number) => number)[];
    if (!Array.isArray(lr_lambda)) lr_lambdas = optimizer.param_groups.map(() => lr_lambda);
    else {
      if (lr_lambda.length !== optimizer.param_groups.length)
        throw valueError(`Expected ${optimizer.param_groups.length} lr_lambdas, but got ${lr_lambda.length}`);
      lr_lambdas = [...lr_lambda];
    }
    super(optimizer, last_epoch, verbose ?? false, { lr_lambdas });
  }
  get_lr(): number[] {
    return this.base_lrs.map((base_lr, i) => base_lr * this.lr_lambdas[i](this.last_epoch));
  }
  /** The lambdas (functions) are not saved, as in Python. */
  state_dict(): Record<string, any> {
    const sd = super.state_dict();
    delete sd.lr_lambdas;
    sd.lr_lambdas = this.lr_lambdas.map(() => null);
    return sd;
  }
  load_state_dict(state_dict: Record<string, any>): void {
    const { lr_lambdas, ...rest } = state_dict;
    void lr_lambdas;
    super.load_state_dict(rest);
  }
}

/** Cosine annealing from the initial lr down to eta_min over T_max epochs (the recursive form). */
export class CosineAnnealingLR extends _LRScheduler {
  declare T_max: number;
  declare eta_min: number;
  constructor(optimizer: Optimizer, T_max: number | ({ T_max: number; eta_min?: number } & Opts), eta_min?: number | ({ eta_min?: number } & Opts), last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [T_max, eta_min, last_epoch, verbose] = bindArgs("__init__", [["T_max"], ["eta_min", 0], ...TAIL], args);
    super(optimizer, last_epoch, verbose ?? false, { T_max, eta_min });
  }
  get_lr(): number[] {
    const groups = this.optimizer.param_groups, T = this.T_max, e = this.last_epoch, eta = this.eta_min;
    if (this._at_initial()) return groups.map((g) => g.lr);
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
