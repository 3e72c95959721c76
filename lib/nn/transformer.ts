// torch/nn/modules/transformer.py: Transformer, TransformerEncoder, TransformerDecoder,
// TransformerEncoderLayer, TransformerDecoderLayer; and MultiheadAttention, which Python keeps
// in torch/nn/modules/activation.py.
//
// The fast paths are Python's: in eval mode without grad, MultiheadAttention calls
// torch._native_multi_head_attention and TransformerEncoderLayer torch._transformer_encoder_layer_fwd
// under the conditions Python checks. TransformerEncoder's nested-tensor path (enable_nested_tensor)
// is taken under Python's conditions too, with the padded batch and its key padding mask
// instead of a NestedTensor (torch-node has none): the layers run their fused kernel with the
// mask, and the padded positions come out as zeros, as to_padded_tensor(0.) gives them.
// torch.backends.mha's fast path switch is on (Python's default) and autocast is never enabled.
import { Tensor, pyError } from "../tensor";
import { int64, type dtype } from "../dtype";
import type { DeviceLike } from "../device";
import { isOptions } from "../_ops";
import { is_grad_enabled } from "../autograd";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { Linear } from "./linear";
import { Dropout } from "./dropout";
import { LayerNorm } from "./normalization";
import { ModuleList } from "./container";
import { ReLU, GELU } from "./activation";
import { empty, op } from "./_ops";
import { bindArgs, valueError, warn } from "./_utils";
import * as init from "./init";
import * as F from "./functional";
import { _canonical_mask, _none_or_dtype, _check_mask_dtype, multi_head_attention_forward } from "./_functional/attention";
import { V } from "../version";

type Activation = string | ((x: Tensor) => Tensor);
interface FactoryOptions { device?: DeviceLike | null; dtype?: dtype | null; }
/** Python's call forms: any leading run of the positional parameters P, then the keywords O. */
type Args<P extends unknown[], O> = P extends [...infer H, unknown] ? Args<H, O> | P | [...P, O] : [] | [O];

/** torch.nn.modules.linear.NonDynamicallyQuantizableLinear: MultiheadAttention's out_proj. */
class NonDynamicallyQuantizableLinear extends Linear {
  static __module__ = "torch.nn.modules.linear";
}

/** Whether none of the tensors needs grad while grad is on, and all are on a fast-path device. */
function fastPathTensorsOk(tensors: (Tensor | null)[]): boolean {
  if (!tensors.every((t) => t === null || ["cpu", "cuda"].includes(t.device.type))) return false;
  return !(is_grad_enabled() && tensors.some((t) => t !== null && t.requires_grad));
}

const MHA_SIG = [["embed_dim"], ["num_heads"], ["dropout", 0.0], ["bias", true], ["add_bias_kv", false], ["add_zero_attn", false],
  ["kdim", null], ["vdim", null], ["batch_first", false], ["device", null], ["dtype", null]] as const;
const MHA_FWD = [["query"], ["key"], ["value"], ["key_padding_mask", null], ["need_weights", true], ["attn_mask", null],
  ["average_attn_weights", true], ...(V.attention2 ? [["is_causal", false] as const] : [])] as const;

export interface MultiheadAttentionOptions extends FactoryOptions {
  dropout?: number; bias?: boolean; add_bias_kv?: boolean; add_zero_attn?: boolean;
  kdim?: number | null; vdim?: number | null; batch_first?: boolean;
}

/**
 * Attention over num_heads heads: Attention(Q, K, V) = softmax(QK^T / sqrt(d)) V per head.
 * query (L, N, E) (or (N, L, E) with batch_first, or unbatched (L, E)); key/value (S, N, kdim/vdim).
 * Returns [attn_output, attn_output_weights | null].
 */
export class MultiheadAttention extends Module {
  static __module__ = "torch.nn.modules.activation";
  declare embed_dim: number;
  declare kdim: number;
  declare vdim: number;
  declare _qkv_same_embed_dim: boolean;
  declare num_heads: number;
  declare dropout: number;
  declare batch_first: boolean;
  declare head_dim: number;
  declare in_proj_weight: Parameter | null;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare out_proj: Linear;
  declare bias_k: Parameter | null;
  declare bias_v: Parameter | null;
  declare add_zero_attn: boolean;

