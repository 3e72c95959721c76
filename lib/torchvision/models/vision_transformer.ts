// torchvision/models/vision_transformer.py: ViT-B/16 (An Image is Worth 16x16 Words).
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import { Parameter } from "../../nn/parameter";
import { Sequential } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { GELU, Tanh } from "../../nn/activation";
import { LayerNorm } from "../../nn/normalization";
import { Linear } from "../../nn/linear";
import { Dropout } from "../../nn/dropout";
import { MultiheadAttention } from "../../nn/transformer";
import * as init from "../../nn/init";
import { bindArgs } from "../../nn/_utils";
import { MLP, makeLayer, partial, type LayerFactory } from "../ops/misc";
import { weightsEnum, register_model, _build, _ovewrite_named_param, type BuilderOptions } from "./_api";

function assert(cond: boolean, msg: string): void {
  if (!cond) { const e = new Error(msg); e.name = "AssertionError"; throw e; }
}
const shapeStr = (t: Tensor) => `torch.Size([${t.shape.join(", ")}])`;

/** The transformer block's MLP: Linear, GELU, Dropout, Linear, Dropout. */
export class MLPBlock extends MLP {
  static _version = 2;
  constructor(in_dim: number, mlp_dim: number, dropout: number) {
    super(in_dim, [mlp_dim, in_dim], { activation_layer: GELU, inplace: null, dropout });
    for (const m of this.modules()) {
      if (m instanceof Linear) {
        init.xavier_uniform_(m.weight);
        if (m.bias !== null) init.normal_(m.bias, { std: 1e-6 });
      }
    }
  }
  _load_from_state_dict(state_dict: Map<string, unknown>, prefix: string, local_metadata: Record<string, any>, ...rest: any[]): void {
    const version = local_metadata?.version ?? null;
    // checkpoints before version 2 named the two Linear layers linear_1 and linear_2
    if (version === null || version < 2) {
      for (let i = 0; i < 2; i++) for (const type of ["weight", "bias"]) {
        const old_key = `${prefix}linear_${i + 1}.${type}`;
        if (state_dict.has(old_key)) { state_dict.set(`${prefix}${3 * i}.${type}`, state_dict.get(old_key)); state_dict.delete(old_key); }
      }
    }
    (super._load_from_state_dict as any)(state_dict, prefix, local_metadata, ...rest);
  }
}

const LN = partial(LayerNorm, { eps: 1e-6 });

export class EncoderBlock extends Module {
  declare num_heads: number; declare ln_1: Module; declare self_attention: MultiheadAttention; declare dropout: Dropout; declare ln_2: Module; declare mlp: MLPBlock;
  constructor(num_heads: number, hidden_dim: number, mlp_dim: number, dropout: number, attention_dropout: number, norm_layer: LayerFactory = LN) {
    super();
    this.num_heads = num_heads;
    this.ln_1 = makeLayer(norm_layer, hidden_dim);
    this.self_attention = new MultiheadAttention(hidden_dim, num_heads, { dropout: attention_dropout, batch_first: true });
    this.dropout = new Dropout(dropout);
    this.ln_2 = makeLayer(norm_layer, hidden_dim);
    this.mlp = new MLPBlock(hidden_dim, mlp_dim, dropout);
  }
  forward(input: Tensor): Tensor {
    assert(input.dim() === 3, `Expected (batch_size, seq_length, hidden_dim) got ${shapeStr(input)}`);
    let x = this.ln_1(input);
    [x] = this.self_attention(x, x, x, { need_weights: false });
    x = this.dropout(x).add(input);
    const y = this.mlp(this.ln_2(x));
    return x.add(y);
  }
}

export class Encoder extends Module {
  declare pos_embedding: Parameter; declare dropout: Dropout; declare layers: Sequential; declare ln: Module;
  constructor(seq_length: number, num_layers: number, num_heads: number, hidden_dim: number, mlp_dim: number, dropout: number, attention_dropout: number, norm_layer: LayerFactory = LN) {
    super();
    this.pos_embedding = new Parameter(torch.empty(1, seq_length, hidden_dim).normal_({ std: 0.02 }));
    this.dropout = new Dropout(dropout);
    const layers = new Map<string, Module>();
    for (let i = 0; i < num_layers; i++) layers.set(`encoder_layer_${i}`, new EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout, norm_layer));
    this.layers = new Sequential(layers);
    this.ln = makeLayer(norm_layer, hidden_dim);
  }
  forward(input: Tensor): Tensor {
    assert(input.dim() === 3, `Expected (batch_size, seq_length, hidden_dim) got ${shapeStr(input)}`);
    return this.ln(this.layers(this.dropout(input.add(this.pos_embedding))));
  }
}

export interface VisionTransformerOptions {
  image_size: number; patch_size: number; num_layers: number; num_heads: number; hidden_dim: number; mlp_dim: number;
  dropout?: number; attention_dropout?: number; num_classes?: number; representation_size?: number | null; norm_layer?: LayerFactory;
}

