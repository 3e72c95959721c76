// torch.nn.utils.fusion (torch/nn/utils/fusion.py): BatchNorm folded into the preceding conv or linear
// layer, for inference.
import { Tensor, pyError } from "../../tensor";
import { op } from "../_ops";
import { Module } from "../module";
import { Parameter } from "../parameter";
import { bindArgs } from "../_utils";
import { deepcopy } from "../../optim/swa_utils";
import { V } from "../../version";

const zerosLike = (t: Tensor): Tensor => op("zeros_like", t);
const onesLike = (t: Tensor): Tensor => op("ones_like", t);

function checkEval(m: Module, bn: any): void {
  if (m.training || bn.training) throw pyError("AssertionError", "Fusion only for eval!");
  if (V.nn2 && (bn.running_mean == null || bn.running_var == null))
    throw pyError("AssertionError", "bn.running_mean and bn.running_var must not be None");
}

/** fuse_conv_bn_eval(conv, bn, transpose=False): a copy of conv (both in eval mode) with bn folded in. */
export function fuse_conv_bn_eval<T extends Module>(conv: T, bn: Module, ...args: any[]): T {
  const [transpose] = bindArgs("fuse_conv_bn_eval", [["transpose", false]], args);
  checkEval(conv, bn);
  const fused: any = deepcopy(conv);
  const b = bn as any;
  [fused.weight, fused.bias] = fuse_conv_bn_weights(fused.weight, fused.bias, b.running_mean, b.running_var, b.eps, b.weight, b.bias, transpose);
  return fused;
}

/** fuse_conv_bn_weights(conv_w, conv_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b, transpose=False): [weight, bias] Parameters. */
export function fuse_conv_bn_weights(conv_w: Tensor, conv_b: Tensor | null, bn_rm: Tensor, bn_rv: Tensor, bn_eps: number,
  bn_w: Tensor | null, bn_b: Tensor | null, ...args: any[]): [Parameter, Parameter] {
  const [transpose] = bindArgs("fuse_conv_bn_weights", [["transpose", false]], args);
  const wdt = conv_w.dtype, bdt = conv_b !== null ? conv_b.dtype : wdt;
  const b = conv_b ?? zerosLike(bn_rm);
  const w = bn_w ?? onesLike(bn_rm);
  const beta = bn_b ?? zerosLike(bn_rm);
  const rsqrt = bn_rv.add(bn_eps).rsqrt();
  const shape = [...(transpose ? [1, -1] : [-1, 1]), ...new Array(conv_w.dim() - 2).fill(1)];
  let fw = conv_w.mul(w.mul(rsqrt).reshape(shape));
  let fb = b.sub(bn_rm).mul(rsqrt).mul(w).add(beta);
  // 2.x keeps the conv's dtypes and requires_grad (1.13: the promoted results, requiring grad)
  if (!V.nn2) return [new Parameter(fw), new Parameter(fb)];
  fw = fw.to(wdt); fb = fb.to(bdt);
  return [new Parameter(fw, conv_w.requires_grad), new Parameter(fb, b.requires_grad)];
}

/** fuse_linear_bn_eval(linear, bn): a copy of linear (both in eval mode) with bn folded in. */
function _fuse_linear_bn_eval<T extends Module>(linear: T, bn: Module): T {
  checkEval(linear, bn);
  const l = linear as any, b = bn as any;
  if (V.nn2 && l.out_features !== b.num_features && b.num_features !== 1)
    throw pyError("AssertionError", `To fuse, linear.out_features == bn.num_features or bn.num_features == 1, got linear.out_features=${l.out_features} and bn.num_features=${b.num_features}`);
  const fused: any = deepcopy(linear);
  [fused.weight, fused.bias] = _fuse_linear_bn_weights(fused.weight, fused.bias, b.running_mean, b.running_var, b.eps, b.weight, b.bias);
  return fused;
}

/** fuse_linear_bn_weights(linear_w, linear_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b): [weight, bias] Parameters. */
function _fuse_linear_bn_weights(linear_w: Tensor, linear_b: Tensor | null, bn_rm: Tensor, bn_rv: Tensor, bn_eps: number,
  bn_w: Tensor, bn_b: Tensor): [Parameter, Parameter] {
  const wdt = linear_w.dtype, bdt = linear_b !== null ? linear_b.dtype : wdt;
  const b = linear_b ?? zerosLike(bn_rm);
  const scale = bn_w.mul(bn_rv.add(bn_eps).rsqrt());
  if (!V.nn2) return [new Parameter(linear_w.mul(scale.unsqueeze(-1))), new Parameter(b.sub(bn_rm).mul(scale).add(bn_b))];
  const fw = linear_w.mul(scale.unsqueeze(-1).to(wdt));
  const fb = b.sub(bn_rm).mul(scale).add(bn_b).to(bdt);
  return [new Parameter(fw, linear_w.requires_grad), new Parameter(fb, b.requires_grad)];
}

const notHere = (name: string) => (): never => { throw pyError("AttributeError", `module 'torch.nn.utils' has no attribute '${name}'`); };
// torch.nn.utils exports the linear fusions since 2.0 (1.13 only in torch.nn.utils.fusion).
export const fuse_linear_bn_eval: typeof _fuse_linear_bn_eval = V.nn2 ? _fuse_linear_bn_eval : notHere("fuse_linear_bn_eval");
export const fuse_linear_bn_weights: typeof _fuse_linear_bn_weights = V.nn2 ? _fuse_linear_bn_weights : notHere("fuse_linear_bn_weights");