  /** (embed_dim, num_heads, dropout=0, bias=true, add_bias_kv=false, add_zero_attn=false, kdim=null, vdim=null, batch_first=false, device=null, dtype=null) */
  constructor(embed_dim: number, num_heads: number, ...rest: Args<[number, boolean, boolean, boolean, number | null, number | null, boolean], MultiheadAttentionOptions>);
  constructor(options: { embed_dim: number; num_heads: number } & MultiheadAttentionOptions);
  constructor(...args: any[]) {
    super();
    const [embed_dim, num_heads, dropout, bias, add_bias_kv, add_zero_attn, kdim, vdim, batch_first, device, dt] =
      bindArgs("__init__", MHA_SIG, args);
    if (V.transformer_bias && (embed_dim <= 0 || num_heads <= 0))
      throw valueError(`embed_dim and num_heads must be greater than 0, got embed_dim=${embed_dim} and num_heads=${num_heads} instead`);
    const factory = { device, dtype: dt };
    this.embed_dim = embed_dim;
    this.kdim = kdim ?? embed_dim;
    this.vdim = vdim ?? embed_dim;
    this._qkv_same_embed_dim = this.kdim === embed_dim && this.vdim === embed_dim;
    this.num_heads = num_heads;
    this.dropout = dropout;
    this.batch_first = batch_first;
    this.head_dim = Math.floor(embed_dim / num_heads);
    if (this.head_dim * num_heads !== this.embed_dim) throw pyError("AssertionError", "embed_dim must be divisible by num_heads");
    if (!this._qkv_same_embed_dim) {
      this.q_proj_weight = new Parameter(empty([embed_dim, embed_dim], factory));
      this.k_proj_weight = new Parameter(empty([embed_dim, this.kdim], factory));
      this.v_proj_weight = new Parameter(empty([embed_dim, this.vdim], factory));
      this.register_parameter("in_proj_weight", null);
    } else {
      this.in_proj_weight = new Parameter(empty([3 * embed_dim, embed_dim], factory));
      this.register_parameter("q_proj_weight", null);
      this.register_parameter("k_proj_weight", null);
      this.register_parameter("v_proj_weight", null);
    }
    if (bias) this.in_proj_bias = new Parameter(empty([3 * embed_dim], factory));
    else this.register_parameter("in_proj_bias", null);
    this.out_proj = new NonDynamicallyQuantizableLinear(embed_dim, embed_dim, { bias, ...factory });
    if (add_bias_kv) {
      this.bias_k = new Parameter(empty([1, 1, embed_dim], factory));
      this.bias_v = new Parameter(empty([1, 1, embed_dim], factory));
    } else {
      this.bias_k = null;
      this.bias_v = null;
    }
    this.add_zero_attn = add_zero_attn;
    this._reset_parameters();
  }

  _reset_parameters(): void {
    if (this._qkv_same_embed_dim) init.xavier_uniform_(this.in_proj_weight!);
    else {
      init.xavier_uniform_(this.q_proj_weight!);
      init.xavier_uniform_(this.k_proj_weight!);
      init.xavier_uniform_(this.v_proj_weight!);
    }
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0.0);
      init.constant_(this.out_proj.bias!, 0.0);
    }
    if (this.bias_k !== null) init.xavier_normal_(this.bias_k);
    if (this.bias_v !== null) init.xavier_normal_(this.bias_v);
  }

  /** forward(query, key, value, key_padding_mask=null, need_weights=true, attn_mask=null, average_attn_weights=true, is_causal=false (2.0)) */
  forward(query: Tensor, key: Tensor, value: Tensor, options?: { key_padding_mask?: Tensor | null; need_weights?: boolean; attn_mask?: Tensor | null; average_attn_weights?: boolean; is_causal?: boolean }): [Tensor, Tensor | null];
  forward(query: Tensor, key: Tensor, value: Tensor, key_padding_mask?: Tensor | null, need_weights?: boolean, attn_mask?: Tensor | null, average_attn_weights?: boolean, is_causal?: boolean): [Tensor, Tensor | null];
  forward(...args: any[]): [Tensor, Tensor | null] {
    let [query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights, is_causal = false] = bindArgs("forward", MHA_FWD, args);
    const is_batched = query.dim() === 3;
    let fast: boolean;
    if (V.attention2) {
      const floatMask = (attn_mask !== null && attn_mask.is_floating_point()) || (key_padding_mask !== null && key_padding_mask.is_floating_point());
      key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask", _none_or_dtype(attn_mask), "attn_mask", query.dtype);
      attn_mask = _canonical_mask(attn_mask, "attn_mask", null, "", query.dtype, false);
      fast = !floatMask && this._fastPathShapeOk(query, key, value);
    } else {
      _check_mask_dtype(key_padding_mask, "key_padding_mask");
      fast = this._fastPathShapeOk(query, key, value) && !this.dropout && attn_mask === null;
    }
    if (fast && fastPathTensorsOk([query, key, value, this.in_proj_weight, this.in_proj_bias, this.out_proj.weight, this.out_proj.bias])) {
      const [mask, mask_type] = V.attention2 ? this.merge_masks(attn_mask, key_padding_mask, query)
        : [key_padding_mask ?? attn_mask, key_padding_mask !== null ? 1 : attn_mask !== null ? 0 : null];
      if (!V.attention2 || (this.in_proj_bias !== null && this.in_proj_weight !== null)) {
        const [out, w] = op("_native_multi_head_attention", query, key, value, this.embed_dim, this.num_heads, this.in_proj_weight,
          this.in_proj_bias, this.out_proj.weight, this.out_proj.bias, mask, need_weights, average_attn_weights, mask_type);
        return [out, need_weights ? w : null];
      }
    }
    if (this.batch_first && is_batched) {
      // Python transposes each distinct tensor once, keeping q/k/v identity for the packed projection.
      if (key === value) {
        if (query === key) query = key = value = query.transpose(1, 0);
        else { query = query.transpose(1, 0); key = value = key.transpose(1, 0); }
      } else [query, key, value] = [query, key, value].map((x: Tensor) => x.transpose(1, 0));
    }
    const common = {
      training: this.training, key_padding_mask, need_weights, attn_mask, average_attn_weights,
      ...(V.attention2 ? { is_causal } : {}),
    };
    const separate = this._qkv_same_embed_dim ? {} : {
      use_separate_proj_weight: true, q_proj_weight: this.q_proj_weight, k_proj_weight: this.k_proj_weight, v_proj_weight: this.v_proj_weight,
    };
    const [attn_output, attn_output_weights] = multi_head_attention_forward(query, key, value, this.embed_dim, this.num_heads,
      this.in_proj_weight, this.in_proj_bias, this.bias_k, this.bias_v, this.add_zero_attn, this.dropout,
      this.out_proj.weight, this.out_proj.bias, { ...common, ...separate });
    if (this.batch_first && is_batched) return [attn_output.transpose(1, 0), attn_output_weights];
    return [attn_output, attn_output_weights];
  }

  /** The module conditions of Python's fast path (eval, batch_first, self-attention, even heads, ...). */
  private _fastPathShapeOk(query: Tensor, key: Tensor, value: Tensor): boolean {
    if (query.dim() !== 3 || query !== key || key !== value) return false;
    if (this.in_proj_bias !== null && query.dtype !== this.in_proj_bias.dtype) return false;
    if (this.in_proj_weight === null) return !V.attention2 && this._qkv_same_embed_dim;
    if (query.dtype !== this.in_proj_weight.dtype) return false;
    if (this.training || !this.batch_first || this.bias_k !== null || this.bias_v !== null || this.add_zero_attn) return false;
    return this._qkv_same_embed_dim && this.num_heads % 2 === 0;
  }

  /**
   * merge_masks(attn_mask, key_padding_mask, query) (2.0): one mask for the fused kernels and its
   * type (1: key padding (N, S), 2: (N, num_heads, L, S)), or [null, null].
   */
  merge_masks(attn_mask: Tensor | null, key_padding_mask: Tensor | null, query: Tensor): [Tensor | null, number | null] {
    let mask_type: number | null = null, merged: Tensor | null = null;
    if (key_padding_mask !== null) { mask_type = 1; merged = key_padding_mask; }
    if (attn_mask !== null) {
      const [batch_size, seq_len] = query.shape;
      mask_type = 2;
      const expanded = attn_mask.dim() === 3 ? attn_mask.view(batch_size, -1, seq_len, seq_len)
        : attn_mask.view(1, 1, seq_len, seq_len).expand(batch_size, this.num_heads, -1, -1);
      merged = expanded;
      if (key_padding_mask !== null)
        merged = expanded.add(key_padding_mask.view(batch_size, 1, 1, seq_len).expand(-1, this.num_heads, -1, -1));
    }
    return [merged, mask_type];
  }
}