export class VisionTransformer extends Module {
  declare image_size: number; declare patch_size: number; declare hidden_dim: number; declare mlp_dim: number; declare attention_dropout: number;
  declare dropout: number; declare num_classes: number; declare representation_size: number | null; declare norm_layer: LayerFactory;
  declare conv_proj: Conv2d; declare class_token: Parameter; declare encoder: Encoder; declare seq_length: number; declare heads: Sequential;
  constructor(options: VisionTransformerOptions);
  constructor(image_size: number, patch_size: number, num_layers: number, num_heads: number, hidden_dim: number, mlp_dim: number, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [image_size, patch_size, num_layers, num_heads, hidden_dim, mlp_dim, dropout, attention_dropout, num_classes, representation_size, norm_layer, conv_stem_configs] =
      bindArgs("__init__", [["image_size"], ["patch_size"], ["num_layers"], ["num_heads"], ["hidden_dim"], ["mlp_dim"], ["dropout", 0.0], ["attention_dropout", 0.0],
        ["num_classes", 1000], ["representation_size", null], ["norm_layer", LN], ["conv_stem_configs", null]], args);
    assert(image_size % patch_size === 0, "Input shape indivisible by patch size!");
    if (conv_stem_configs !== null) throw new Error("VisionTransformer: conv_stem_configs is not supported");
    Object.assign(this, { image_size, patch_size, hidden_dim, mlp_dim, attention_dropout, dropout, num_classes, representation_size, norm_layer });
    this.conv_proj = new Conv2d({ in_channels: 3, out_channels: hidden_dim, kernel_size: patch_size, stride: patch_size });
    let seq_length = (Math.floor(image_size / patch_size)) ** 2;
    this.class_token = new Parameter(torch.zeros(1, 1, hidden_dim));
    seq_length += 1;
    this.encoder = new Encoder(seq_length, num_layers, num_heads, hidden_dim, mlp_dim, dropout, attention_dropout, norm_layer);
    this.seq_length = seq_length;
    const heads = new Map<string, Module>();
    if (representation_size === null) heads.set("head", new Linear(hidden_dim, num_classes));
    else {
      heads.set("pre_logits", new Linear(hidden_dim, representation_size));
      heads.set("act", new Tanh());
      heads.set("head", new Linear(representation_size, num_classes));
    }
    this.heads = new Sequential(heads);
    const fan_in = this.conv_proj.in_channels * this.conv_proj.kernel_size[0] * this.conv_proj.kernel_size[1];
    init.trunc_normal_(this.conv_proj.weight, { std: Math.sqrt(1 / fan_in) });
    if (this.conv_proj.bias !== null) init.zeros_(this.conv_proj.bias);
    const pre = heads.get("pre_logits");
    if (pre instanceof Linear) {
      init.trunc_normal_(pre.weight, { std: Math.sqrt(1 / pre.in_features) });
      init.zeros_(pre.bias!);
    }
    const head = heads.get("head") as Linear;
    init.zeros_(head.weight);
    init.zeros_(head.bias!);
  }
  _process_input(x: Tensor): Tensor {
    const [n, , h, w] = x.shape;
    const p = this.patch_size;
    assert(h === this.image_size, `Wrong image height! Expected ${this.image_size} but got ${h}!`);
    assert(w === this.image_size, `Wrong image width! Expected ${this.image_size} but got ${w}!`);
    const n_h = Math.floor(h / p), n_w = Math.floor(w / p);
    return this.conv_proj(x).reshape(n, this.hidden_dim, n_h * n_w).permute(0, 2, 1);
  }
  forward(x: Tensor): Tensor {
    x = this._process_input(x);
    const n = x.shape[0];
    const batch_class_token = this.class_token.expand(n, -1, -1);
    x = this.encoder(torch.cat([batch_class_token, x], 1));
    return this.heads(x.index(":", 0));
  }
}

export const ViT_B_16_Weights = weightsEnum("ViT_B_16_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/vit_b_16-c867db91.pth", transforms: {"crop_size": 224}, meta: {"num_params": 86567656, "min_size": [224, 224], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#vit_b_16", "_metrics": {"ImageNet-1K": {"acc@1": 81.072, "acc@5": 95.318}}, "_ops": 17.564, "_file_size": 330.285} },
  IMAGENET1K_SWAG_E2E_V1: { url: "https://download.pytorch.org/models/vit_b_16_swag-9ac1b537.pth", transforms: {"crop_size": 384, "resize_size": 384, "interpolation": "bicubic"}, meta: {"recipe": "https://github.com/facebookresearch/SWAG", "license": "https://github.com/facebookresearch/SWAG/blob/main/LICENSE", "num_params": 86859496, "min_size": [384, 384], "_metrics": {"ImageNet-1K": {"acc@1": 85.304, "acc@5": 97.65}}, "_ops": 55.484, "_file_size": 331.398} },
  IMAGENET1K_SWAG_LINEAR_V1: { url: "https://download.pytorch.org/models/vit_b_16_lc_swag-4e70ced5.pth", transforms: {"crop_size": 224, "resize_size": 224, "interpolation": "bicubic"}, meta: {"recipe": "https://github.com/pytorch/vision/pull/5793", "license": "https://github.com/facebookresearch/SWAG/blob/main/LICENSE", "num_params": 86567656, "min_size": [224, 224], "_metrics": {"ImageNet-1K": {"acc@1": 81.886, "acc@5": 96.18}}, "_ops": 17.564, "_file_size": 330.285} },
}, "IMAGENET1K_V1");

export type ViTBuilderOptions = BuilderOptions<Partial<Omit<VisionTransformerOptions, "patch_size" | "num_layers" | "num_heads" | "hidden_dim" | "mlp_dim">>>;
/** ViT-B/16; image_size (224) may be given for other input sizes. */
export const vit_b_16 = register_model("vit_b_16", ViT_B_16_Weights, (options: ViTBuilderOptions = {}) =>
  _build(ViT_B_16_Weights, options, (kw, w) => {
    if (w?.member) {
      const min = w.member.meta.min_size as number[];
      _ovewrite_named_param(kw, "image_size", min[0]);
    }
    const { image_size = 224, ...rest } = kw;
    return new VisionTransformer({ image_size, patch_size: 16, num_layers: 12, num_heads: 12, hidden_dim: 768, mlp_dim: 3072, ...rest });
  }));
