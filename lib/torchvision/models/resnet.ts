// torchvision/models/resnet.py: ResNet-18/34/50/101/152 (and the ResNeXt / wide variants' classes).
import { Tensor } from "../../tensor";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { BatchNorm2d } from "../../nn/batchnorm";
import { GroupNorm } from "../../nn/normalization";
import { ReLU } from "../../nn/activation";
import { MaxPool2d, AdaptiveAvgPool2d } from "../../nn/pooling";
import { Linear } from "../../nn/linear";
import * as init from "../../nn/init";
import { bindArgs, valueError } from "../../nn/_utils";
import { makeLayer, type LayerFactory } from "../ops/misc";
import { weightsEnum, register_model, _build, type BuilderOptions, type WeightsEnumStatics } from "./_api";

/** 3x3 convolution with padding. */
export function conv3x3(in_planes: number, out_planes: number, stride = 1, groups = 1, dilation = 1): Conv2d {
  return new Conv2d(in_planes, out_planes, 3, { stride, padding: dilation, groups, bias: false, dilation });
}
/** 1x1 convolution. */
export function conv1x1(in_planes: number, out_planes: number, stride = 1): Conv2d {
  return new Conv2d(in_planes, out_planes, 1, { stride, bias: false });
}

const BLOCK_SIG = [["inplanes"], ["planes"], ["stride", 1], ["downsample", null], ["groups", 1], ["base_width", 64], ["dilation", 1], ["norm_layer", null]] as const;

export class BasicBlock extends Module {
  static expansion = 1;
  declare conv1: Conv2d; declare bn1: Module; declare relu: ReLU; declare conv2: Conv2d; declare bn2: Module;
  declare downsample: Module | null; declare stride: number;
  constructor(inplanes: number, planes: number, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [inplanes, planes, stride, downsample, groups, base_width, dilation, nl] = bindArgs("__init__", BLOCK_SIG, args);
    const norm_layer: LayerFactory = nl ?? BatchNorm2d;
    if (groups !== 1 || base_width !== 64) throw valueError("BasicBlock only supports groups=1 and base_width=64");
    if (dilation > 1) { const e = new Error("Dilation > 1 not supported in BasicBlock"); e.name = "NotImplementedError"; throw e; }
    this.conv1 = conv3x3(inplanes, planes, stride);
    this.bn1 = makeLayer(norm_layer, planes);
    this.relu = new ReLU(true);
    this.conv2 = conv3x3(planes, planes);
    this.bn2 = makeLayer(norm_layer, planes);
    this.downsample = downsample;
    this.stride = stride;
  }
  forward(x: Tensor): Tensor {
    let identity = x;
    let out = this.relu(this.bn1(this.conv1(x)));
    out = this.bn2(this.conv2(out));
    if (this.downsample !== null) identity = this.downsample(x);
    out.add_(identity);
    return this.relu(out);
  }
}

export class Bottleneck extends Module {
  static expansion = 4;
  declare conv1: Conv2d; declare bn1: Module; declare conv2: Conv2d; declare bn2: Module; declare conv3: Conv2d; declare bn3: Module;
  declare relu: ReLU; declare downsample: Module | null; declare stride: number;
  constructor(inplanes: number, planes: number, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [inplanes, planes, stride, downsample, groups, base_width, dilation, nl] = bindArgs("__init__", BLOCK_SIG, args);
    const norm_layer: LayerFactory = nl ?? BatchNorm2d;
    const width = Math.trunc(planes * (base_width / 64.0)) * groups;
    this.conv1 = conv1x1(inplanes, width);
    this.bn1 = makeLayer(norm_layer, width);
    this.conv2 = conv3x3(width, width, stride, groups, dilation);
    this.bn2 = makeLayer(norm_layer, width);
    this.conv3 = conv1x1(width, planes * Bottleneck.expansion);
    this.bn3 = makeLayer(norm_layer, planes * Bottleneck.expansion);
    this.relu = new ReLU(true);
    this.downsample = downsample;
    this.stride = stride;
  }
  forward(x: Tensor): Tensor {
    let identity = x;
    let out = this.relu(this.bn1(this.conv1(x)));
    out = this.relu(this.bn2(this.conv2(out)));
    out = this.bn3(this.conv3(out));
    if (this.downsample !== null) identity = this.downsample(x);
    out.add_(identity);
    return this.relu(out);
  }
}

type Block = typeof BasicBlock | typeof Bottleneck;
export interface ResNetOptions { num_classes?: number; zero_init_residual?: boolean; groups?: number; width_per_group?: number; replace_stride_with_dilation?: boolean[] | null; norm_layer?: LayerFactory | null; }

