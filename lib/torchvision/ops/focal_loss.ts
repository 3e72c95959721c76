// torchvision/ops/focal_loss.py: the focal loss of RetinaNet.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { binary_cross_entropy_with_logits } from "../../nn/_functional/loss";
import { bindArgs, pyFloat, valueError } from "../../nn/_utils";

/** Binary cross-entropy down-weighted on well-classified examples: alpha_t (1 - p_t)^gamma CE. */
export function sigmoid_focal_loss(inputs: Tensor, targets: Tensor, alpha?: number, gamma?: number, reduction?: string): Tensor;
export function sigmoid_focal_loss(inputs: Tensor, targets: Tensor, options?: { alpha?: number; gamma?: number; reduction?: string }): Tensor;
export function sigmoid_focal_loss(...args: any[]): Tensor {
  const [inputs, targets, alpha, gamma, reduction] = bindArgs("sigmoid_focal_loss",
    [["inputs"], ["targets"], ["alpha", 0.25], ["gamma", 2], ["reduction", "none"]], args);
  if (!(0 <= alpha && alpha <= 1) && alpha !== -1)
    throw valueError(`Invalid alpha value: ${pyFloat(alpha)}. alpha must be in the range [0,1] or -1 for ignore.`);
  const p = torch.sigmoid(inputs);
  const ce_loss = binary_cross_entropy_with_logits(inputs, targets, { reduction: "none" });
  const p_t = p.mul(targets).add(p.neg().add(1).mul(targets.neg().add(1)));
  let loss = ce_loss.mul(p_t.neg().add(1).pow(gamma));
  if (alpha >= 0) {
    const alpha_t = targets.mul(alpha).add(targets.neg().add(1).mul(1 - alpha));
    loss = alpha_t.mul(loss);
  }
  if (reduction === "none") return loss;
  if (reduction === "mean") return loss.mean();
  if (reduction === "sum") return loss.sum();
  throw valueError(`Invalid Value for arg 'reduction': '${reduction} \n Supported reduction modes: 'none', 'mean', 'sum'`);
}