// ---- helpers of torch/nn/modules/transformer.py ----

/** copy.deepcopy of a module: its parameters, buffers and submodules copied, shared ones once. */
function deepcopy(x: any, memo: Map<unknown, unknown>): any {
  if (x === null || (typeof x !== "object" && !(x instanceof Module))) return x;
  if (memo.has(x)) return memo.get(x);
  if (x instanceof Module) {
    const src = x._self;
    // The base constructor gives a callable module of src's class without running its constructor.
    const c = Reflect.construct(Module, [], src.constructor) as Module;
    memo.set(x, c);
    for (const key of Reflect.ownKeys(src)) {
      if (key === "_self") continue;
      const d = Object.getOwnPropertyDescriptor(src, key)!;
      if ("value" in d) d.value = deepcopy(d.value, memo);
      Object.defineProperty(c, key, d);
    }
    return c;
  }
  if (x instanceof Tensor) {
    const data = x.detach().clone();
    const t = x instanceof Parameter ? new Parameter(data, x.requires_grad) : x.requires_grad ? data.requires_grad_(true) : data;
    memo.set(x, t);
    if (x.grad !== null) t.grad = deepcopy(x.grad, memo);
    return t;
  }
  if (Array.isArray(x)) {
    const a: unknown[] = [];
    memo.set(x, a);
    for (const v of x) a.push(deepcopy(v, memo));
    return a;
  }
  if (x instanceof Map || x instanceof Set) {
    const c = new (x.constructor as any)();
    memo.set(x, c);
    if (x instanceof Map) for (const [k, v] of x) c.set(deepcopy(k, memo), deepcopy(v, memo));
    else for (const v of x) c.add(deepcopy(v, memo));
    return c;
  }
  if (isOptions(x)) {
    const o: Record<string, unknown> = Object.create(Object.getPrototypeOf(x));
    memo.set(x, o);
    for (const [k, v] of Object.entries(x)) o[k] = deepcopy(v, memo);
    return o;
  }
  return x; // dtypes, devices and other immutable values
}

/** _get_clones: a ModuleList of N deep copies (equal weights, as Python's). */
function _get_clones(module: Module, N: number): ModuleList {
  return new ModuleList(Array.from({ length: N }, () => deepcopy(module, new Map())));
}

function _get_activation_fn(activation: string): (x: Tensor) => Tensor {
  if (activation === "relu") return F.relu;
  if (activation === "gelu") return F.gelu;
  throw pyError("RuntimeError", `activation should be relu/gelu, not ${activation}`);
}

/** _generate_square_subsequent_mask: -inf above the diagonal, 0.0 elsewhere. */
function _generate_square_subsequent_mask(sz: number, device: DeviceLike | null = null, dt: dtype | null = null): Tensor {
  return op("full", [sz, sz], -Infinity, { dtype: dt, device }).triu(1);
}

function _get_seq_len(src: Tensor, batch_first: boolean): number {
  const s = src.shape;
  return s.length === 2 ? s[0] : s[batch_first ? 1 : 0];
}

