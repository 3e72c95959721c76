// torchvision/models/squeezenet.py: SqueezeNet 1.0 and 1.1.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { ReLU } from "../../nn/activation";
import { MaxPool2d, AdaptiveAvgPool2d } from "../../nn/pooling";
import { Dropout } from "../../nn/dropout";
import * as init from "../../nn/init";
import { bindArgs, valueError } from "../../nn/_utils";
import { weightsEnum, register_model, _build, type BuilderOptions } from "./_api";

export class Fire extends Module {
  declare inplanes: number;
  declare squeeze: Conv2d; declare squeeze_activation: ReLU; declare expand1x1: Conv2d; declare expand1x1_activation: ReLU;
  declare expand3x3: Conv2d; declare expand3x3_activation: ReLU;
  constructor(inplanes: number, squeeze_planes: number, expand1x1_planes: number, expand3x3_planes: number) {
    super();
    this.inplanes = inplanes;
    this.squeeze = new Conv2d(inplanes, squeeze_planes, 1);
    this.squeeze_activation = new ReLU({ inplace: true });
    this.expand1x1 = new Conv2d(squeeze_planes, expand1x1_planes, 1);
    this.expand1x1_activation = new ReLU({ inplace: true });
    this.expand3x3 = new Conv2d(squeeze_planes, expand3x3_planes, 3, { padding: 1 });
    this.expand3x3_activation = new ReLU({ inplace: true });
  }
  forward(x: Tensor): Tensor {
    x = this.squeeze_activation(this.squeeze(x));
    return torch.cat([this.expand1x1_activation(this.expand1x1(x)), this.expand3x3_activation(this.expand3x3(x))], 1);
  }
}

export class SqueezeNet extends Module {
  declare num_classes: number; declare features: Sequential; declare classifier: Sequential;
  constructor(version?: string | { version?: string; num_classes?: number; dropout?: number }, num_classes?: number, dropout?: number);
  constructor(...args: any[]) {
    super();
    const [version, num_classes, dropout] = bindArgs("__init__", [["version", "1_0"], ["num_classes", 1000], ["dropout", 0.5]], args);
    this.num_classes = num_classes;
    const pool = () => new MaxPool2d(3, { stride: 2, ceil_mode: true });
    if (version === "1_0") {
      this.features = new Sequential(new Conv2d(3, 96, 7, { stride: 2 }), new ReLU({ inplace: true }), pool(),
        new Fire(96, 16, 64, 64), new Fire(128, 16, 64, 64), new Fire(128, 32, 128, 128), pool(),
        new Fire(256, 32, 128, 128), new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192), new Fire(384, 64, 256, 256), pool(),
        new Fire(512, 64, 256, 256));
    } else if (version === "1_1") {
      this.features = new Sequential(new Conv2d(3, 64, 3, { stride: 2 }), new ReLU({ inplace: true }), pool(),
        new Fire(64, 16, 64, 64), new Fire(128, 16, 64, 64), pool(),
        new Fire(128, 32, 128, 128), new Fire(256, 32, 128, 128), pool(),
        new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192), new Fire(384, 64, 256, 256), new Fire(512, 64, 256, 256));
    } else throw valueError(`Unsupported SqueezeNet version ${version}: 1_0 or 1_1 expected`);
    const final_conv = new Conv2d(512, this.num_classes, 1);
    this.classifier = new Sequential(new Dropout({ p: dropout }), final_conv, new ReLU({ inplace: true }), new AdaptiveAvgPool2d([1, 1]));
    for (const m of this.modules()) {
      if (m instanceof Conv2d) {
        if (m === final_conv) init.normal_(m.weight, { mean: 0.0, std: 0.01 });
        else init.kaiming_uniform_(m.weight);
        if (m.bias !== null) init.constant_(m.bias, 0);
      }
    }
  }
  forward(x: Tensor): Tensor { return this.classifier(this.features(x)).flatten(1); }
}

export const SqueezeNet1_0_Weights = weightsEnum("SqueezeNet1_0_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/squeezenet1_0-b66bff10.pth", transforms: {"crop_size": 224}, meta: {"recipe": "https://github.com/pytorch/vision/pull/49#issuecomment-277560717", "min_size": [21, 21], "num_params": 1248424, "_metrics": {"ImageNet-1K": {"acc@1": 58.092, "acc@5": 80.42}}, "_ops": 0.819, "_file_size": 4.778} },
}, "IMAGENET1K_V1");
export const SqueezeNet1_1_Weights = weightsEnum("SqueezeNet1_1_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/squeezenet1_1-b8a52dc0.pth", transforms: {"crop_size": 224}, meta: {"recipe": "https://github.com/pytorch/vision/pull/49#issuecomment-277560717", "min_size": [17, 17], "num_params": 1235496, "_metrics": {"ImageNet-1K": {"acc@1": 58.178, "acc@5": 80.624}}, "_ops": 0.349, "_file_size": 4.729} },
}, "IMAGENET1K_V1");

type SqueezeNetBuilderOptions = BuilderOptions<{ num_classes?: number; dropout?: number }>;
/** SqueezeNet 1.0 (AlexNet-level accuracy with 50x fewer parameters). */
export const squeezenet1_0 = register_model("squeezenet1_0", SqueezeNet1_0_Weights, (options: SqueezeNetBuilderOptions = {}) =>
  _build(SqueezeNet1_0_Weights, options, (kw) => new SqueezeNet({ version: "1_0", ...kw })));
/** SqueezeNet 1.1: 2.4x less computation than 1.0 at the same accuracy. */
export const squeezenet1_1 = register_model("squeezenet1_1", SqueezeNet1_1_Weights, (options: SqueezeNetBuilderOptions = {}) =>
  _build(SqueezeNet1_1_Weights, options, (kw) => new SqueezeNet({ version: "1_1", ...kw })));
