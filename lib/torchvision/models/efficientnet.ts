// torchvision/models/efficientnet.py: EfficientNet B0-B7 (Rethinking Model Scaling for CNNs).
import { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { BatchNorm2d } from "../../nn/batchnorm";
import { GroupNorm } from "../../nn/normalization";
import { SiLU } from "../../nn/activation";
import { AdaptiveAvgPool2d } from "../../nn/pooling";
import { Linear } from "../../nn/linear";
import { Dropout } from "../../nn/dropout";
import * as init from "../../nn/init";
import { bindArgs, valueError } from "../../nn/_utils";
import { Conv2dNormActivation, SqueezeExcitation, makeLayer, partial, type LayerFactory } from "../ops/misc";
import { StochasticDepth } from "../ops/stochastic_depth";
import { _make_divisible } from "./_utils";
import { weightsEnum, register_model, _build, type BuilderOptions, type WeightsEnumStatics } from "./_api";

type BlockFactory = (cnf: _MBConvConfig, stochastic_depth_prob: number, norm_layer: LayerFactory) => Module;

export class _MBConvConfig {
  constructor(public expand_ratio: number, public kernel: number, public stride: number, public input_channels: number,
    public out_channels: number, public num_layers: number, public block: BlockFactory) {}
  static adjust_channels(channels: number, width_mult: number, min_value: number | null = null): number {
    return _make_divisible(channels * width_mult, 8, min_value);
  }
  adjust_channels(channels: number, width_mult: number, min_value: number | null = null): number { return _MBConvConfig.adjust_channels(channels, width_mult, min_value); }
}

/** An MBConv stage: its width and depth scaled by width_mult and depth_mult. */
export class MBConvConfig extends _MBConvConfig {
  constructor(expand_ratio: number, kernel: number, stride: number, input_channels: number, out_channels: number, num_layers: number,
    width_mult = 1.0, depth_mult = 1.0, block: BlockFactory | null = null) {
    super(expand_ratio, kernel, stride, _MBConvConfig.adjust_channels(input_channels, width_mult), _MBConvConfig.adjust_channels(out_channels, width_mult),
      MBConvConfig.adjust_depth(num_layers, depth_mult), block ?? ((c, p, n) => new MBConv(c, p, n)));
  }
  static adjust_depth(num_layers: number, depth_mult: number): number { return Math.ceil(num_layers * depth_mult); }
}

export class MBConv extends Module {
  declare use_res_connect: boolean; declare block: Sequential; declare stochastic_depth: StochasticDepth; declare out_channels: number;
  constructor(cnf: _MBConvConfig, stochastic_depth_prob: number, norm_layer: LayerFactory, se_layer: LayerFactory = SqueezeExcitation) {
    super();
    if (!(1 <= cnf.stride && cnf.stride <= 2)) throw valueError("illegal stride value");
    this.use_res_connect = cnf.stride === 1 && cnf.input_channels === cnf.out_channels;
    const layers: Module[] = [];
    const activation_layer = SiLU;
    const expanded_channels = _MBConvConfig.adjust_channels(cnf.input_channels, cnf.expand_ratio);
    if (expanded_channels !== cnf.input_channels)
      layers.push(new Conv2dNormActivation(cnf.input_channels, expanded_channels, { kernel_size: 1, norm_layer, activation_layer }));
    layers.push(new Conv2dNormActivation(expanded_channels, expanded_channels, { kernel_size: cnf.kernel, stride: cnf.stride, groups: expanded_channels, norm_layer, activation_layer }));
    const squeeze_channels = Math.max(1, Math.floor(cnf.input_channels / 4));
    layers.push(makeLayer(se_layer, expanded_channels, squeeze_channels, { activation: partial(SiLU, { inplace: true }) }));
    layers.push(new Conv2dNormActivation(expanded_channels, cnf.out_channels, { kernel_size: 1, norm_layer, activation_layer: null }));
    this.block = new Sequential(...layers);
    this.stochastic_depth = new StochasticDepth(stochastic_depth_prob, "row");
    this.out_channels = cnf.out_channels;
  }
  forward(input: Tensor): Tensor {
    let result = this.block(input);
    if (this.use_res_connect) {
      result = this.stochastic_depth(result);
      result.add_(input);
    }
    return result;
  }
}

export interface EfficientNetOptions { stochastic_depth_prob?: number; num_classes?: number; norm_layer?: LayerFactory | null; last_channel?: number | null; }

export class EfficientNet extends Module {
  declare features: Sequential; declare avgpool: AdaptiveAvgPool2d; declare classifier: Sequential;
  constructor(inverted_residual_setting: _MBConvConfig[], dropout: number, options?: EfficientNetOptions);
  constructor(inverted_residual_setting: _MBConvConfig[], dropout: number, stochastic_depth_prob?: number, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [setting, dropout, stochastic_depth_prob, num_classes, nl, last_channel] = bindArgs("__init__",
      [["inverted_residual_setting"], ["dropout"], ["stochastic_depth_prob", 0.2], ["num_classes", 1000], ["norm_layer", null], ["last_channel", null]], args);
    if (!setting || setting.length === 0) throw valueError("The inverted_residual_setting should not be empty");
    if (!Array.isArray(setting) || !setting.every((s) => s instanceof _MBConvConfig)) throw new TypeError("The inverted_residual_setting should be List[MBConvConfig]");
    const norm_layer: LayerFactory = nl ?? BatchNorm2d;
    const layers: Module[] = [new Conv2dNormActivation(3, setting[0].input_channels, { kernel_size: 3, stride: 2, norm_layer, activation_layer: SiLU })];
    const total_stage_blocks = setting.reduce((s: number, c: _MBConvConfig) => s + c.num_layers, 0);
    let stage_block_id = 0;
    for (const cnf of setting as _MBConvConfig[]) {
      const stage: Module[] = [];
      for (let i = 0; i < cnf.num_layers; i++) {
        const block_cnf = Object.assign(Object.create(Object.getPrototypeOf(cnf)), cnf) as _MBConvConfig;
        if (stage.length) { block_cnf.input_channels = block_cnf.out_channels; block_cnf.stride = 1; }
        const sd_prob = (stochastic_depth_prob * stage_block_id) / total_stage_blocks;
        stage.push(block_cnf.block(block_cnf, sd_prob, norm_layer));
        stage_block_id++;
      }
      layers.push(new Sequential(...stage));
    }
    const lastconv_input_channels = setting[setting.length - 1].out_channels;
    const lastconv_output_channels = last_channel ?? 4 * lastconv_input_channels;
    layers.push(new Conv2dNormActivation(lastconv_input_channels, lastconv_output_channels, { kernel_size: 1, norm_layer, activation_layer: SiLU }));
    this.features = new Sequential(...layers);
    this.avgpool = new AdaptiveAvgPool2d(1);
    this.classifier = new Sequential(new Dropout({ p: dropout, inplace: true }), new Linear(lastconv_output_channels, num_classes));
    for (const m of this.modules()) {
      if (m instanceof Conv2d) {
        init.kaiming_normal_(m.weight, { mode: "fan_out" });
        if (m.bias !== null) init.zeros_(m.bias);
      } else if (m instanceof BatchNorm2d || m instanceof GroupNorm) { init.ones_((m as any).weight); init.zeros_((m as any).bias); }
      else if (m instanceof Linear) {
        const r = 1.0 / Math.sqrt(m.out_features);
        init.uniform_(m.weight, -r, r);
        init.zeros_(m.bias!);
      }
    }
  }
  _forward_impl(x: Tensor): Tensor { return this.classifier(this.avgpool(this.features(x)).flatten(1)); }
  forward(x: Tensor): Tensor { return this._forward_impl(x); }
}

export function _efficientnet_conf(width_mult: number, depth_mult: number): [_MBConvConfig[], number | null] {
  const b = (e: number, k: number, s: number, i: number, o: number, n: number) => new MBConvConfig(e, k, s, i, o, n, width_mult, depth_mult);
  return [[b(1, 3, 1, 32, 16, 1), b(6, 3, 2, 16, 24, 2), b(6, 5, 2, 24, 40, 2), b(6, 3, 2, 40, 80, 3), b(6, 5, 1, 80, 112, 3), b(6, 5, 2, 112, 192, 4), b(6, 3, 1, 192, 320, 1)], null];
}

export const EfficientNet_B0_Weights = weightsEnum("EfficientNet_B0_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/efficientnet_b0_rwightman-7f5810bc.pth", transforms: {"crop_size": 224, "resize_size": 256, "interpolation": "bicubic"}, meta: {"min_size": [1, 1], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1", "num_params": 5288548, "_metrics": {"ImageNet-1K": {"acc@1": 77.692, "acc@5": 93.532}}, "_ops": 0.386, "_file_size": 20.451} },
}, "IMAGENET1K_V1");
export const EfficientNet_B1_Weights = weightsEnum("EfficientNet_B1_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/efficientnet_b1_rwightman-bac287d4.pth", transforms: {"crop_size": 240, "resize_size": 256, "interpolation": "bicubic"}, meta: {"min_size": [1, 1], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1", "num_params": 7794184, "_metrics": {"ImageNet-1K": {"acc@1": 78.642, "acc@5": 94.186}}, "_ops": 0.687, "_file_size": 30.134} },
  IMAGENET1K_V2: { url: "https://download.pytorch.org/models/efficientnet_b1-c27df63c.pth", transforms: {"crop_size": 240, "resize_size": 255, "interpolation": "bilinear"}, meta: {"min_size": [1, 1], "recipe": "https://github.com/pytorch/vision/issues/3995#new-recipe-with-lr-wd-crop-tuning", "num_params": 7794184, "_metrics": {"ImageNet-1K": {"acc@1": 79.838, "acc@5": 94.934}}, "_ops": 0.687, "_file_size": 30.136} },
}, "IMAGENET1K_V2");
export const EfficientNet_B2_Weights = weightsEnum("EfficientNet_B2_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/efficientnet_b2_rwightman-c35c1473.pth", transforms: {"crop_size": 288, "resize_size": 288, "interpolation": "bicubic"}, meta: {"min_size": [1, 1], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1", "num_params": 9109994, "_metrics": {"ImageNet-1K": {"acc@1": 80.608, "acc@5": 95.31}}, "_ops": 1.088, "_file_size": 35.174} },
}, "IMAGENET1K_V1");
export const EfficientNet_B3_Weights = weightsEnum("EfficientNet_B3_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/efficientnet_b3_rwightman-b3899882.pth", transforms: {"crop_size": 300, "resize_size": 320, "interpolation": "bicubic"}, meta: {"min_size": [1, 1], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1", "num_params": 12233232, "_metrics": {"ImageNet-1K": {"acc@1": 82.008, "acc@5": 96.054}}, "_ops": 1.827, "_file_size": 47.184} },
}, "IMAGENET1K_V1");
export const EfficientNet_B4_Weights = weightsEnum("EfficientNet_B4_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/efficientnet_b4_rwightman-23ab8bcd.pth", transforms: {"crop_size": 380, "resize_size": 384, "interpolation": "bicubic"}, meta: {"min_size": [1, 1], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1", "num_params": 19341616, "_metrics": {"ImageNet-1K": {"acc@1": 83.384, "acc@5": 96.594}}, "_ops": 4.394, "_file_size": 74.489} },
}, "IMAGENET1K_V1");
export const EfficientNet_B5_Weights = weightsEnum("EfficientNet_B5_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/efficientnet_b5_lukemelas-1a07897c.pth", transforms: {"crop_size": 456, "resize_size": 456, "interpolation": "bicubic"}, meta: {"min_size": [1, 1], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1", "num_params": 30389784, "_metrics": {"ImageNet-1K": {"acc@1": 83.444, "acc@5": 96.628}}, "_ops": 10.266, "_file_size": 116.864} },
}, "IMAGENET1K_V1");
export const EfficientNet_B6_Weights = weightsEnum("EfficientNet_B6_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/efficientnet_b6_lukemelas-24a108a5.pth", transforms: {"crop_size": 528, "resize_size": 528, "interpolation": "bicubic"}, meta: {"min_size": [1, 1], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1", "num_params": 43040704, "_metrics": {"ImageNet-1K": {"acc@1": 84.008, "acc@5": 96.916}}, "_ops": 19.068, "_file_size": 165.362} },
}, "IMAGENET1K_V1");
export const EfficientNet_B7_Weights = weightsEnum("EfficientNet_B7_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/efficientnet_b7_lukemelas-c5b4e57e.pth", transforms: {"crop_size": 600, "resize_size": 600, "interpolation": "bicubic"}, meta: {"min_size": [1, 1], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1", "num_params": 66347960, "_metrics": {"ImageNet-1K": {"acc@1": 84.122, "acc@5": 96.908}}, "_ops": 37.746, "_file_size": 254.675} },
}, "IMAGENET1K_V1");

export type EfficientNetBuilderOptions = BuilderOptions<Omit<EfficientNetOptions, "last_channel"> & { dropout?: number }>;
const EFFICIENTNETS: [number, number, number, number, WeightsEnumStatics][] = [
  [0, 1.0, 1.0, 0.2, EfficientNet_B0_Weights], [1, 1.0, 1.1, 0.2, EfficientNet_B1_Weights], [2, 1.1, 1.2, 0.3, EfficientNet_B2_Weights],
  [3, 1.2, 1.4, 0.3, EfficientNet_B3_Weights], [4, 1.4, 1.8, 0.4, EfficientNet_B4_Weights], [5, 1.6, 2.2, 0.4, EfficientNet_B5_Weights],
  [6, 1.8, 2.6, 0.5, EfficientNet_B6_Weights], [7, 2.0, 3.1, 0.5, EfficientNet_B7_Weights],
];
const [b0, b1, b2, b3, b4, b5, b6, b7] = EFFICIENTNETS.map(([i, w, d, p, e]) => register_model(`efficientnet_b${i}`, e, (options: EfficientNetBuilderOptions = {}) =>
  _build(e, options, (kw) => {
    const { dropout = p, ...rest } = kw;
    const [setting, last_channel] = _efficientnet_conf(w, d);
    // B5-B7 were trained with TensorFlow's batch norm settings
    const norm = i >= 5 ? { norm_layer: partial(BatchNorm2d, { eps: 0.001, momentum: 0.01 }) } : {};
    return new EfficientNet(setting, dropout, { last_channel, ...norm, ...rest });
  })));
/** EfficientNet-B0. */
export const efficientnet_b0 = b0;
/** EfficientNet-B1. */
export const efficientnet_b1 = b1;
/** EfficientNet-B2. */
export const efficientnet_b2 = b2;
/** EfficientNet-B3. */
export const efficientnet_b3 = b3;
/** EfficientNet-B4. */
export const efficientnet_b4 = b4;
/** EfficientNet-B5. */
export const efficientnet_b5 = b5;
/** EfficientNet-B6. */
export const efficientnet_b6 = b6;
/** EfficientNet-B7. */
export const efficientnet_b7 = b7;