/** _detect_is_causal_mask (2.0): is_causal, or (when null) whether mask is the causal mask. */
function _detect_is_causal_mask(mask: Tensor | null, is_causal: boolean | null = null, size: number | null = null): boolean {
  let make_causal = is_causal === true;
  if (is_causal === null && mask !== null) {
    const sz = size ?? mask.size(-2);
    const causal = _generate_square_subsequent_mask(sz, mask.device, mask.dtype);
    const ms = mask.shape, cs = causal.shape;
    make_causal = ms.length === cs.length && ms.every((v, i) => v === cs[i]) && Boolean(mask.eq(causal).all().item());
  }
  return make_causal;
}

/** torch._nested_tensor_from_mask_left_aligned: each row of mask is a run of trues, then falses. */
function leftAligned(mask: Tensor): boolean {
  const n = mask.size(1);
  if (n < 2) return true;
  const m = mask.to(int64);
  return Boolean(m.narrow(1, 0, n - 1).ge(m.narrow(1, 1, n - 1)).all().item());
}

/** Python's `is_causal` default of a signature: null for the stacks, false for the layers. */
const causalSig = (name: string, dflt: boolean | null) => (V.attention2 ? [[name, dflt] as const] : []);

// ---- the layers ----

const LAYER_SIG = [["d_model"], ["nhead"], ["dim_feedforward", 2048], ["dropout", 0.1], ["activation", null], ["layer_norm_eps", 1e-5],
  ["batch_first", false], ["norm_first", false], ...(V.transformer_bias ? [["bias", true] as const] : []), ["device", null], ["dtype", null]] as const;

export interface TransformerLayerOptions extends FactoryOptions {
  dim_feedforward?: number; dropout?: number; activation?: Activation | Module; layer_norm_eps?: number;
  batch_first?: boolean; norm_first?: boolean; bias?: boolean;
}
/** (dim_feedforward=2048, dropout=0.1, activation=F.relu, layer_norm_eps=1e-5, batch_first=false, norm_first=false, bias=true (2.1), device, dtype) */
type LayerArgs = Args<[number, number, Activation | Module, number, boolean, boolean, boolean], TransformerLayerOptions>;

/** The submodules both layers have (buildLayer makes them). */
interface LayerParts {
  self_attn: MultiheadAttention; linear1: Linear; dropout: Dropout; linear2: Linear; norm_first: boolean;
  norm1: LayerNorm; norm2: LayerNorm; dropout1: Dropout; dropout2: Dropout; activation: ((x: Tensor) => Tensor) | Module;
}
/**
 * Binds a layer's constructor arguments (activation defaults to F.relu) and builds its
 * submodules in Python's order; the decoder's (`cross`) add multihead_attn, norm3 and dropout3.
 */
function buildLayer(self: any, args: unknown[], cross: boolean) {
  const b = bindArgs("__init__", LAYER_SIG, args);
  const [d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first] = b;
  const [bias, device, dt] = V.transformer_bias ? b.slice(8) : [true, ...b.slice(8)];
  const factory = { device, dtype: dt };
  const mha = () => new MultiheadAttention(d_model, nhead, { dropout, bias, batch_first, ...factory });
  const norm = () => new LayerNorm(d_model, normOpts(layer_norm_eps, bias, factory));
  self.self_attn = mha();
  if (cross) self.multihead_attn = mha();
  self.linear1 = new Linear(d_model, dim_feedforward, { bias, ...factory });
  self.dropout = new Dropout(dropout);
  self.linear2 = new Linear(dim_feedforward, d_model, { bias, ...factory });
  self.norm_first = norm_first;
  self.norm1 = norm();
  self.norm2 = norm();
  if (cross) self.norm3 = norm();
  self.dropout1 = new Dropout(dropout);
  self.dropout2 = new Dropout(dropout);
  if (cross) self.dropout3 = new Dropout(dropout);
  return { activation: (activation ?? F.relu) as Activation | Module };
}
/** Python passes `bias` to LayerNorm from 2.1 (LayerNorm has it from then). */
const normOpts = (eps: number, bias: boolean, factory: FactoryOptions) => ({ eps, ...(V.transformer_bias ? { bias } : {}), ...factory });

/**
 * Self-attention and a feedforward network, each with a residual connection and LayerNorm
 * (after, or before with norm_first). src (S, N, E), or (N, S, E) with batch_first.
 */
export interface TransformerEncoderLayer extends LayerParts {}
export class TransformerEncoderLayer extends Module {
  /** 1: relu, 2: gelu (the fused kernel's two), 0: another function. */
  declare activation_relu_or_gelu: number;

  constructor(d_model: number, nhead: number, ...rest: LayerArgs);
  constructor(options: { d_model: number; nhead: number } & TransformerLayerOptions);
  constructor(...args: any[]) {
    super();
    const a = buildLayer(this, args, false);
    let activation = a.activation;
    if (typeof activation === "string") activation = _get_activation_fn(activation);
    this.activation_relu_or_gelu = activation === F.relu || activation instanceof ReLU ? 1 : activation === F.gelu || activation instanceof GELU ? 2 : 0;
    this.activation = activation;
  }

