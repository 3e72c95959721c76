// torchvision/models/mobilenetv3.py: MobileNetV3 large and small (Searching for MobileNetV3).
import { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { BatchNorm2d } from "../../nn/batchnorm";
import { Hardsigmoid, Hardswish, ReLU } from "../../nn/activation";
import { AdaptiveAvgPool2d } from "../../nn/pooling";
import { Linear } from "../../nn/linear";
import { Dropout } from "../../nn/dropout";
import { bindArgs, valueError } from "../../nn/_utils";
import { Conv2dNormActivation, SqueezeExcitation, makeLayer, partial, type LayerFactory } from "../ops/misc";
import { _make_divisible, _init_mobilenet } from "./_utils";
import { weightsEnum, register_model, _build, type BuilderOptions } from "./_api";

/** One bneck block's configuration (Table 1 and 2 of the paper). */
export class InvertedResidualConfig {
  input_channels: number; kernel: number; expanded_channels: number; out_channels: number;
  use_se: boolean; use_hs: boolean; stride: number; dilation: number;
  constructor(input_channels: number, kernel: number, expanded_channels: number, out_channels: number, use_se: boolean,
    activation: string, stride: number, dilation: number, width_mult: number) {
    this.input_channels = InvertedResidualConfig.adjust_channels(input_channels, width_mult);
    this.kernel = kernel;
    this.expanded_channels = InvertedResidualConfig.adjust_channels(expanded_channels, width_mult);
    this.out_channels = InvertedResidualConfig.adjust_channels(out_channels, width_mult);
    this.use_se = use_se;
    this.use_hs = activation === "HS";
    this.stride = stride;
    this.dilation = dilation;
  }
  static adjust_channels(channels: number, width_mult: number): number { return _make_divisible(channels * width_mult, 8); }
}

export class InvertedResidual extends Module {
  declare use_res_connect: boolean; declare block: Sequential; declare out_channels: number; declare _is_cn: boolean;
  constructor(cnf: InvertedResidualConfig, norm_layer: LayerFactory, se_layer: LayerFactory = partial(SqueezeExcitation, { scale_activation: Hardsigmoid })) {
    super();
    if (!(1 <= cnf.stride && cnf.stride <= 2)) throw valueError("illegal stride value");
    this.use_res_connect = cnf.stride === 1 && cnf.input_channels === cnf.out_channels;
    const layers: Module[] = [];
    const activation_layer = cnf.use_hs ? Hardswish : ReLU;
    if (cnf.expanded_channels !== cnf.input_channels)
      layers.push(new Conv2dNormActivation(cnf.input_channels, cnf.expanded_channels, { kernel_size: 1, norm_layer, activation_layer }));
    const stride = cnf.dilation > 1 ? 1 : cnf.stride;
    layers.push(new Conv2dNormActivation(cnf.expanded_channels, cnf.expanded_channels,
      { kernel_size: cnf.kernel, stride, dilation: cnf.dilation, groups: cnf.expanded_channels, norm_layer, activation_layer }));
    if (cnf.use_se) layers.push(makeLayer(se_layer, cnf.expanded_channels, _make_divisible(Math.floor(cnf.expanded_channels / 4), 8)));
    layers.push(new Conv2dNormActivation(cnf.expanded_channels, cnf.out_channels, { kernel_size: 1, norm_layer, activation_layer: null }));
    this.block = new Sequential(...layers);
    this.out_channels = cnf.out_channels;
    this._is_cn = cnf.stride > 1;
  }
  forward(input: Tensor): Tensor {
    const result = this.block(input);
    if (this.use_res_connect) result.add_(input);
    return result;
  }
}

export interface MobileNetV3Options { num_classes?: number; block?: LayerFactory | null; norm_layer?: LayerFactory | null; dropout?: number; }

export class MobileNetV3 extends Module {
  declare features: Sequential; declare avgpool: AdaptiveAvgPool2d; declare classifier: Sequential;
  constructor(inverted_residual_setting: InvertedResidualConfig[], last_channel: number, options?: MobileNetV3Options);
  constructor(inverted_residual_setting: InvertedResidualConfig[], last_channel: number, num_classes?: number, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [setting, last_channel, num_classes, blk, nl, dropout] = bindArgs("__init__",
      [["inverted_residual_setting"], ["last_channel"], ["num_classes", 1000], ["block", null], ["norm_layer", null], ["dropout", 0.2]], args);
    if (!setting || setting.length === 0) throw valueError("The inverted_residual_setting should not be empty");
    if (!Array.isArray(setting) || !setting.every((s) => s instanceof InvertedResidualConfig))
      throw new TypeError("The inverted_residual_setting should be List[InvertedResidualConfig]");
    const block: LayerFactory = blk ?? InvertedResidual;
    const norm_layer: LayerFactory = nl ?? partial(BatchNorm2d, { eps: 0.001, momentum: 0.01 });
    const layers: Module[] = [new Conv2dNormActivation(3, setting[0].input_channels, { kernel_size: 3, stride: 2, norm_layer, activation_layer: Hardswish })];
    for (const cnf of setting) layers.push(makeLayer(block, cnf, norm_layer));
    const lastconv_input_channels = setting[setting.length - 1].out_channels;
    const lastconv_output_channels = 6 * lastconv_input_channels;
    layers.push(new Conv2dNormActivation(lastconv_input_channels, lastconv_output_channels, { kernel_size: 1, norm_layer, activation_layer: Hardswish }));
    this.features = new Sequential(...layers);
    this.avgpool = new AdaptiveAvgPool2d(1);
    this.classifier = new Sequential(new Linear(lastconv_output_channels, last_channel), new Hardswish({ inplace: true }),
      new Dropout({ p: dropout, inplace: true }), new Linear(last_channel, num_classes));
    _init_mobilenet(this);
  }
  _forward_impl(x: Tensor): Tensor { return this.classifier(this.avgpool(this.features(x)).flatten(1)); }
  forward(x: Tensor): Tensor { return this._forward_impl(x); }
}

export function _mobilenet_v3_conf(arch: string, options: { width_mult?: number; reduced_tail?: boolean; dilated?: boolean } = {}): [InvertedResidualConfig[], number] {
  const { width_mult = 1.0, reduced_tail = false, dilated = false } = options;
  const rd = reduced_tail ? 2 : 1;
  const d = dilated ? 2 : 1;
  const b = (i: number, k: number, e: number, o: number, se: boolean, a: string, s: number, dl: number) => new InvertedResidualConfig(i, k, e, o, se, a, s, dl, width_mult);
  const q = (x: number) => Math.floor(x / rd);
  if (arch === "mobilenet_v3_large") {
    return [[b(16, 3, 16, 16, false, "RE", 1, 1), b(16, 3, 64, 24, false, "RE", 2, 1), b(24, 3, 72, 24, false, "RE", 1, 1),
      b(24, 5, 72, 40, true, "RE", 2, 1), b(40, 5, 120, 40, true, "RE", 1, 1), b(40, 5, 120, 40, true, "RE", 1, 1),
      b(40, 3, 240, 80, false, "HS", 2, 1), b(80, 3, 200, 80, false, "HS", 1, 1), b(80, 3, 184, 80, false, "HS", 1, 1),
      b(80, 3, 184, 80, false, "HS", 1, 1), b(80, 3, 480, 112, true, "HS", 1, 1), b(112, 3, 672, 112, true, "HS", 1, 1),
      b(112, 5, 672, q(160), true, "HS", 2, d), b(q(160), 5, q(960), q(160), true, "HS", 1, d), b(q(160), 5, q(960), q(160), true, "HS", 1, d)],
    InvertedResidualConfig.adjust_channels(q(1280), width_mult)];
  }
  if (arch === "mobilenet_v3_small") {
    return [[b(16, 3, 16, 16, true, "RE", 2, 1), b(16, 3, 72, 24, false, "RE", 2, 1), b(24, 3, 88, 24, false, "RE", 1, 1),
      b(24, 5, 96, 40, true, "HS", 2, 1), b(40, 5, 240, 40, true, "HS", 1, 1), b(40, 5, 240, 40, true, "HS", 1, 1),
      b(40, 5, 120, 48, true, "HS", 1, 1), b(48, 5, 144, 48, true, "HS", 1, 1), b(48, 5, 288, q(96), true, "HS", 2, d),
      b(q(96), 5, q(576), q(96), true, "HS", 1, d), b(q(96), 5, q(576), q(96), true, "HS", 1, d)],
    InvertedResidualConfig.adjust_channels(q(1024), width_mult)];
  }
  throw valueError(`Unsupported model type ${arch}`);
}

export const MobileNet_V3_Large_Weights = weightsEnum("MobileNet_V3_Large_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/mobilenet_v3_large-8738ca79.pth", transforms: {"crop_size": 224}, meta: {"min_size": [1, 1], "num_params": 5483032, "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#mobilenetv3-large--small", "_metrics": {"ImageNet-1K": {"acc@1": 74.042, "acc@5": 91.34}}, "_ops": 0.217, "_file_size": 21.114} },
  IMAGENET1K_V2: { url: "https://download.pytorch.org/models/mobilenet_v3_large-5c1a4163.pth", transforms: {"crop_size": 224, "resize_size": 232}, meta: {"min_size": [1, 1], "num_params": 5483032, "recipe": "https://github.com/pytorch/vision/issues/3995#new-recipe-with-reg-tuning", "_metrics": {"ImageNet-1K": {"acc@1": 75.274, "acc@5": 92.566}}, "_ops": 0.217, "_file_size": 21.107} },
}, "IMAGENET1K_V2");
export const MobileNet_V3_Small_Weights = weightsEnum("MobileNet_V3_Small_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/mobilenet_v3_small-047dcff4.pth", transforms: {"crop_size": 224}, meta: {"min_size": [1, 1], "num_params": 2542856, "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#mobilenetv3-large--small", "_metrics": {"ImageNet-1K": {"acc@1": 67.668, "acc@5": 87.402}}, "_ops": 0.057, "_file_size": 9.829} },
}, "IMAGENET1K_V1");

