// torchvision/models/alexnet.py: AlexNet.
import { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { ReLU } from "../../nn/activation";
import { MaxPool2d, AdaptiveAvgPool2d } from "../../nn/pooling";
import { Linear } from "../../nn/linear";
import { Dropout } from "../../nn/dropout";
import { bindArgs } from "../../nn/_utils";
import { weightsEnum, register_model, _build, type BuilderOptions } from "./_api";

export class AlexNet extends Module {
  declare features: Sequential; declare avgpool: AdaptiveAvgPool2d; declare classifier: Sequential;
  constructor(num_classes?: number | { num_classes?: number; dropout?: number }, dropout?: number);
  constructor(...args: any[]) {
    super();
    const [num_classes, dropout] = bindArgs("__init__", [["num_classes", 1000], ["dropout", 0.5]], args);
    const relu = () => new ReLU({ inplace: true }), pool = () => new MaxPool2d(3, { stride: 2 });
    this.features = new Sequential(
      new Conv2d(3, 64, 11, { stride: 4, padding: 2 }), relu(), pool(),
      new Conv2d(64, 192, 5, { padding: 2 }), relu(), pool(),
      new Conv2d(192, 384, 3, { padding: 1 }), relu(),
      new Conv2d(384, 256, 3, { padding: 1 }), relu(),
      new Conv2d(256, 256, 3, { padding: 1 }), relu(), pool());
    this.avgpool = new AdaptiveAvgPool2d([6, 6]);
    this.classifier = new Sequential(new Dropout({ p: dropout }), new Linear(256 * 6 * 6, 4096), relu(),
      new Dropout({ p: dropout }), new Linear(4096, 4096), relu(), new Linear(4096, num_classes));
  }
  forward(x: Tensor): Tensor { return this.classifier(this.avgpool(this.features(x)).flatten(1)); }
}

export const AlexNet_Weights = weightsEnum("AlexNet_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/alexnet-owt-7be5be79.pth", transforms: {"crop_size": 224}, meta: {"num_params": 61100840, "min_size": [63, 63], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg", "_metrics": {"ImageNet-1K": {"acc@1": 56.522, "acc@5": 79.066}}, "_ops": 0.714, "_file_size": 233.087} },
}, "IMAGENET1K_V1");

/** AlexNet (One weird trick for parallelizing convolutional neural networks). */
export const alexnet = register_model("alexnet", AlexNet_Weights, (options: BuilderOptions<{ num_classes?: number; dropout?: number }> = {}) =>
  _build(AlexNet_Weights, options, (kw) => new AlexNet(kw)));