  /** forward(src, src_mask=null, src_key_padding_mask=null, is_causal=false (2.0)) */
  forward(src: Tensor, options?: { src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null; is_causal?: boolean }): Tensor;
  forward(src: Tensor, src_mask?: Tensor | null, src_key_padding_mask?: Tensor | null, is_causal?: boolean): Tensor;
  forward(...args: any[]): Tensor {
    let [src, src_mask, src_key_padding_mask, is_causal = false] = bindArgs("forward",
      [["src"], ["src_mask", null], ["src_key_padding_mask", null], ...causalSig("is_causal", false)], args);
    if (V.attention2) {
      src_key_padding_mask = _canonical_mask(src_key_padding_mask, "src_key_padding_mask", _none_or_dtype(src_mask), "src_mask", src.dtype);
      src_mask = _canonical_mask(src_mask, "src_mask", null, "", src.dtype, false);
    } else _check_mask_dtype(src_key_padding_mask, "src_key_padding_mask");
    const sa = this.self_attn;
    const fast = src.dim() === 3 && !this.training && sa.batch_first && (!V.attention2 || sa.in_proj_bias !== null) &&
      sa._qkv_same_embed_dim && this.activation_relu_or_gelu !== 0 && this.norm1.eps === this.norm2.eps &&
      (V.attention2 || src_mask === null) && sa.num_heads % 2 === 0 &&
      (!V.attention2 || !this.modules().some((m) => m._forward_hooks.size + m._forward_pre_hooks.size > 0)) &&
      fastPathTensorsOk([src, sa.in_proj_weight, sa.in_proj_bias, sa.out_proj.weight, sa.out_proj.bias, this.norm1.weight,
        this.norm1.bias, this.norm2.weight, this.norm2.bias, this.linear1.weight, this.linear1.bias, this.linear2.weight, this.linear2.bias]);
    if (fast) {
      const [mask, mask_type] = V.attention2 ? sa.merge_masks(src_mask, src_key_padding_mask, src)
        : [src_key_padding_mask, src_key_padding_mask !== null ? 1 : null];
      return op("_transformer_encoder_layer_fwd", src, sa.embed_dim, sa.num_heads, sa.in_proj_weight, sa.in_proj_bias,
        sa.out_proj.weight, sa.out_proj.bias, this.activation_relu_or_gelu === 2, this.norm_first, this.norm1.eps,
        this.norm1.weight, this.norm1.bias, this.norm2.weight, this.norm2.bias, this.linear1.weight, this.linear1.bias,
        this.linear2.weight, this.linear2.bias, mask, mask_type);
    }
    let x = src;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1(x), src_mask, src_key_padding_mask, is_causal));
      x = x.add(this._ff_block(this.norm2(x)));
    } else {
      x = this.norm1(x.add(this._sa_block(x, src_mask, src_key_padding_mask, is_causal)));
      x = this.norm2(x.add(this._ff_block(x)));
    }
    return x;
  }
  _sa_block(x: Tensor, attn_mask: Tensor | null, key_padding_mask: Tensor | null, is_causal = false): Tensor {
    const causal = V.attention2 ? { is_causal } : {};
    return this.dropout1(this.self_attn(x, x, x, { attn_mask, key_padding_mask, need_weights: false, ...causal })[0]);
  }
  _ff_block(x: Tensor): Tensor {
    return this.dropout2(this.linear2(this.dropout(this.activation(this.linear1(x)))));
  }
}

/**
 * Self-attention, attention over the encoder's output (memory) and a feedforward network, each
 * with a residual connection and LayerNorm. tgt (T, N, E), memory (S, N, E) (batch first with batch_first).
 */
export interface TransformerDecoderLayer extends LayerParts {}
export class TransformerDecoderLayer extends Module {
  declare multihead_attn: MultiheadAttention;
  declare norm3: LayerNorm;
  declare dropout3: Dropout;

  constructor(d_model: number, nhead: number, ...rest: LayerArgs);
  constructor(options: { d_model: number; nhead: number } & TransformerLayerOptions);
  constructor(...args: any[]) {
    super();
    const a = buildLayer(this, args, true);
    this.activation = typeof a.activation === "string" ? _get_activation_fn(a.activation) : a.activation;
  }

  /** forward(tgt, memory, tgt_mask=null, memory_mask=null, tgt_key_padding_mask=null, memory_key_padding_mask=null, tgt_is_causal=false, memory_is_causal=false (2.0)) */
  forward(tgt: Tensor, memory: Tensor, options?: DecoderMasks & { tgt_is_causal?: boolean; memory_is_causal?: boolean }): Tensor;
  forward(tgt: Tensor, memory: Tensor, tgt_mask?: Tensor | null, memory_mask?: Tensor | null, tgt_key_padding_mask?: Tensor | null,
    memory_key_padding_mask?: Tensor | null, tgt_is_causal?: boolean, memory_is_causal?: boolean): Tensor;
  forward(...args: any[]): Tensor {
    const [tgt, memory, tgt_mask, memory_mask, tgt_kpm, memory_kpm, tgt_is_causal = false, memory_is_causal = false] = bindArgs("forward",
      [["tgt"], ["memory"], ...DECODER_MASKS, ...causalSig("tgt_is_causal", false), ...causalSig("memory_is_causal", false)], args);
    let x: Tensor = tgt;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1(x), tgt_mask, tgt_kpm, tgt_is_causal));
      x = x.add(this._mha_block(this.norm2(x), memory, memory_mask, memory_kpm, memory_is_causal));
      x = x.add(this._ff_block(this.norm3(x)));
    } else {
      x = this.norm1(x.add(this._sa_block(x, tgt_mask, tgt_kpm, tgt_is_causal)));
      x = this.norm2(x.add(this._mha_block(x, memory, memory_mask, memory_kpm, memory_is_causal)));
      x = this.norm3(x.add(this._ff_block(x)));
    }
    return x;
  }
  _sa_block(x: Tensor, attn_mask: Tensor | null, key_padding_mask: Tensor | null, is_causal = false): Tensor {
    const causal = V.attention2 ? { is_causal } : {};
    return this.dropout1(this.self_attn(x, x, x, { attn_mask, key_padding_mask, need_weights: false, ...causal })[0]);
  }
  _mha_block(x: Tensor, mem: Tensor, attn_mask: Tensor | null, key_padding_mask: Tensor | null, is_causal = false): Tensor {
    const causal = V.attention2 ? { is_causal } : {};
    return this.dropout2(this.multihead_attn(x, mem, mem, { attn_mask, key_padding_mask, need_weights: false, ...causal })[0]);
  }
  _ff_block(x: Tensor): Tensor {
    return this.dropout3(this.linear2(this.dropout(this.activation(this.linear1(x)))));
  }
}

