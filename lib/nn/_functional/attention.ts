// torch.nn.functional: multi_head_attention_forward and its helpers (torch/nn/functional.py),
// re-exported by ../functional. ATen calls go straight to the op table: ../functional imports
// this file, so importing it back would be a cycle.
import { Tensor, pyError } from "../../tensor";
import type { dtype } from "../../dtype";
import { bool } from "../../dtype";
import { op } from "../_ops";
import { bindArgs, warn } from "../_utils";
import { V } from "../../version";

const assertionError = (msg: string) => pyError("AssertionError", msg);
const runtimeError = (msg: string) => pyError("RuntimeError", msg);
/** Python's repr() of a tuple of ints. */
const tup = (xs: readonly number[]) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const linear = (x: Tensor, w: Tensor, b: Tensor | null): Tensor => op("linear", x, w, b);
const padRight = (x: Tensor): Tensor => op("pad", x, [0, 1], "constant", null);

/**
 * _in_projection_packed(q, k, v, w, b=None): the q, k, v projections with weights packed along
 * dim 0 (q, k, v order); one matmul where q, k, v (or k, v) are the same tensor.
 */
export function _in_projection_packed(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | null = null): Tensor[] {
  const E = q.size(-1);
  if (k === v) {
    if (q === k) {
      // 2.x splits the projection by a contiguous view per part; 1.13 by chunk.
      if (!V.attention2) return linear(q, w, b).chunk(3, -1);
      const proj = linear(q, w, b).unflatten(-1, [3, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
      return [proj.select(0, 0), proj.select(0, 1), proj.select(0, 2)];
    }
    const [w_q, w_kv] = w.split([E, E * 2]);
    const [b_q, b_kv] = b === null ? [null, null] : b.split([E, E * 2]);
    const q_proj = linear(q, w_q, b_q);
    if (!V.attention2) return [q_proj, ...linear(k, w_kv, b_kv).chunk(2, -1)];
    const kv = linear(k, w_kv, b_kv).unflatten(-1, [2, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
    return [q_proj, kv.select(0, 0), kv.select(0, 1)];
  }
  const [w_q, w_k, w_v] = w.chunk(3);
  const [b_q, b_k, b_v] = b === null ? [null, null, null] : b.chunk(3);
  return [linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)];
}

/** _in_projection(q, k, v, w_q, w_k, w_v, b_q=None, b_k=None, b_v=None): separate projection weights. */
export function _in_projection(q: Tensor, k: Tensor, v: Tensor, w_q: Tensor, w_k: Tensor, w_v: Tensor,
  b_q: Tensor | null = null, b_k: Tensor | null = null, b_v: Tensor | null = null): Tensor[] {
  const Eq = q.size(-1), Ek = k.size(-1), Ev = v.size(-1);
  const check = (t: Tensor | null, shape: number[], what: string) => {
    if (t !== null && !sameShape(t.shape, shape)) throw assertionError(`expecting ${what} shape of ${tup(shape)}, but got ${t.shape}`);
  };
  check(w_q, [Eq, Eq], "query weights");
  check(w_k, [Eq, Ek], "key weights");
  check(w_v, [Eq, Ev], "value weights");
  check(b_q, [Eq], "query bias");
  check(b_k, [Eq], "key bias");
  check(b_v, [Eq], "value bias");
  return [linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)];
}

/** _mha_shape_check: whether the inputs are batched, with Python's errors for bad ranks. */
export function _mha_shape_check(query: Tensor, key: Tensor, value: Tensor, key_padding_mask: Tensor | null,
  attn_mask: Tensor | null, num_heads: number): boolean {
  const qd = query.dim();
  if (qd !== 2 && qd !== 3)
    throw assertionError(`query should be unbatched 2D or batched 3D tensor but received ${qd}-D query tensor`);
  const batched = qd === 3;
  const what = batched ? "batched (3-D)" : "unbatched (2-D)";
  if (key.dim() !== qd || value.dim() !== qd)
    throw assertionError(`For ${what} \`query\`, expected \`key\` and \`value\` to be ${qd}-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`);
  if (key_padding_mask !== null && key_padding_mask.dim() !== qd - 1)
    throw assertionError(`For ${what} \`query\`, expected \`key_padding_mask\` to be \`None\` or ${qd - 1}-D but found ${key_padding_mask.dim()}-D tensor instead`);
  if (attn_mask !== null) {
    if (attn_mask.dim() !== 2 && attn_mask.dim() !== 3)
      throw assertionError(`For ${what} \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attn_mask.dim()}-D tensor instead`);
    if (!batched && attn_mask.dim() === 3) {
      const expected = [num_heads, query.shape[0], key.shape[0]];
      if (!sameShape(attn_mask.shape, expected)) throw assertionError(`Expected \`attn_mask\` shape to be ${tup(expected)} but got ${attn_mask.shape}`);
    }
  }
  return batched;
}

/**
 * _canonical_mask (2.0): a bool mask becomes a float one of target_type (-inf where true); a
 * float mask passes. Warns when the mask's dtype differs from the other mask's.
 */
export function _canonical_mask(...args: any[]): Tensor | null {
  let [mask, mask_name, other_type, other_name, target_type, check_other] = bindArgs("_canonical_mask",
    [["mask"], ["mask_name"], ["other_type"], ["other_name"], ["target_type"], ["check_other", true]], args) as
    [Tensor | null, string, dtype | null, string, dtype, boolean];
  if (mask === null) return null;
  const is_float = mask.is_floating_point();
  if (mask.dtype.name !== "bool" && !is_float) throw assertionError(`only bool and floating types of ${mask_name} are supported`);
  if (check_other && other_type !== null && mask.dtype !== other_type)
    warn(`Support for mismatched ${mask_name} and ${other_name} is deprecated. Use same type for both instead.`);
  if (!is_float) mask = (op("zeros_like", mask, { dtype: target_type }) as Tensor).masked_fill_(mask, -Infinity);
  return mask;
}

/** _none_or_dtype (2.0): the tensor's dtype, or null. */
export function _none_or_dtype(input: Tensor | null): dtype | null {
  if (input === null || input === undefined) return null;
  if (input instanceof Tensor) return input.dtype;
  throw runtimeError("input to _none_or_dtype() must be None or torch.Tensor");
}

/** 1.13's check of a key_padding_mask's dtype (2.x: in _canonical_mask). */
export function _check_mask_dtype(mask: Tensor | null, name: string): void {
  if (mask !== null && mask.dtype.name !== "bool" && !mask.is_floating_point())
    throw assertionError(`only bool and floating types of ${name} are supported`);
}

const MHA_SIG = [["query"], ["key"], ["value"], ["embed_dim_to_check"], ["num_heads"], ["in_proj_weight"], ["in_proj_bias"],
  ["bias_k"], ["bias_v"], ["add_zero_attn"], ["dropout_p"], ["out_proj_weight"], ["out_proj_bias"], ["training", true],
  ["key_padding_mask", null], ["need_weights", true], ["attn_mask", null], ["use_separate_proj_weight", false],
  ["q_proj_weight", null], ["k_proj_weight", null], ["v_proj_weight", null], ["static_k", null], ["static_v", null],
  ["average_attn_weights", true]] as const;
const MHA_SIG2 = [...MHA_SIG, ["is_causal", false]] as const;

/**
 * multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight,
 * in_proj_bias, bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
 * training=true, key_padding_mask=null, need_weights=true, attn_mask=null,
 * use_separate_proj_weight=false, q_proj_weight=null, k_proj_weight=null, v_proj_weight=null,
 * static_k=null, static_v=null, average_attn_weights=true, is_causal=false (2.0)).
 * Inputs (L, N, E) or unbatched (L, E); returns [attn_output, attn_output_weights | null].
 */
export function multi_head_attention_forward(...args: any[]): [Tensor, Tensor | null] {
  let [query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn,
    dropout_p, out_proj_weight, out_proj_bias, training, key_padding_mask, need_weights, attn_mask, use_separate_proj_weight,
    q_proj_weight, k_proj_weight, v_proj_weight, static_k, static_v, average_attn_weights, is_causal = false] =
    bindArgs("multi_head_attention_forward", V.attention2 ? MHA_SIG2 : MHA_SIG, args);
  const is_batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads);
  if (!is_batched) {
    query = query.unsqueeze(1);
    key = key.unsqueeze(1);
    value = value.unsqueeze(1);
    if (key_padding_mask !== null) key_padding_mask = key_padding_mask.unsqueeze(0);
  }
  const [tgt_len, bsz, embed_dim] = query.shape;
  let src_len = key.shape[0];

  if (V.attention2) {
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask", _none_or_dtype(attn_mask), "attn_mask", query.dtype);
    if (is_causal && attn_mask === null)
      throw runtimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.");
    if (is_causal && key_padding_mask === null && !need_weights) {
      // scaled_dot_product_attention builds the causal mask itself.
      attn_mask = null;
    } else {
      attn_mask = _canonical_mask(attn_mask, "attn_mask", null, "", query.dtype, false);
      if (key_padding_mask !== null) is_causal = false;
    }
  } else _check_mask_dtype(key_padding_mask, "key_padding_mask");

  if (embed_dim !== embed_dim_to_check) throw assertionError(`was expecting embedding dimension of ${embed_dim_to_check}, but got ${embed_dim}`);
  const head_dim = Math.floor(embed_dim / num_heads);
  if (head_dim * num_heads !== embed_dim) throw assertionError(`embed_dim ${embed_dim} not divisible by num_heads ${num_heads}`);
  if (use_separate_proj_weight) {
    const ks = key.shape.slice(0, 2), vs = value.shape.slice(0, 2);
    if (!sameShape(ks, vs)) throw assertionError(`key's sequence and batch dims torch.Size([${ks.join(", ")}]) do not match value's torch.Size([${vs.join(", ")}])`);
  } else if (!sameShape(key.shape, value.shape)) throw assertionError(`key shape ${key.shape} does not match value shape ${value.shape}`);

  let q: Tensor, k: Tensor, v: Tensor;
  if (!use_separate_proj_weight) {
    if (in_proj_weight === null) throw assertionError("use_separate_proj_weight is False but in_proj_weight is None");
    [q, k, v] = _in_projection_packed(query, key, value, in_proj_weight, in_proj_bias);
  } else {
    for (const [w, n] of [[q_proj_weight, "q"], [k_proj_weight, "k"], [v_proj_weight, "v"]] as const)
      if (w === null) throw assertionError(`use_separate_proj_weight is True but ${n}_proj_weight is None`);
    const [b_q, b_k, b_v] = in_proj_bias === null ? [null, null, null] : in_proj_bias.chunk(3);
    [q, k, v] = _in_projection(query, key, value, q_proj_weight, k_proj_weight, v_proj_weight, b_q, b_k, b_v);
  }

  if (attn_mask !== null) {
    if (!V.attention2) {
      if (attn_mask.dtype.name === "uint8") {
        warn("Byte tensor for attn_mask in nn.MultiheadAttention is deprecated. Use bool tensor instead.");
        attn_mask = attn_mask.to(bool);
      } else if (!(attn_mask.is_floating_point() || attn_mask.dtype.name === "bool"))
        throw assertionError(`Only float, byte, and bool types are supported for attn_mask, not ${attn_mask.dtype}`);
    }
    if (attn_mask.dim() === 2) {
      const correct = [tgt_len, src_len];
      if (!sameShape(attn_mask.shape, correct)) throw runtimeError(`The shape of the 2D attn_mask is ${attn_mask.shape}, but should be ${tup(correct)}.`);
      attn_mask = attn_mask.unsqueeze(0);
    } else if (attn_mask.dim() === 3) {
      const correct = [bsz * num_heads, tgt_len, src_len];
      if (!sameShape(attn_mask.shape, correct)) throw runtimeError(`The shape of the 3D attn_mask is ${attn_mask.shape}, but should be ${tup(correct)}.`);
    } else throw runtimeError(`attn_mask's dimension ${attn_mask.dim()} is not supported`);
  }

  if (bias_k !== null && bias_v !== null) {
    if (static_k !== null) throw assertionError("bias cannot be added to static key.");
    if (static_v !== null) throw assertionError("bias cannot be added to static value.");
    k = op("cat", [k, bias_k.repeat(1, bsz, 1)]);
    v = op("cat", [v, bias_v.repeat(1, bsz, 1)]);
    if (attn_mask !== null) attn_mask = padRight(attn_mask);
    if (key_padding_mask !== null) key_padding_mask = padRight(key_padding_mask);
  } else if (V.attention2) {
    if (bias_k !== null) throw assertionError("bias_k is set but bias_v is None");
    if (bias_v !== null) throw assertionError("bias_v is set but bias_k is None");
  } else if (bias_k !== null || bias_v !== null) throw assertionError("");

  // 1.13 makes each part contiguous before the view; 2.x's packed projection already is.
  const heads = (t: Tensor) => (V.attention2 ? t : t.contiguous()).view(t.shape[0], bsz * num_heads, head_dim).transpose(0, 1);
  q = heads(q);
  const staticKV = (s: Tensor, name: string): Tensor => {
    if (s.size(0) !== bsz * num_heads) throw assertionError(`expecting ${name}.size(0) of ${bsz * num_heads}, but got ${s.size(0)}`);
    if (s.size(2) !== head_dim) throw assertionError(`expecting ${name}.size(2) of ${head_dim}, but got ${s.size(2)}`);
    return s;
  };
  k = static_k === null ? heads(k) : staticKV(static_k, "static_k");
  v = static_v === null ? heads(v) : staticKV(static_v, "static_v");

  if (add_zero_attn) {
    const zero_attn_shape = [bsz * num_heads, 1, head_dim];
    k = op("cat", [k, op("zeros", zero_attn_shape, { dtype: k.dtype, device: k.device })], 1);
    v = op("cat", [v, op("zeros", zero_attn_shape, { dtype: v.dtype, device: v.device })], 1);
    if (attn_mask !== null) attn_mask = padRight(attn_mask);
    if (key_padding_mask !== null) key_padding_mask = padRight(key_padding_mask);
  }

  src_len = k.size(1);
  if (key_padding_mask !== null) {
    if (V.attention2) {
      if (key_padding_mask.shape[0] !== bsz) throw assertionError(`Expected key_padded_mask.shape[0] to be ${bsz}, but got ${key_padding_mask.shape[0]}`);
      if (key_padding_mask.shape[1] !== src_len) throw assertionError(`Expected key_padded_mask.shape[1] to be ${src_len}, but got ${key_padding_mask.shape[1]}`);
    } else if (!sameShape(key_padding_mask.shape, [bsz, src_len]))
      throw assertionError(`expecting key_padding_mask shape of ${tup([bsz, src_len])}, but got ${key_padding_mask.shape}`);
    key_padding_mask = key_padding_mask.view(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1).reshape(bsz * num_heads, 1, src_len);
    if (attn_mask === null) attn_mask = key_padding_mask;
    else if (V.attention2) attn_mask = attn_mask.add(key_padding_mask);
    else if (attn_mask.dtype.name === "bool") attn_mask = attn_mask.logical_or(key_padding_mask);
    else attn_mask = attn_mask.masked_fill(key_padding_mask, -Infinity);
  }
  if (!V.attention2 && attn_mask !== null && attn_mask.dtype.name === "bool") {
    const m: Tensor = op("zeros_like", attn_mask, { dtype: q.dtype });
    attn_mask = m.masked_fill_(attn_mask, -Infinity);
  }

  if (!training) dropout_p = 0.0;

  if (!V.attention2 || need_weights) {
    const E = q.shape[2];
    // 2.x scales by sqrt(1/E), 1.13 divides by sqrt(E): the roundings differ.
    const q_scaled = V.attention2 ? q.mul(Math.sqrt(1.0 / E)) : q.div(Math.sqrt(E));
    if (is_causal && attn_mask === null) throw assertionError("FIXME: is_causal not implemented for need_weights");
    let w: Tensor = attn_mask !== null ? op("baddbmm", attn_mask, q_scaled, k.transpose(-2, -1)) : q_scaled.bmm(k.transpose(-2, -1));
    w = w.softmax(-1);
    if (dropout_p > 0.0) w = op("dropout", w, dropout_p, true);
    let out = w.bmm(v);
    out = (V.attention2 ? out.transpose(0, 1).reshape(tgt_len * bsz, embed_dim) : out.transpose(0, 1).contiguous().view(tgt_len * bsz, embed_dim));
    out = linear(out, out_proj_weight, out_proj_bias);
    out = out.view(tgt_len, bsz, out.size(1));
    if (!need_weights) return [is_batched ? out : out.squeeze(1), null];
    w = w.view(bsz, num_heads, tgt_len, src_len);
    if (average_attn_weights) w = V.attention2 ? w.mean({ dim: 1 }) : w.sum({ dim: 1 }).div(num_heads);
    if (!is_batched) { out = out.squeeze(1); w = w.squeeze(0); }
    return [out, w];
  }
  if (attn_mask !== null) {
    if (attn_mask.size(0) === 1 && attn_mask.dim() === 3) attn_mask = attn_mask.unsqueeze(0);
    else attn_mask = attn_mask.view(bsz, num_heads, -1, src_len);
  }
  q = q.view(bsz, num_heads, tgt_len, head_dim);
  k = k.view(bsz, num_heads, src_len, head_dim);
  v = v.view(bsz, num_heads, src_len, head_dim);
  let out: Tensor = op("scaled_dot_product_attention", q, k, v, attn_mask, dropout_p, is_causal);
  out = out.permute(2, 0, 1, 3).reshape(bsz * tgt_len, embed_dim);
  out = linear(out, out_proj_weight, out_proj_bias);
  out = out.view(tgt_len, bsz, out.size(1));
  return [is_batched ? out : out.squeeze(1), null];
}
