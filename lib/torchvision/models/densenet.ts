// torchvision/models/densenet.py: DenseNet-121/161/169/201 (Densely Connected Convolutional Networks).
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import { Sequential, ModuleDict } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { BatchNorm2d } from "../../nn/batchnorm";
import { ReLU } from "../../nn/activation";
import { MaxPool2d, AvgPool2d } from "../../nn/pooling";
import { Linear } from "../../nn/linear";
import { adaptive_avg_pool2d } from "../../nn/_functional/vision";
import { relu, dropout } from "../../nn/_functional/activation";
import * as init from "../../nn/init";
import { bindArgs } from "../../nn/_utils";
import { weightsEnum, register_model, _build, type BuilderOptions } from "./_api";

export class _DenseLayer extends Module {
  declare norm1: BatchNorm2d; declare relu1: ReLU; declare conv1: Conv2d; declare norm2: BatchNorm2d; declare relu2: ReLU; declare conv2: Conv2d;
  declare drop_rate: number; declare memory_efficient: boolean;
  constructor(num_input_features: number, growth_rate: number, bn_size: number, drop_rate: number, memory_efficient = false) {
    super();
    this.norm1 = new BatchNorm2d(num_input_features);
    this.relu1 = new ReLU({ inplace: true });
    this.conv1 = new Conv2d(num_input_features, bn_size * growth_rate, 1, { stride: 1, bias: false });
    this.norm2 = new BatchNorm2d(bn_size * growth_rate);
    this.relu2 = new ReLU({ inplace: true });
    this.conv2 = new Conv2d(bn_size * growth_rate, growth_rate, 3, { stride: 1, padding: 1, bias: false });
    this.drop_rate = drop_rate;
    // Python's checkpointing only saves memory; the values are the same.
    this.memory_efficient = memory_efficient;
  }
  bn_function(inputs: Tensor[]): Tensor { return this.conv1(this.relu1(this.norm1(torch.cat(inputs, 1)))); }
  forward(input: Tensor | Tensor[]): Tensor {
    const prev_features = input instanceof Tensor ? [input] : input;
    const bottleneck_output = this.bn_function(prev_features);
    let new_features = this.conv2(this.relu2(this.norm2(bottleneck_output)));
    if (this.drop_rate > 0) new_features = dropout(new_features, { p: this.drop_rate, training: this.training });
    return new_features;
  }
}

export class _DenseBlock extends ModuleDict {
  static _version = 2;
  constructor(num_layers: number, num_input_features: number, bn_size: number, growth_rate: number, drop_rate: number, memory_efficient = false) {
    super();
    for (let i = 0; i < num_layers; i++)
      this.add_module(`denselayer${i + 1}`, new _DenseLayer(num_input_features + i * growth_rate, growth_rate, bn_size, drop_rate, memory_efficient));
  }
  forward(init_features: Tensor): Tensor {
    const features = [init_features];
    for (const [, layer] of this.items()) features.push(layer(features));
    return torch.cat(features, 1);
  }
}

export class _Transition extends Sequential {
  declare norm: BatchNorm2d; declare relu: ReLU; declare conv: Conv2d; declare pool: AvgPool2d;
  constructor(num_input_features: number, num_output_features: number) {
    super();
    this.norm = new BatchNorm2d(num_input_features);
    this.relu = new ReLU({ inplace: true });
    this.conv = new Conv2d(num_input_features, num_output_features, 1, { stride: 1, bias: false });
    this.pool = new AvgPool2d(2, { stride: 2 });
  }
}

export interface DenseNetOptions { growth_rate?: number; block_config?: number[]; num_init_features?: number; bn_size?: number; drop_rate?: number; num_classes?: number; memory_efficient?: boolean; }

export class DenseNet extends Module {
  declare features: Sequential; declare classifier: Linear;
  constructor(options?: DenseNetOptions);
  constructor(growth_rate?: number, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [growth_rate, block_config, num_init_features, bn_size, drop_rate, num_classes, memory_efficient] = bindArgs("__init__",
      [["growth_rate", 32], ["block_config", [6, 12, 24, 16]], ["num_init_features", 64], ["bn_size", 4], ["drop_rate", 0], ["num_classes", 1000], ["memory_efficient", false]], args);
    this.features = new Sequential(new Map<string, Module>([
      ["conv0", new Conv2d(3, num_init_features, 7, { stride: 2, padding: 3, bias: false })],
      ["norm0", new BatchNorm2d(num_init_features)],
      ["relu0", new ReLU({ inplace: true })],
      ["pool0", new MaxPool2d(3, { stride: 2, padding: 1 })],
    ]));
    let num_features = num_init_features;
    (block_config as number[]).forEach((num_layers, i) => {
      this.features.add_module(`denseblock${i + 1}`, new _DenseBlock(num_layers, num_features, bn_size, growth_rate, drop_rate, memory_efficient));
      num_features += num_layers * growth_rate;
      if (i !== block_config.length - 1) {
        this.features.add_module(`transition${i + 1}`, new _Transition(num_features, Math.floor(num_features / 2)));
        num_features = Math.floor(num_features / 2);
      }
    });
    this.features.add_module("norm5", new BatchNorm2d(num_features));
    this.classifier = new Linear(num_features, num_classes);
    for (const m of this.modules()) {
      if (m instanceof Conv2d) init.kaiming_normal_(m.weight);
      else if (m instanceof BatchNorm2d) { init.constant_(m.weight!, 1); init.constant_(m.bias!, 0); }
      else if (m instanceof Linear) init.constant_(m.bias!, 0);
    }
  }
  forward(x: Tensor): Tensor {
    const features = this.features(x);
    const out = adaptive_avg_pool2d(relu(features, { inplace: true }), [1, 1]);
    return this.classifier(out.flatten(1));
  }
}