interface DecoderMasks {
  tgt_mask?: Tensor | null; memory_mask?: Tensor | null; tgt_key_padding_mask?: Tensor | null; memory_key_padding_mask?: Tensor | null;
}
const DECODER_MASKS = [["tgt_mask", null], ["memory_mask", null], ["tgt_key_padding_mask", null], ["memory_key_padding_mask", null]] as const;

// ---- the stacks ----

/** Why TransformerEncoder cannot take its nested-tensor path, judged from its layer (Python's __init__ checks), or "". */
function whyNotSparsityFastPath(layer: Module): string {
  const l = layer as TransformerEncoderLayer;
  const enc = "encoder_layer";
  if (!(layer instanceof TransformerEncoderLayer)) return `${enc} was not TransformerEncoderLayer`;
  if (l.norm_first) return `${enc}.norm_first was True`;
  if (!l.self_attn.batch_first) return `${enc}.self_attn.batch_first was not True(use batch_first for better inference performance)`;
  if (!l.self_attn._qkv_same_embed_dim) return `${enc}.self_attn._qkv_same_embed_dim was not True`;
  if (l.self_attn.in_proj_bias === null) return `${enc}.self_attn was passed bias=False`;
  if (!l.activation_relu_or_gelu) return `${enc}.activation_relu_or_gelu was not True`;
  if (l.norm1.eps !== l.norm2.eps) return `${enc}.norm1.eps was not equal to ${enc}.norm2.eps`;
  if (l.self_attn.num_heads % 2 === 1) return `${enc}.self_attn.num_heads is odd`;
  return "";
}

/** A stack of num_layers copies of encoder_layer, then norm. */
export class TransformerEncoder extends Module {
  declare layers: ModuleList;
  declare num_layers: number;
  declare norm: Module | null;
  declare enable_nested_tensor: boolean;
  /** 2.1: whether the nested-tensor path may be taken (enable_nested_tensor and a layer that allows it). */
  declare use_nested_tensor: boolean;
  declare mask_check: boolean;

  constructor(encoder_layer: Module, num_layers: number, ...rest: Args<[Module | null, boolean, boolean], { norm?: Module | null; enable_nested_tensor?: boolean; mask_check?: boolean }>);
  constructor(options: { encoder_layer: Module; num_layers: number; norm?: Module | null; enable_nested_tensor?: boolean; mask_check?: boolean });
  constructor(...args: any[]) {
    super();
    const [encoder_layer, num_layers, norm, enable_nested_tensor, mask_check] = bindArgs("__init__",
      [["encoder_layer"], ["num_layers"], ["norm", null], ["enable_nested_tensor", true], ["mask_check", true]], args);
    this.layers = _get_clones(encoder_layer, num_layers);
    this.num_layers = num_layers;
    this.norm = norm;
    this.enable_nested_tensor = enable_nested_tensor;
    if (V.transformer_bias) this.use_nested_tensor = enable_nested_tensor;
    this.mask_check = mask_check;
    const why = whyNotSparsityFastPath(encoder_layer);
    if (V.transformer_bias && enable_nested_tensor && why) {
      warn(`enable_nested_tensor is True, but self.use_nested_tensor is False because ${why}`);
      this.use_nested_tensor = false;
    }
  }