export class ResNet extends Module {
  declare _norm_layer: LayerFactory; declare inplanes: number; declare dilation: number; declare groups: number; declare base_width: number;
  declare conv1: Conv2d; declare bn1: Module; declare relu: ReLU; declare maxpool: MaxPool2d;
  declare layer1: Sequential; declare layer2: Sequential; declare layer3: Sequential; declare layer4: Sequential;
  declare avgpool: AdaptiveAvgPool2d; declare fc: Linear;
  constructor(block: Block, layers: number[], options?: ResNetOptions);
  constructor(block: Block, layers: number[], num_classes?: number, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [block, layers, num_classes, zero_init_residual, groups, width_per_group, rswd, nl] = bindArgs("__init__",
      [["block"], ["layers"], ["num_classes", 1000], ["zero_init_residual", false], ["groups", 1], ["width_per_group", 64], ["replace_stride_with_dilation", null], ["norm_layer", null]], args);
    const norm_layer: LayerFactory = nl ?? BatchNorm2d;
    this._norm_layer = norm_layer;
    this.inplanes = 64;
    this.dilation = 1;
    const replace = rswd ?? [false, false, false];
    if (replace.length !== 3) throw valueError(`replace_stride_with_dilation should be None or a 3-element tuple, got [${replace.map((b: boolean) => (b ? "True" : "False")).join(", ")}]`);
    this.groups = groups;
    this.base_width = width_per_group;
    this.conv1 = new Conv2d(3, this.inplanes, 7, { stride: 2, padding: 3, bias: false });
    this.bn1 = makeLayer(norm_layer, this.inplanes);
    this.relu = new ReLU(true);
    this.maxpool = new MaxPool2d(3, { stride: 2, padding: 1 });
    this.layer1 = this._make_layer(block, 64, layers[0]);
    this.layer2 = this._make_layer(block, 128, layers[1], 2, replace[0]);
    this.layer3 = this._make_layer(block, 256, layers[2], 2, replace[1]);
    this.layer4 = this._make_layer(block, 512, layers[3], 2, replace[2]);
    this.avgpool = new AdaptiveAvgPool2d([1, 1]);
    this.fc = new Linear(512 * block.expansion, num_classes);
    for (const m of this.modules()) {
      if (m instanceof Conv2d) init.kaiming_normal_(m.weight, { mode: "fan_out", nonlinearity: "relu" });
      else if (m instanceof BatchNorm2d || m instanceof GroupNorm) { init.constant_((m as any).weight, 1); init.constant_((m as any).bias, 0); }
    }
    if (zero_init_residual) {
      for (const m of this.modules()) {
        if (m instanceof Bottleneck && (m.bn3 as any).weight != null) init.constant_((m.bn3 as any).weight, 0);
        else if (m instanceof BasicBlock && (m.bn2 as any).weight != null) init.constant_((m.bn2 as any).weight, 0);
      }
    }
  }
  _make_layer(block: Block, planes: number, blocks: number, stride = 1, dilate = false): Sequential {
    const norm_layer = this._norm_layer;
    let downsample: Module | null = null;
    const previous_dilation = this.dilation;
    if (dilate) { this.dilation *= stride; stride = 1; }
    if (stride !== 1 || this.inplanes !== planes * block.expansion)
      downsample = new Sequential(conv1x1(this.inplanes, planes * block.expansion, stride), makeLayer(norm_layer, planes * block.expansion));
    const layers: Module[] = [new block(this.inplanes, planes, stride, downsample, this.groups, this.base_width, previous_dilation, norm_layer)];
    this.inplanes = planes * block.expansion;
    for (let i = 1; i < blocks; i++)
      layers.push(new block(this.inplanes, planes, { groups: this.groups, base_width: this.base_width, dilation: this.dilation, norm_layer }));
    return new Sequential(...layers);
  }
  _forward_impl(x: Tensor): Tensor {
    x = this.maxpool(this.relu(this.bn1(this.conv1(x))));
    x = this.layer4(this.layer3(this.layer2(this.layer1(x))));
    return this.fc(this.avgpool(x).flatten(1));
  }
  forward(x: Tensor): Tensor { return this._forward_impl(x); }
}

