// torch.optim.lr_scheduler (torch/optim/lr_scheduler.py, 1.13): _LRScheduler base and StepLR.
import type { Optimizer } from "./optimizer";
import { bindArgs } from "../nn/_utils";

export class _LRScheduler {
  optimizer: Optimizer;
  base_lrs: number[];
  last_epoch: number;
  verbose: boolean;
  _step_count = 0;
  _last_lr: number[] = [];
  protected _get_lr_called_within_step = false;

  constructor(optimizer: Optimizer, last_epoch = -1, verbose = false) {
    this.optimizer = optimizer;
    if (last_epoch === -1) {
      for (const group of optimizer.param_groups) if (!("initial_lr" in group)) group.initial_lr = group.lr;
    } else {
      optimizer.param_groups.forEach((group, i) => {
        if (!("initial_lr" in group)) throw new Error(`KeyError: "param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer"`);
      });
    }
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr);
    this.last_epoch = last_epoch;
    this.verbose = verbose;
    this._initial_step();
  }
  protected _initial_step(): void {
    (this.optimizer as any)._step_count = 0;
    this._step_count = 0;
    this.step();
  }
  get_lr(): number[] { throw new Error("NotImplementedError"); }
  get_last_lr(): number[] { return this._last_lr; }
  print_lr(is_verbose: boolean, group: number, lr: number, epoch: number | null = null): void {
    if (!is_verbose) return;
    if (epoch === null) console.log(`Adjusting learning rate of group ${group} to ${lr.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2")}.`);
    else console.log(`Epoch ${epoch}: adjusting learning rate of group ${group} to ${lr.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2")}.`);
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
      this.print_lr(this.verbose, i, values[i], epoch);
    });
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }
  _get_closed_form_lr?(): number[];
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
/** PyTorch 2's name for the base class. */
export const LRScheduler = _LRScheduler;

/** Multiplies each group's lr by gamma every step_size epochs. */
export class StepLR extends _LRScheduler {
  declare step_size: number;
  declare gamma: number;
  constructor(optimizer: Optimizer, step_size: number | { step_size: number; gamma?: number; last_epoch?: number; verbose?: boolean }, gamma?: number | { gamma?: number; last_epoch?: number; verbose?: boolean }, last_epoch?: number, verbose?: boolean);
  constructor(optimizer: Optimizer, ...args: any[]) {
    const [step_size, gamma, last_epoch, verbose] = bindArgs("__init__", [["step_size"], ["gamma", 0.1], ["last_epoch", -1], ["verbose", false]], args);
    // Fields must exist before the base constructor's first step() calls get_lr().
    StepLR.pending = { step_size, gamma };
    super(optimizer, last_epoch, verbose);
  }
  private static pending: { step_size: number; gamma: number } | null = null;
  protected _initial_step(): void {
    this.step_size = StepLR.pending!.step_size;
    this.gamma = StepLR.pending!.gamma;
    StepLR.pending = null;
    super._initial_step();
  }
  get_lr(): number[] {
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return this.optimizer.param_groups.map((g) => g.lr);
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * this.gamma ** Math.floor(this.last_epoch / this.step_size));
  }
}
