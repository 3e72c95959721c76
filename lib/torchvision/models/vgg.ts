// torchvision/models/vgg.py: VGG-11/13/16/19, with and without batch normalization.
import { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { BatchNorm2d } from "../../nn/batchnorm";
import { ReLU } from "../../nn/activation";
import { MaxPool2d, AdaptiveAvgPool2d } from "../../nn/pooling";
import { Linear } from "../../nn/linear";
import { Dropout } from "../../nn/dropout";
import * as init from "../../nn/init";
import { bindArgs } from "../../nn/_utils";
import { weightsEnum, register_model, _build, type BuilderOptions, type WeightsEnumStatics } from "./_api";

export class VGG extends Module {
  declare features: Module; declare avgpool: AdaptiveAvgPool2d; declare classifier: Sequential;
  constructor(features: Module, options?: { num_classes?: number; init_weights?: boolean; dropout?: number });
  constructor(features: Module, num_classes?: number, init_weights?: boolean, dropout?: number);
  constructor(...args: any[]) {
    super();
    const [features, num_classes, init_weights, dropout] = bindArgs("__init__", [["features"], ["num_classes", 1000], ["init_weights", true], ["dropout", 0.5]], args);
    this.features = features;
    this.avgpool = new AdaptiveAvgPool2d([7, 7]);
    this.classifier = new Sequential(new Linear(512 * 7 * 7, 4096), new ReLU(true), new Dropout({ p: dropout }),
      new Linear(4096, 4096), new ReLU(true), new Dropout({ p: dropout }), new Linear(4096, num_classes));
    if (init_weights) {
      for (const m of this.modules()) {
        if (m instanceof Conv2d) {
          init.kaiming_normal_(m.weight, { mode: "fan_out", nonlinearity: "relu" });
          if (m.bias !== null) init.constant_(m.bias, 0);
        } else if (m instanceof BatchNorm2d) { init.constant_(m.weight!, 1); init.constant_(m.bias!, 0); }
        else if (m instanceof Linear) { init.normal_(m.weight, 0, 0.01); init.constant_(m.bias!, 0); }
      }
    }
  }
  forward(x: Tensor): Tensor { return this.classifier(this.avgpool(this.features(x)).flatten(1)); }
}

/** The convolutional part of a VGG configuration ('M' is a max pooling). */
export function make_layers(cfg: (number | "M")[], batch_norm = false): Sequential {
  const layers: Module[] = [];
  let in_channels = 3;
  for (const v of cfg) {
    if (v === "M") layers.push(new MaxPool2d(2, { stride: 2 }));
    else {
      const conv2d = new Conv2d(in_channels, v, 3, { padding: 1 });
      if (batch_norm) layers.push(conv2d, new BatchNorm2d(v), new ReLU({ inplace: true }));
      else layers.push(conv2d, new ReLU({ inplace: true }));
      in_channels = v;
    }
  }
  return new Sequential(...layers);
}

export const cfgs: Record<string, (number | "M")[]> = {
  A: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  B: [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  D: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
  E: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
};

export const VGG11_Weights = weightsEnum("VGG11_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/vgg11-8a719046.pth", transforms: {"crop_size": 224}, meta: {"min_size": [32, 32], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg", "num_params": 132863336, "_metrics": {"ImageNet-1K": {"acc@1": 69.02, "acc@5": 88.628}}, "_ops": 7.609, "_file_size": 506.84} },
}, "IMAGENET1K_V1");
export const VGG11_BN_Weights = weightsEnum("VGG11_BN_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/vgg11_bn-6002323d.pth", transforms: {"crop_size": 224}, meta: {"min_size": [32, 32], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg", "num_params": 132868840, "_metrics": {"ImageNet-1K": {"acc@1": 70.37, "acc@5": 89.81}}, "_ops": 7.609, "_file_size": 506.881} },
}, "IMAGENET1K_V1");
export const VGG13_Weights = weightsEnum("VGG13_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/vgg13-19584684.pth", transforms: {"crop_size": 224}, meta: {"min_size": [32, 32], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg", "num_params": 133047848, "_metrics": {"ImageNet-1K": {"acc@1": 69.928, "acc@5": 89.246}}, "_ops": 11.308, "_file_size": 507.545} },
}, "IMAGENET1K_V1");
export const VGG13_BN_Weights = weightsEnum("VGG13_BN_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/vgg13_bn-abd245e5.pth", transforms: {"crop_size": 224}, meta: {"min_size": [32, 32], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg", "num_params": 133053736, "_metrics": {"ImageNet-1K": {"acc@1": 71.586, "acc@5": 90.374}}, "_ops": 11.308, "_file_size": 507.59} },
}, "IMAGENET1K_V1");
export const VGG16_Weights = weightsEnum("VGG16_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/vgg16-397923af.pth", transforms: {"crop_size": 224}, meta: {"min_size": [32, 32], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg", "num_params": 138357544, "_metrics": {"ImageNet-1K": {"acc@1": 71.592, "acc@5": 90.382}}, "_ops": 15.47, "_file_size": 527.796} },
  IMAGENET1K_FEATURES: { url: "https://download.pytorch.org/models/vgg16_features-amdegroot-88682ab5.pth", transforms: {"crop_size": 224, "mean": [0.48235, 0.45882, 0.40784], "std": [0.00392156862745098, 0.00392156862745098, 0.00392156862745098]}, meta: {"categories": null, "min_size": [32, 32], "recipe": "https://github.com/amdegroot/ssd.pytorch#training-ssd", "num_params": 138357544, "_metrics": {"ImageNet-1K": {"acc@1": NaN, "acc@5": NaN}}, "_ops": 15.47, "_file_size": 527.802} },
}, "IMAGENET1K_V1");
export const VGG16_BN_Weights = weightsEnum("VGG16_BN_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/vgg16_bn-6c64b313.pth", transforms: {"crop_size": 224}, meta: {"min_size": [32, 32], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg", "num_params": 138365992, "_metrics": {"ImageNet-1K": {"acc@1": 73.36, "acc@5": 91.516}}, "_ops": 15.47, "_file_size": 527.866} },
}, "IMAGENET1K_V1");
export const VGG19_Weights = weightsEnum("VGG19_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/vgg19-dcbb9e9d.pth", transforms: {"crop_size": 224}, meta: {"min_size": [32, 32], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg", "num_params": 143667240, "_metrics": {"ImageNet-1K": {"acc@1": 72.376, "acc@5": 90.876}}, "_ops": 19.632, "_file_size": 548.051} },
}, "IMAGENET1K_V1");
export const VGG19_BN_Weights = weightsEnum("VGG19_BN_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/vgg19_bn-c79401a0.pth", transforms: {"crop_size": 224}, meta: {"min_size": [32, 32], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg", "num_params": 143678248, "_metrics": {"ImageNet-1K": {"acc@1": 74.218, "acc@5": 91.842}}, "_ops": 19.632, "_file_size": 548.143} },
}, "IMAGENET1K_V1");

export type VGGBuilderOptions = BuilderOptions<{ num_classes?: number; init_weights?: boolean; dropout?: number }>;
function _vgg(cfg: string, batch_norm: boolean, e: WeightsEnumStatics, options: VGGBuilderOptions): VGG {
  return _build(e, options, (kw, w) => {
    if (w !== null) kw.init_weights = false;
    return new VGG(make_layers(cfgs[cfg], batch_norm), kw);
  });
}
/** VGG-11 (Very Deep Convolutional Networks for Large-Scale Image Recognition). */
export const vgg11 = register_model("vgg11", VGG11_Weights, (options: VGGBuilderOptions = {}) => _vgg("A", false, VGG11_Weights, options));
/** VGG-11 with batch normalization. */
export const vgg11_bn = register_model("vgg11_bn", VGG11_BN_Weights, (options: VGGBuilderOptions = {}) => _vgg("A", true, VGG11_BN_Weights, options));
/** VGG-13. */
export const vgg13 = register_model("vgg13", VGG13_Weights, (options: VGGBuilderOptions = {}) => _vgg("B", false, VGG13_Weights, options));
/** VGG-13 with batch normalization. */
export const vgg13_bn = register_model("vgg13_bn", VGG13_BN_Weights, (options: VGGBuilderOptions = {}) => _vgg("B", true, VGG13_BN_Weights, options));
/** VGG-16. */
export const vgg16 = register_model("vgg16", VGG16_Weights, (options: VGGBuilderOptions = {}) => _vgg("D", false, VGG16_Weights, options));
/** VGG-16 with batch normalization. */
export const vgg16_bn = register_model("vgg16_bn", VGG16_BN_Weights, (options: VGGBuilderOptions = {}) => _vgg("D", true, VGG16_BN_Weights, options));
/** VGG-19. */
export const vgg19 = register_model("vgg19", VGG19_Weights, (options: VGGBuilderOptions = {}) => _vgg("E", false, VGG19_Weights, options));
/** VGG-19 with batch normalization. */
export const vgg19_bn = register_model("vgg19_bn", VGG19_BN_Weights, (options: VGGBuilderOptions = {}) => _vgg("E", true, VGG19_BN_Weights, options));