export const ResNet18_Weights = weightsEnum("ResNet18_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/resnet18-f37072fd.pth", transforms: {"crop_size": 224}, meta: {"min_size": [1, 1], "num_params": 11689512, "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#resnet", "_metrics": {"ImageNet-1K": {"acc@1": 69.758, "acc@5": 89.078}}, "_ops": 1.814, "_file_size": 44.661} },
}, "IMAGENET1K_V1");
export const ResNet34_Weights = weightsEnum("ResNet34_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/resnet34-b627a593.pth", transforms: {"crop_size": 224}, meta: {"min_size": [1, 1], "num_params": 21797672, "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#resnet", "_metrics": {"ImageNet-1K": {"acc@1": 73.314, "acc@5": 91.42}}, "_ops": 3.664, "_file_size": 83.275} },
}, "IMAGENET1K_V1");
export const ResNet50_Weights = weightsEnum("ResNet50_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/resnet50-0676ba61.pth", transforms: {"crop_size": 224}, meta: {"min_size": [1, 1], "num_params": 25557032, "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#resnet", "_metrics": {"ImageNet-1K": {"acc@1": 76.13, "acc@5": 92.862}}, "_ops": 4.089, "_file_size": 97.781} },
  IMAGENET1K_V2: { url: "https://download.pytorch.org/models/resnet50-11ad3fa6.pth", transforms: {"crop_size": 224, "resize_size": 232}, meta: {"min_size": [1, 1], "num_params": 25557032, "recipe": "https://github.com/pytorch/vision/issues/3995#issuecomment-1013906621", "_metrics": {"ImageNet-1K": {"acc@1": 80.858, "acc@5": 95.434}}, "_ops": 4.089, "_file_size": 97.79} },
}, "IMAGENET1K_V2");
export const ResNet101_Weights = weightsEnum("ResNet101_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/resnet101-63fe2227.pth", transforms: {"crop_size": 224}, meta: {"min_size": [1, 1], "num_params": 44549160, "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#resnet", "_metrics": {"ImageNet-1K": {"acc@1": 77.374, "acc@5": 93.546}}, "_ops": 7.801, "_file_size": 170.511} },
  IMAGENET1K_V2: { url: "https://download.pytorch.org/models/resnet101-cd907fc2.pth", transforms: {"crop_size": 224, "resize_size": 232}, meta: {"min_size": [1, 1], "num_params": 44549160, "recipe": "https://github.com/pytorch/vision/issues/3995#new-recipe", "_metrics": {"ImageNet-1K": {"acc@1": 81.886, "acc@5": 95.78}}, "_ops": 7.801, "_file_size": 170.53} },
}, "IMAGENET1K_V2");
export const ResNet152_Weights = weightsEnum("ResNet152_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/resnet152-394f9c45.pth", transforms: {"crop_size": 224}, meta: {"min_size": [1, 1], "num_params": 60192808, "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#resnet", "_metrics": {"ImageNet-1K": {"acc@1": 78.312, "acc@5": 94.046}}, "_ops": 11.514, "_file_size": 230.434} },
  IMAGENET1K_V2: { url: "https://download.pytorch.org/models/resnet152-f82ba261.pth", transforms: {"crop_size": 224, "resize_size": 232}, meta: {"min_size": [1, 1], "num_params": 60192808, "recipe": "https://github.com/pytorch/vision/issues/3995#new-recipe", "_metrics": {"ImageNet-1K": {"acc@1": 82.284, "acc@5": 96.002}}, "_ops": 11.514, "_file_size": 230.474} },
}, "IMAGENET1K_V2");

export type ResNetBuilderOptions = BuilderOptions<ResNetOptions>;
function _resnet(block: Block, layers: number[], e: WeightsEnumStatics, options: ResNetBuilderOptions = {}): ResNet {
  return _build(e, options, (kw) => new ResNet(block, layers, kw));
}
/** ResNet-18 (Deep Residual Learning for Image Recognition). */
export const resnet18 = register_model("resnet18", ResNet18_Weights, (options: ResNetBuilderOptions = {}) => _resnet(BasicBlock, [2, 2, 2, 2], ResNet18_Weights, options));
/** ResNet-34. */
export const resnet34 = register_model("resnet34", ResNet34_Weights, (options: ResNetBuilderOptions = {}) => _resnet(BasicBlock, [3, 4, 6, 3], ResNet34_Weights, options));
/** ResNet-50. */
export const resnet50 = register_model("resnet50", ResNet50_Weights, (options: ResNetBuilderOptions = {}) => _resnet(Bottleneck, [3, 4, 6, 3], ResNet50_Weights, options));
/** ResNet-101. */
export const resnet101 = register_model("resnet101", ResNet101_Weights, (options: ResNetBuilderOptions = {}) => _resnet(Bottleneck, [3, 4, 23, 3], ResNet101_Weights, options));
/** ResNet-152. */
export const resnet152 = register_model("resnet152", ResNet152_Weights, (options: ResNetBuilderOptions = {}) => _resnet(Bottleneck, [3, 8, 36, 3], ResNet152_Weights, options));
