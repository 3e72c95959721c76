// torch.nn.functional (torch/nn/functional.py): each function makes the ATen call Python makes.
// `import F from "torch-node/nn/functional"` is the same object as torch.nn.functional.
import { Tensor } from "../tensor";
import { callOp } from "../_ops";
import { OPS } from "../_generated/ops";
import { bindArgs } from "./_utils";

const op = (name: string, ...args: unknown[]): any => callOp(OPS, name, undefined, args);

// ---- other ----
export function one_hot(tensor: Tensor, ...args: any[]): Tensor {
  const [num_classes] = bindArgs("one_hot", [["num_classes", -1]], args);
  return op("one_hot", tensor, num_classes);
}

// ---- attention ----
/**
 * scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, *,
 * scale=None, enable_gqa=False): ATen's fused attention. Only where the linked libtorch has it (2.x);
 * against 1.13 it raises what Python 1.13's missing attribute does.
 */
export function scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor, ...args: any[]): Tensor {
  if (!OPS.scaled_dot_product_attention) {
    const e = new Error("module 'torch.nn.functional' has no attribute 'scaled_dot_product_attention'");
    e.name = "AttributeError";
    throw e;
  }
  return op("scaled_dot_product_attention", query, key, value, ...args);
}

// Each area's functions live in ./_functional/<area>.ts.
import * as vision from "./_functional/vision";
import * as activation from "./_functional/activation";
import * as loss from "./_functional/loss";
import * as attention from "./_functional/attention";
export * from "./_functional/vision";
export * from "./_functional/activation";
export * from "./_functional/loss";
export * from "./_functional/attention";

/** torch.nn.functional, as one object. */
const F = {
  ...vision, ...activation, ...loss, ...attention,
  one_hot,
  scaled_dot_product_attention,
};
export default F;
