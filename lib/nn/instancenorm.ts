// torch/nn/modules/instancenorm.py: InstanceNorm1d/2d/3d (per-sample, per-channel statistics).
import type { Tensor } from "../tensor";
import type { StateCopy } from "./module";
import { _NormBase, type BatchNormOptions } from "./batchnorm";
import { valueError, warn } from "./_utils";
import { isOptions } from "../_ops";
import * as F from "./_functional/activation";
import { V } from "../version";

export class _InstanceNorm extends _NormBase {
  constructor(num_features: number | BatchNormOptions, eps?: number | BatchNormOptions, momentum?: number | BatchNormOptions, affine?: boolean | BatchNormOptions, track_running_stats?: boolean | BatchNormOptions, options?: BatchNormOptions);
  constructor(...args: any[]) {
    // Python's defaults differ from BatchNorm's: affine=False, track_running_stats=False.
    const kw = args.length > 0 && isOptions(args[args.length - 1]) ? args[args.length - 1] : null;
    const pos = kw ? args.slice(0, -1) : args;
    const defaults: BatchNormOptions = {};
    if (pos.length <= 3) defaults.affine = false;
    if (pos.length <= 4) defaults.track_running_stats = false;
    super(...(pos as [number]), { ...defaults, ...kw });
  }
  _get_no_batch_dim(): number { throw new Error("NotImplementedError"); }
  _handle_no_batch_input(input: Tensor): Tensor { return this._apply_instance_norm(input.unsqueeze(0)).squeeze(0); }
  _apply_instance_norm(input: Tensor): Tensor {
    return F.instance_norm(input, this.running_mean, this.running_var, this.weight, this.bias,
      // 1.13 passes a None momentum on (instance_norm's TypeError).
      this.training || !this.track_running_stats, V.instance_norm_num_features ? this.momentum ?? 0.0 : this.momentum, this.eps);
  }
  _load_from_state_dict(state_dict: Map<string, unknown>, prefix: string, local_metadata: Record<string, any>, strict: boolean,
    missing_keys: string[], unexpected_keys: string[], error_msgs: string[], copies: StateCopy[]): void {
    const version = local_metadata.version;
    // Checkpoints from before 0.4 kept running stats that InstanceNorm no longer tracks by default.
    if ((version === undefined || version === null) && !this.track_running_stats) {
      const keys = ["running_mean", "running_var"].map((n) => prefix + n).filter((k) => state_dict.has(k));
      if (keys.length > 0) {
        const klass = this.constructor.name;
        error_msgs.push(`Unexpected running stats buffer(s) ${keys.map((k) => `"${k}"`).join(" and ")} for ${klass} with track_running_stats=False. If state_dict is a checkpoint saved before 0.4.0, this may be expected because ${klass} does not track running stats by default since 0.4.0. Please remove these keys from state_dict. If the running stats are actually needed, instead set track_running_stats=True in ${klass} to enable them. See the documentation of ${klass} for details.`);
        for (const k of keys) state_dict.delete(k);
      }
    }
    super._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs, copies);
  }
  forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    if (V.instance_norm_num_features) {
      const feature_dim = input.dim() - this._get_no_batch_dim();
      if (input.size(feature_dim) !== this.num_features) {
        if (this.affine)
          throw valueError(`expected input's size at dim=${feature_dim} to match num_features (${this.num_features}), but got: ${input.size(feature_dim)}.`);
        warn(`input's size at dim=${feature_dim} does not match num_features. You can silence this warning by not passing in num_features, which is not used because affine=False`, "UserWarning");
      }
    }
    if (input.dim() === this._get_no_batch_dim()) return this._handle_no_batch_input(input);
    return this._apply_instance_norm(input);
  }
}

function checkDims(input: Tensor, a: number): void {
  if (input.dim() !== a && input.dim() !== a + 1) throw valueError(`expected ${a}D or ${a + 1}D input (got ${input.dim()}D input)`);
}
/** Instance normalization over (N, C, L) or (C, L). */
export class InstanceNorm1d extends _InstanceNorm {
  _get_no_batch_dim(): number { return 2; }
  _check_input_dim(input: Tensor): void { checkDims(input, 2); }
}
/** Instance normalization over (N, C, H, W) or (C, H, W). */
export class InstanceNorm2d extends _InstanceNorm {
  _get_no_batch_dim(): number { return 3; }
  _check_input_dim(input: Tensor): void { checkDims(input, 3); }
}
/** Instance normalization over (N, C, D, H, W) or (C, D, H, W). */
export class InstanceNorm3d extends _InstanceNorm {
  _get_no_batch_dim(): number { return 4; }
  _check_input_dim(input: Tensor): void { checkDims(input, 4); }
}