  /** forward(src, mask=null, src_key_padding_mask=null, is_causal=null (2.0)) */
  forward(src: Tensor, options?: { mask?: Tensor | null; src_key_padding_mask?: Tensor | null; is_causal?: boolean | null }): Tensor;
  forward(src: Tensor, mask?: Tensor | null, src_key_padding_mask?: Tensor | null, is_causal?: boolean | null): Tensor;
  forward(...args: any[]): Tensor {
    let [src, mask, src_key_padding_mask, is_causal = null] = bindArgs("forward",
      [["src"], ["mask", null], ["src_key_padding_mask", null], ...causalSig("is_causal", null)], args);
    if (V.attention2) {
      src_key_padding_mask = _canonical_mask(src_key_padding_mask, "src_key_padding_mask", _none_or_dtype(mask), "mask", src.dtype);
      mask = _canonical_mask(mask, "mask", null, "", src.dtype, false);
    } else _check_mask_dtype(src_key_padding_mask, "src_key_padding_mask");
    const first = this.layers.at(0) as TransformerEncoderLayer;
    const batch_first = first.self_attn.batch_first;
    // Python's nested-tensor conditions (2.1 judges the layer in __init__, 1.13 here).
    const kpm: Tensor | null = src_key_padding_mask;
    const allowed = V.transformer_bias ? this.use_nested_tensor : this.enable_nested_tensor && !whyNotSparsityFastPath(first);
    const nested = allowed && !first.training && src.dim() === 3 && kpm !== null &&
      !(this.mask_check && !leftAligned(kpm.logical_not())) && mask === null &&
      fastPathTensorsOk([src, first.self_attn.in_proj_weight, first.self_attn.in_proj_bias, first.self_attn.out_proj.weight,
        first.self_attn.out_proj.bias, first.norm1.weight, first.norm1.bias, first.norm2.weight, first.norm2.bias,
        first.linear1.weight, first.linear1.bias, first.linear2.weight, first.linear2.bias]);
    if (V.attention2) is_causal = _detect_is_causal_mask(mask, is_causal, _get_seq_len(src, batch_first));
    let output: Tensor = src;
    for (const mod of this.layers) {
      const causal = V.attention2 ? { is_causal } : {};
      output = mod(output, { src_mask: mask, src_key_padding_mask: kpm, ...causal });
    }
    if (nested) {
      // to_padded_tensor(0.): padded positions are zeros; 1.13 pads to the longest sequence only.
      const valid = kpm!.logical_not();
      output = output.masked_fill(valid.logical_not().unsqueeze(-1), 0.0);
      if (!V.attention2) output = output.narrow(1, 0, valid.sum(1).max().item() as number);
    }
    if (this.norm !== null) output = this.norm(output);
    return output;
  }
}

/** A stack of num_layers copies of decoder_layer, then norm. */
export class TransformerDecoder extends Module {
  declare layers: ModuleList;
  declare num_layers: number;
  declare norm: Module | null;

  constructor(decoder_layer: Module, num_layers: number, ...rest: Args<[Module | null], { norm?: Module | null }>);
  constructor(options: { decoder_layer: Module; num_layers: number; norm?: Module | null });
  constructor(...args: any[]) {
    super();
    const [decoder_layer, num_layers, norm] = bindArgs("__init__", [["decoder_layer"], ["num_layers"], ["norm", null]], args);
    this.layers = _get_clones(decoder_layer, num_layers);
    this.num_layers = num_layers;
    this.norm = norm;
  }

  /** forward(tgt, memory, tgt_mask=null, memory_mask=null, tgt_key_padding_mask=null, memory_key_padding_mask=null, tgt_is_causal=null, memory_is_causal=false (2.0)) */
  forward(tgt: Tensor, memory: Tensor, options?: DecoderMasks & { tgt_is_causal?: boolean | null; memory_is_causal?: boolean }): Tensor;
  forward(tgt: Tensor, memory: Tensor, tgt_mask?: Tensor | null, memory_mask?: Tensor | null, tgt_key_padding_mask?: Tensor | null,
    memory_key_padding_mask?: Tensor | null, tgt_is_causal?: boolean | null, memory_is_causal?: boolean): Tensor;
  forward(...args: any[]): Tensor {
    let [tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask, tgt_is_causal = null, memory_is_causal = false] =
      bindArgs("forward", [["tgt"], ["memory"], ...DECODER_MASKS, ...causalSig("tgt_is_causal", null), ...causalSig("memory_is_causal", false)], args);
    let output: Tensor = tgt;
    const causal: Record<string, boolean> = {};
    if (V.attention2) {
      const first = this.layers.at(0) as TransformerDecoderLayer;
      tgt_is_causal = _detect_is_causal_mask(tgt_mask, tgt_is_causal, _get_seq_len(tgt, first.self_attn.batch_first));
      Object.assign(causal, { tgt_is_causal, memory_is_causal });
    }
    for (const mod of this.layers)
      output = mod(output, memory, { tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask, ...causal });
    if (this.norm !== null) output = this.norm(output);
    return output;
  }
}

const TRANSFORMER_SIG = [["d_model", 512], ["nhead", 8], ["num_encoder_layers", 6], ["num_decoder_layers", 6], ["dim_feedforward", 2048],
  ["dropout", 0.1], ["activation", null], ["custom_encoder", null], ["custom_decoder", null], ["layer_norm_eps", 1e-5],
  ["batch_first", false], ["norm_first", false], ...(V.transformer_bias ? [["bias", true] as const] : []), ["device", null], ["dtype", null]] as const;

export interface TransformerOptions extends TransformerLayerOptions {
  d_model?: number; nhead?: number; num_encoder_layers?: number; num_decoder_layers?: number;
  custom_encoder?: Module | null; custom_decoder?: Module | null;
}

/** "Attention Is All You Need": an encoder stack and a decoder stack, each ending in LayerNorm. */
export class Transformer extends Module {
  declare encoder: Module;
  declare decoder: Module;
  declare d_model: number;
  declare nhead: number;
  declare batch_first: boolean;

