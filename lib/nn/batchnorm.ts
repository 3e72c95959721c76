// torch/nn/modules/batchnorm.py: BatchNorm1d/2d/3d and SyncBatchNorm (running statistics in buffers).
import type { Tensor } from "../tensor";
import { Module, type StateCopy } from "./module";
import { Parameter } from "./parameter";
import { empty, zeros, ones, op } from "./_ops";
import { int64 } from "../dtype";
import { bindArgs, pyStr, valueError } from "./_utils";
import * as init from "./init";
import * as F from "./_functional/activation";
import type { FactoryOptions } from "./linear";
import { V } from "../version";
import { no_grad } from "../autograd";

export interface BatchNormOptions extends FactoryOptions {
  num_features?: number; eps?: number; momentum?: number | null; affine?: boolean; track_running_stats?: boolean;
  /** 2.12, keyword-only: whether an affine BatchNorm has a bias. */
  bias?: boolean;
}
const SIG = [["num_features"], ["eps", 1e-5], ["momentum", 0.1], ["affine", true], ["track_running_stats", true], ["device", null], ["dtype", null]] as const;
const KWONLY = V.batch_norm_bias ? [["bias", true] as const] : [];

export class _NormBase extends Module {
  static _version = 2;
  num_features!: number;
  eps!: number;
  momentum!: number | null;
  affine!: boolean;
  track_running_stats!: boolean;
  weight!: Parameter | null;
  bias!: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  constructor(num_features: number | BatchNormOptions, eps?: number | BatchNormOptions, momentum?: number | null | BatchNormOptions, affine?: boolean | BatchNormOptions, track_running_stats?: boolean | BatchNormOptions, options?: BatchNormOptions);
  constructor(...args: any[]) {
    super();
    const [num_features, eps, momentum, affine, track_running_stats, device, dt, bias = true] = bindArgs("__init__", SIG, args, KWONLY);
    const factory = { device, dtype: dt };
    this.num_features = num_features;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.track_running_stats = track_running_stats;
    if (affine) {
      this.weight = new Parameter(empty([num_features], factory));
      if (bias) this.bias = new Parameter(empty([num_features], factory));
      else this.register_parameter("bias", null);
    } else {
      this.register_parameter("weight", null);
      this.register_parameter("bias", null);
    }
    if (track_running_stats) {
      this.register_buffer("running_mean", zeros([num_features], factory));
      this.register_buffer("running_var", ones([num_features], factory));
      this.register_buffer("num_batches_tracked", op("scalar_tensor", 0, { dtype: int64, device }));
    } else {
      this.register_buffer("running_mean", null);
      this.register_buffer("running_var", null);
      this.register_buffer("num_batches_tracked", null);
    }
    this.reset_parameters();
  }
  reset_running_stats(): void {
    if (this.track_running_stats) {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    }
  }
  reset_parameters(): void {
    this.reset_running_stats();
    if (this.affine) {
      init.ones_(this.weight!);
      if (this.bias !== null) init.zeros_(this.bias);
    }
  }
  _check_input_dim(_input: Tensor): void { throw new Error("NotImplementedError"); }
  extra_repr(): string {
    const bias = V.batch_norm_bias ? `, bias=${pyStr(this.bias !== null)}` : "";
    return `${this.num_features}, eps=${pyStr(this.eps, true)}, momentum=${pyStr(this.momentum, true)}, affine=${pyStr(this.affine)}${bias}, track_running_stats=${pyStr(this.track_running_stats)}`;
  }
  _load_from_state_dict(state_dict: Map<string, unknown>, prefix: string, local_metadata: Record<string, any>, strict: boolean,
    missing_keys: string[], unexpected_keys: string[], error_msgs: string[], copies: StateCopy[]): void {
    const version = local_metadata.version;
    // Checkpoints from before num_batches_tracked existed load with it set to 0 (2.2: with the
    // module's own, where it has one).
    if ((version === undefined || version === null || version < 2) && this.track_running_stats) {
      const key = prefix + "num_batches_tracked";
      if (!state_dict.has(key)) {
        const own = V.batch_norm_keeps_num_batches ? this.num_batches_tracked : null;
        state_dict.set(key, own ?? op("scalar_tensor", 0, { dtype: int64 }));
      }
    }
    super._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs, copies);
  }
}

