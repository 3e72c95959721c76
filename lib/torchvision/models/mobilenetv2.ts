// torchvision/models/mobilenetv2.py: MobileNetV2 (Inverted Residuals and Linear Bottlenecks).
import { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { BatchNorm2d } from "../../nn/batchnorm";
import { ReLU6 } from "../../nn/activation";
import { Linear } from "../../nn/linear";
import { Dropout } from "../../nn/dropout";
import { adaptive_avg_pool2d } from "../../nn/_functional/vision";
import { bindArgs, valueError } from "../../nn/_utils";
import { Conv2dNormActivation, makeLayer, type LayerFactory } from "../ops/misc";
import { _make_divisible, _init_mobilenet } from "./_utils";
import { weightsEnum, register_model, _build, type BuilderOptions } from "./_api";
import { V } from "../../version";

// torchvision 0.14 spells it "insted".
const V_INSTEAD = V.nn2 ? "instead" : "insted";

export class InvertedResidual extends Module {
  declare stride: number; declare use_res_connect: boolean; declare conv: Sequential; declare out_channels: number; declare _is_cn: boolean;
  constructor(inp: number, oup: number, stride: number, expand_ratio: number | { expand_ratio: number; norm_layer?: LayerFactory | null }, norm_layer?: LayerFactory | null);
  constructor(...args: any[]) {
    super();
    const [inp, oup, stride, expand_ratio, nl] = bindArgs("__init__", [["inp"], ["oup"], ["stride"], ["expand_ratio"], ["norm_layer", null]], args);
    this.stride = stride;
    if (stride !== 1 && stride !== 2) throw valueError(`stride should be 1 or 2 ${V_INSTEAD} of ${stride}`);
    const norm_layer: LayerFactory = nl ?? BatchNorm2d;
    const hidden_dim = Math.round(inp * expand_ratio);
    this.use_res_connect = this.stride === 1 && inp === oup;
    const layers: Module[] = [];
    if (expand_ratio !== 1) layers.push(new Conv2dNormActivation(inp, hidden_dim, { kernel_size: 1, norm_layer, activation_layer: ReLU6 }));
    layers.push(new Conv2dNormActivation(hidden_dim, hidden_dim, { stride, groups: hidden_dim, norm_layer, activation_layer: ReLU6 }),
      new Conv2d(hidden_dim, oup, 1, 1, 0, { bias: false }), makeLayer(norm_layer, oup));
    this.conv = new Sequential(...layers);
    this.out_channels = oup;
    this._is_cn = stride > 1;
  }
  forward(x: Tensor): Tensor { return this.use_res_connect ? x.add(this.conv(x)) : this.conv(x); }
}

export interface MobileNetV2Options { num_classes?: number; width_mult?: number; inverted_residual_setting?: number[][] | null; round_nearest?: number; block?: LayerFactory | null; norm_layer?: LayerFactory | null; dropout?: number; }

export class MobileNetV2 extends Module {
  declare last_channel: number; declare features: Sequential; declare classifier: Sequential;
  constructor(options?: MobileNetV2Options);
  constructor(num_classes?: number, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [num_classes, width_mult, irs, round_nearest, blk, nl, dropout] = bindArgs("__init__",
      [["num_classes", 1000], ["width_mult", 1.0], ["inverted_residual_setting", null], ["round_nearest", 8], ["block", null], ["norm_layer", null], ["dropout", 0.2]], args);
    const block: LayerFactory = blk ?? InvertedResidual;
    const norm_layer: LayerFactory = nl ?? BatchNorm2d;
    const setting: number[][] = irs ?? [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]];
    if (setting.length === 0 || setting[0].length !== 4)
      throw valueError(`inverted_residual_setting should be non-empty or a 4-element list, got ${JSON.stringify(setting).replace(/,/g, ", ")}`);
    let input_channel = _make_divisible(32 * width_mult, round_nearest);
    this.last_channel = _make_divisible(1280 * Math.max(1.0, width_mult), round_nearest);
    const features: Module[] = [new Conv2dNormActivation(3, input_channel, { stride: 2, norm_layer, activation_layer: ReLU6 })];
    for (const [t, c, n, s] of setting) {
      const output_channel = _make_divisible(c * width_mult, round_nearest);
      for (let i = 0; i < n; i++) {
        features.push(makeLayer(block, input_channel, output_channel, i === 0 ? s : 1, { expand_ratio: t, norm_layer }));
        input_channel = output_channel;
      }
    }
    features.push(new Conv2dNormActivation(input_channel, this.last_channel, { kernel_size: 1, norm_layer, activation_layer: ReLU6 }));
    this.features = new Sequential(...features);
    this.classifier = new Sequential(new Dropout({ p: dropout }), new Linear(this.last_channel, num_classes));
    _init_mobilenet(this);
  }
  _forward_impl(x: Tensor): Tensor {
    x = adaptive_avg_pool2d(this.features(x), [1, 1]);
    return this.classifier(x.flatten(1));
  }
  forward(x: Tensor): Tensor { return this._forward_impl(x); }
}

export const MobileNet_V2_Weights = weightsEnum("MobileNet_V2_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/mobilenet_v2-b0353104.pth", transforms: {"crop_size": 224}, meta: {"num_params": 3504872, "min_size": [1, 1], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#mobilenetv2", "_metrics": {"ImageNet-1K": {"acc@1": 71.878, "acc@5": 90.286}}, "_ops": 0.301, "_file_size": 13.555} },
  IMAGENET1K_V2: { url: "https://download.pytorch.org/models/mobilenet_v2-7ebf99e0.pth", transforms: {"crop_size": 224, "resize_size": 232}, meta: {"num_params": 3504872, "min_size": [1, 1], "recipe": "https://github.com/pytorch/vision/issues/3995#new-recipe-with-reg-tuning", "_metrics": {"ImageNet-1K": {"acc@1": 72.154, "acc@5": 90.822}}, "_ops": 0.301, "_file_size": 13.598} },
}, "IMAGENET1K_V2");

/** MobileNetV2. */
export const mobilenet_v2 = register_model("mobilenet_v2", MobileNet_V2_Weights, (options: BuilderOptions<MobileNetV2Options> = {}) =>
  _build(MobileNet_V2_Weights, options, (kw) => new MobileNetV2(kw)));