export type MobileNetV3BuilderOptions = BuilderOptions<MobileNetV3Options & { width_mult?: number; reduced_tail?: boolean; dilated?: boolean }>;
function _mobilenet_v3(arch: string, e: typeof MobileNet_V3_Large_Weights | typeof MobileNet_V3_Small_Weights, options: MobileNetV3BuilderOptions): MobileNetV3 {
  return _build(e, options, (kw) => {
    const { width_mult, reduced_tail, dilated, ...rest } = kw;
    const [setting, last_channel] = _mobilenet_v3_conf(arch, { width_mult, reduced_tail, dilated });
    return new MobileNetV3(setting, last_channel, rest);
  });
}
/** MobileNetV3 large. */
export const mobilenet_v3_large = register_model("mobilenet_v3_large", MobileNet_V3_Large_Weights, (options: MobileNetV3BuilderOptions = {}) =>
  _mobilenet_v3("mobilenet_v3_large", MobileNet_V3_Large_Weights, options));
/** MobileNetV3 small. */
export const mobilenet_v3_small = register_model("mobilenet_v3_small", MobileNet_V3_Small_Weights, (options: MobileNetV3BuilderOptions = {}) =>
  _mobilenet_v3("mobilenet_v3_small", MobileNet_V3_Small_Weights, options));