export class _BatchNorm extends _NormBase {
  forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    let exponential_average_factor = this.momentum === null ? 0.0 : this.momentum;
    if (this.training && this.track_running_stats) {
      if (this.num_batches_tracked !== null) {
        this.num_batches_tracked.add_(1);
        exponential_average_factor = this.momentum === null ? 1.0 / (this.num_batches_tracked.item() as number) : this.momentum;
      }
    }
    const bn_training = this.training ? true : this.running_mean === null && this.running_var === null;
    const useStats = !this.training || this.track_running_stats;
    return F.batch_norm(input, useStats ? this.running_mean : null, useStats ? this.running_var : null,
      this.weight, this.bias, bn_training, exponential_average_factor, this.eps);
  }
}

/** Batch normalization over (N, C) or (N, C, L) input. */
export class BatchNorm1d extends _BatchNorm {
  _check_input_dim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw valueError(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}
/** Batch normalization over (N, C, H, W) input. */
export class BatchNorm2d extends _BatchNorm {
  _check_input_dim(input: Tensor): void {
    if (input.dim() !== 4) throw valueError(`expected 4D input (got ${input.dim()}D input)`);
  }
}
/** Batch normalization over (N, C, D, H, W) input. */
export class BatchNorm3d extends _BatchNorm {
  _check_input_dim(input: Tensor): void {
    if (input.dim() !== 5) throw valueError(`expected 5D input (got ${input.dim()}D input)`);
  }
}

/**
 * Batch normalization synchronized over a process group. Without an initialized process group
 * (torch-node has none) it is BatchNorm over (N, C, *) (2.x); 1.13 requires a GPU input.
 */
export class SyncBatchNorm extends _BatchNorm {
  process_group!: unknown;
  constructor(num_features: number | SyncBatchNormOptions, eps?: number | SyncBatchNormOptions, momentum?: number | null | SyncBatchNormOptions, affine?: boolean | SyncBatchNormOptions, track_running_stats?: boolean | SyncBatchNormOptions, process_group?: unknown, options?: SyncBatchNormOptions);
  constructor(...args: any[]) {
    const [num_features, eps, momentum, affine, track_running_stats, process_group, device, dt, bias = true] =
      bindArgs("__init__", [...SIG.slice(0, 5), ["process_group", null], ...SIG.slice(5)], args, KWONLY);
    super(num_features, eps, momentum, affine, track_running_stats, { device, dtype: dt, ...(V.batch_norm_bias ? { bias } : {}) });
    this.process_group = process_group;
  }
  _check_input_dim(input: Tensor): void {
    if (input.dim() < 2) throw valueError(`expected at least 2D input (got ${input.dim()}D input)`);
  }
  _check_non_zero_input_channels(input: Tensor): void {
    if (input.size(1) === 0) throw valueError("SyncBatchNorm number of input channels should be non-zero");
  }
  forward(input: Tensor): Tensor {
    if (!V.sync_batch_norm_cpu && !input.is_cuda) throw valueError("SyncBatchNorm expected input tensor to be on GPU");
    this._check_input_dim(input);
    this._check_non_zero_input_channels(input);
    return super.forward(input);
  }
  /** Replaces every BatchNorm*D in `module` by a SyncBatchNorm with its parameters and buffers. */
  static convert_sync_batchnorm(module: Module, process_group: unknown = null): Module {
    let out = module;
    if (module instanceof _BatchNorm) {
      const bn = new SyncBatchNorm(module.num_features, module.eps, module.momentum, module.affine, module.track_running_stats, process_group,
        V.batch_norm_bias ? { bias: module.bias !== null } : {});
      if (module.affine) {
        no_grad(() => {
          bn.weight = module.weight;
          bn.bias = module.bias;
        });
      }
      bn.running_mean = module.running_mean;
      bn.running_var = module.running_var;
      bn.num_batches_tracked = module.num_batches_tracked;
      bn.training = module.training;
      out = bn;
    }
    for (const [name, child] of module.named_children()) out.add_module(name, SyncBatchNorm.convert_sync_batchnorm(child, process_group));
    return out;
  }
}
export interface SyncBatchNormOptions extends BatchNormOptions { process_group?: unknown; }