/** The released checkpoints name "norm.1" what is now "norm1": rename before loading. */
function _load_state_dict(model: DenseNet, state_dict: Map<string, unknown>): void {
  const pattern = /^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$/;
  for (const key of [...state_dict.keys()]) {
    const res = pattern.exec(key);
    if (res) {
      state_dict.set(res[1] + res[2], state_dict.get(key));
      state_dict.delete(key);
    }
  }
  model.load_state_dict(state_dict);
}

export const DenseNet121_Weights = weightsEnum("DenseNet121_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/densenet121-a639ec97.pth", transforms: {"crop_size": 224}, meta: {"min_size": [29, 29], "recipe": "https://github.com/pytorch/vision/pull/116", "num_params": 7978856, "_metrics": {"ImageNet-1K": {"acc@1": 74.434, "acc@5": 91.972}}, "_ops": 2.834, "_file_size": 30.845} },
}, "IMAGENET1K_V1");
export const DenseNet161_Weights = weightsEnum("DenseNet161_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/densenet161-8d451a50.pth", transforms: {"crop_size": 224}, meta: {"min_size": [29, 29], "recipe": "https://github.com/pytorch/vision/pull/116", "num_params": 28681000, "_metrics": {"ImageNet-1K": {"acc@1": 77.138, "acc@5": 93.56}}, "_ops": 7.728, "_file_size": 110.369} },
}, "IMAGENET1K_V1");
export const DenseNet169_Weights = weightsEnum("DenseNet169_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/densenet169-b2777c0a.pth", transforms: {"crop_size": 224}, meta: {"min_size": [29, 29], "recipe": "https://github.com/pytorch/vision/pull/116", "num_params": 14149480, "_metrics": {"ImageNet-1K": {"acc@1": 75.6, "acc@5": 92.806}}, "_ops": 3.36, "_file_size": 54.708} },
}, "IMAGENET1K_V1");
export const DenseNet201_Weights = weightsEnum("DenseNet201_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/densenet201-c1103571.pth", transforms: {"crop_size": 224}, meta: {"min_size": [29, 29], "recipe": "https://github.com/pytorch/vision/pull/116", "num_params": 20013928, "_metrics": {"ImageNet-1K": {"acc@1": 76.896, "acc@5": 93.37}}, "_ops": 4.291, "_file_size": 77.373} },
}, "IMAGENET1K_V1");

export type DenseNetBuilderOptions = BuilderOptions<Omit<DenseNetOptions, "growth_rate" | "block_config" | "num_init_features">>;
function _densenet(growth_rate: number, block_config: number[], num_init_features: number, e: typeof DenseNet121_Weights, options: DenseNetBuilderOptions): DenseNet {
  return _build(e, options, (kw) => new DenseNet({ growth_rate, block_config, num_init_features, ...kw }), _load_state_dict);
}
/** DenseNet-121. */
export const densenet121 = register_model("densenet121", DenseNet121_Weights, (options: DenseNetBuilderOptions = {}) => _densenet(32, [6, 12, 24, 16], 64, DenseNet121_Weights, options));
/** DenseNet-161. */
export const densenet161 = register_model("densenet161", DenseNet161_Weights, (options: DenseNetBuilderOptions = {}) => _densenet(48, [6, 12, 36, 24], 96, DenseNet161_Weights, options));
/** DenseNet-169. */
export const densenet169 = register_model("densenet169", DenseNet169_Weights, (options: DenseNetBuilderOptions = {}) => _densenet(32, [6, 12, 32, 32], 64, DenseNet169_Weights, options));
/** DenseNet-201. */
export const densenet201 = register_model("densenet201", DenseNet201_Weights, (options: DenseNetBuilderOptions = {}) => _densenet(32, [6, 12, 48, 32], 64, DenseNet201_Weights, options));