  /** (d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, dropout=0.1, activation=F.relu,
   *  custom_encoder=null, custom_decoder=null, layer_norm_eps=1e-5, batch_first=false, norm_first=false, bias=true (2.1), device, dtype) */
  constructor(...args: Args<[number, number, number, number, number, number, Activation | Module, Module | null, Module | null, number,
    boolean, boolean, boolean], TransformerOptions>);
  constructor(...args: any[]) {
    super();
    const b = bindArgs("__init__", TRANSFORMER_SIG, args);
    const [d_model, nhead, num_encoder_layers, num_decoder_layers, dim_feedforward, dropout, activation, custom_encoder,
      custom_decoder, layer_norm_eps, batch_first, norm_first] = b;
    const [bias, device, dt] = V.transformer_bias ? b.slice(12) : [true, ...b.slice(12)];
    const factory = { device, dtype: dt };
    const layerArgs = [d_model, nhead, dim_feedforward, dropout, activation ?? F.relu, layer_norm_eps, batch_first, norm_first,
      ...(V.transformer_bias ? [bias] : []), factory] as const;
    if (custom_encoder !== null) this.encoder = custom_encoder;
    else {
      const encoder_layer = new (TransformerEncoderLayer as any)(...layerArgs) as TransformerEncoderLayer;
      const encoder_norm = new LayerNorm(d_model, normOpts(layer_norm_eps, bias, factory));
      this.encoder = new TransformerEncoder(encoder_layer, num_encoder_layers, encoder_norm);
    }
    if (custom_decoder !== null) this.decoder = custom_decoder;
    else {
      const decoder_layer = new (TransformerDecoderLayer as any)(...layerArgs) as TransformerDecoderLayer;
      const decoder_norm = new LayerNorm(d_model, normOpts(layer_norm_eps, bias, factory));
      this.decoder = new TransformerDecoder(decoder_layer, num_decoder_layers, decoder_norm);
    }
    this._reset_parameters();
    this.d_model = d_model;
    this.nhead = nhead;
    this.batch_first = batch_first;
  }

  /**
   * forward(src, tgt, src_mask=null, tgt_mask=null, memory_mask=null, src_key_padding_mask=null,
   * tgt_key_padding_mask=null, memory_key_padding_mask=null, src_is_causal=null, tgt_is_causal=null,
   * memory_is_causal=false (the last three 2.1)).
   */
  forward(src: Tensor, tgt: Tensor, options?: DecoderMasks & { src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null;
    src_is_causal?: boolean | null; tgt_is_causal?: boolean | null; memory_is_causal?: boolean }): Tensor;
  forward(src: Tensor, tgt: Tensor, src_mask?: Tensor | null, tgt_mask?: Tensor | null, memory_mask?: Tensor | null,
    src_key_padding_mask?: Tensor | null, tgt_key_padding_mask?: Tensor | null, memory_key_padding_mask?: Tensor | null,
    src_is_causal?: boolean | null, tgt_is_causal?: boolean | null, memory_is_causal?: boolean): Tensor;
  forward(...args: any[]): Tensor {
    const hints = V.transformer_bias ? [["src_is_causal", null], ["tgt_is_causal", null], ["memory_is_causal", false]] as const : [];
    const [src, tgt, src_mask, tgt_mask, memory_mask, src_key_padding_mask, tgt_key_padding_mask, memory_key_padding_mask,
      src_is_causal = null, tgt_is_causal = null, memory_is_causal = false] = bindArgs("forward", [["src"], ["tgt"], ["src_mask", null],
      ["tgt_mask", null], ["memory_mask", null], ["src_key_padding_mask", null], ["tgt_key_padding_mask", null],
      ["memory_key_padding_mask", null], ...hints], args);
    const is_batched = src.dim() === 3;
    if (is_batched && src.size(this.batch_first ? 0 : 1) !== tgt.size(this.batch_first ? 0 : 1))
      throw pyError("RuntimeError", "the batch number of src and tgt must be equal");
    if (src.size(-1) !== this.d_model || tgt.size(-1) !== this.d_model)
      throw pyError("RuntimeError", "the feature number of src and tgt must be equal to d_model");
    const memory = this.encoder(src, { mask: src_mask, src_key_padding_mask, ...(V.transformer_bias ? { is_causal: src_is_causal } : {}) });
    return this.decoder(tgt, memory, {
      tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask,
      ...(V.transformer_bias ? { tgt_is_causal, memory_is_causal } : {}),
    });
  }

  /** generate_square_subsequent_mask(sz, device=null, dtype=null) (1.13: (sz, device='cpu')): -inf above the diagonal. */
  static generate_square_subsequent_mask(sz: number | { sz: number; device?: DeviceLike | null; dtype?: dtype | null },
    device?: DeviceLike | null | { device?: DeviceLike | null; dtype?: dtype | null }, dt?: dtype | null): Tensor;
  static generate_square_subsequent_mask(...args: any[]): Tensor {
    if (!V.transformer_bias) {
      const [sz, device] = bindArgs("generate_square_subsequent_mask", [["sz"], ["device", "cpu"]], args);
      return _generate_square_subsequent_mask(sz, device);
    }
    const [sz, device, dt] = bindArgs("generate_square_subsequent_mask", [["sz"], ["device", null], ["dtype", null]], args);
    return _generate_square_subsequent_mask(sz, device, dt);
  }
  /** The static method, reached from an instance as Python allows. */
  generate_square_subsequent_mask(...args: Parameters<typeof Transformer.generate_square_subsequent_mask>): Tensor {
    return Transformer.generate_square_subsequent_mask(...args);
  }

  /** xavier_uniform_ on every parameter of more than one dimension, in parameters() order. */
  _reset_parameters(): void {
    for (const p of this.parameters()) if (p.dim() > 1) init.xavier_uniform_(p);
  }
}
