// torchvision/models/googlenet.py: GoogLeNet (Going Deeper with Convolutions).
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { Conv2d } from "../../nn/conv";
import { BatchNorm2d } from "../../nn/batchnorm";
import { MaxPool2d, AdaptiveAvgPool2d } from "../../nn/pooling";
import { Linear } from "../../nn/linear";
import { Dropout } from "../../nn/dropout";
import { adaptive_avg_pool2d } from "../../nn/_functional/vision";
import { relu } from "../../nn/_functional/activation";
import * as init from "../../nn/init";
import { bindArgs, valueError, warn } from "../../nn/_utils";
import { makeLayer, type LayerFactory } from "../ops/misc";
import { weightsEnum, register_model, _build, _ovewrite_named_param, type BuilderOptions } from "./_api";

/** GoogLeNet's training output: [logits, aux_logits2, aux_logits1] with those field names. */
export type GoogLeNetOutputs = [Tensor, Tensor | null, Tensor | null] & { logits: Tensor; aux_logits2: Tensor | null; aux_logits1: Tensor | null };
function GoogLeNetOutputs(logits: Tensor, aux_logits2: Tensor | null, aux_logits1: Tensor | null): GoogLeNetOutputs {
  return Object.assign([logits, aux_logits2, aux_logits1], { logits, aux_logits2, aux_logits1 }) as GoogLeNetOutputs;
}

export class BasicConv2d extends Module {
  declare conv: Conv2d; declare bn: BatchNorm2d;
  constructor(in_channels: number, out_channels: number, kwargs: Record<string, unknown> = {}) {
    super();
    this.conv = new (Conv2d as any)(in_channels, out_channels, { bias: false, ...kwargs });
    this.bn = new BatchNorm2d(out_channels, { eps: 0.001 });
  }
  forward(x: Tensor): Tensor { return relu(this.bn(this.conv(x)), { inplace: true }); }
}

export class Inception extends Module {
  declare branch1: Module; declare branch2: Sequential; declare branch3: Sequential; declare branch4: Sequential;
  constructor(in_channels: number, ch1x1: number, ch3x3red: number, ch3x3: number, ch5x5red: number, ch5x5: number, pool_proj: number, conv_block: LayerFactory | null = null) {
    super();
    const cb = conv_block ?? BasicConv2d;
    this.branch1 = makeLayer(cb, in_channels, ch1x1, { kernel_size: 1 });
    this.branch2 = new Sequential(makeLayer(cb, in_channels, ch3x3red, { kernel_size: 1 }), makeLayer(cb, ch3x3red, ch3x3, { kernel_size: 3, padding: 1 }));
    // torchvision's known quirk: a 3x3 convolution where the paper has 5x5 (kept for the weights)
    this.branch3 = new Sequential(makeLayer(cb, in_channels, ch5x5red, { kernel_size: 1 }), makeLayer(cb, ch5x5red, ch5x5, { kernel_size: 3, padding: 1 }));
    this.branch4 = new Sequential(new MaxPool2d({ kernel_size: 3, stride: 1, padding: 1, ceil_mode: true }), makeLayer(cb, in_channels, pool_proj, { kernel_size: 1 }));
  }
  _forward(x: Tensor): Tensor[] { return [this.branch1(x), this.branch2(x), this.branch3(x), this.branch4(x)]; }
  forward(x: Tensor): Tensor { return torch.cat(this._forward(x), 1); }
}

export class InceptionAux extends Module {
  declare conv: Module; declare fc1: Linear; declare fc2: Linear; declare dropout: Dropout;
  constructor(in_channels: number, num_classes: number, options: { conv_block?: LayerFactory | null; dropout?: number } = {}) {
    super();
    const cb = options.conv_block ?? BasicConv2d;
    this.conv = makeLayer(cb, in_channels, 128, { kernel_size: 1 });
    this.fc1 = new Linear(2048, 1024);
    this.fc2 = new Linear(1024, num_classes);
    this.dropout = new Dropout({ p: options.dropout ?? 0.7 });
  }
  forward(x: Tensor): Tensor {
    x = this.conv(adaptive_avg_pool2d(x, [4, 4])).flatten(1);
    x = this.dropout(relu(this.fc1(x), { inplace: true }));
    return this.fc2(x);
  }
}

export interface GoogLeNetOptions { num_classes?: number; aux_logits?: boolean; transform_input?: boolean; init_weights?: boolean | null; blocks?: LayerFactory[] | null; dropout?: number; dropout_aux?: number; }

export class GoogLeNet extends Module {
  declare aux_logits: boolean; declare transform_input: boolean;
  declare conv1: Module; declare maxpool1: MaxPool2d; declare conv2: Module; declare conv3: Module; declare maxpool2: MaxPool2d;
  declare inception3a: Module; declare inception3b: Module; declare maxpool3: MaxPool2d;
  declare inception4a: Module; declare inception4b: Module; declare inception4c: Module; declare inception4d: Module; declare inception4e: Module;
  declare maxpool4: MaxPool2d; declare inception5a: Module; declare inception5b: Module;
  declare aux1: Module | null; declare aux2: Module | null; declare avgpool: AdaptiveAvgPool2d; declare dropout: Dropout; declare fc: Linear;
  constructor(options?: GoogLeNetOptions);
  constructor(num_classes?: number, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [num_classes, aux_logits, transform_input, iw, bl, dropout, dropout_aux] = bindArgs("__init__",
      [["num_classes", 1000], ["aux_logits", true], ["transform_input", false], ["init_weights", null], ["blocks", null], ["dropout", 0.2], ["dropout_aux", 0.7]], args);
    const blocks: LayerFactory[] = bl ?? [BasicConv2d, Inception, InceptionAux];
    let init_weights = iw;
    if (init_weights === null) {
      warn("The default weight initialization of GoogleNet will be changed in future releases of torchvision. If you wish to keep the old behavior " +
        "(which leads to long initialization times due to scipy/scipy#11299), please set init_weights=True.", "FutureWarning");
      init_weights = true;
    }
    if (blocks.length !== 3) throw valueError(`blocks length should be 3 instead of ${blocks.length}`);
    const [conv_block, inception_block, inception_aux_block] = blocks;
    this.aux_logits = aux_logits;
    this.transform_input = transform_input;
    const inc = (...a: number[]) => makeLayer(inception_block, ...a);
    this.conv1 = makeLayer(conv_block, 3, 64, { kernel_size: 7, stride: 2, padding: 3 });
    this.maxpool1 = new MaxPool2d(3, { stride: 2, ceil_mode: true });
    this.conv2 = makeLayer(conv_block, 64, 64, { kernel_size: 1 });
    this.conv3 = makeLayer(conv_block, 64, 192, { kernel_size: 3, padding: 1 });
    this.maxpool2 = new MaxPool2d(3, { stride: 2, ceil_mode: true });
    this.inception3a = inc(192, 64, 96, 128, 16, 32, 32);
    this.inception3b = inc(256, 128, 128, 192, 32, 96, 64);
    this.maxpool3 = new MaxPool2d(3, { stride: 2, ceil_mode: true });
    this.inception4a = inc(480, 192, 96, 208, 16, 48, 64);
    this.inception4b = inc(512, 160, 112, 224, 24, 64, 64);
    this.inception4c = inc(512, 128, 128, 256, 24, 64, 64);
    this.inception4d = inc(512, 112, 144, 288, 32, 64, 64);
    this.inception4e = inc(528, 256, 160, 320, 32, 128, 128);
    this.maxpool4 = new MaxPool2d(2, { stride: 2, ceil_mode: true });
    this.inception5a = inc(832, 256, 160, 320, 32, 128, 128);
    this.inception5b = inc(832, 384, 192, 384, 48, 128, 128);
    if (aux_logits) {
      this.aux1 = makeLayer(inception_aux_block, 512, num_classes, { dropout: dropout_aux });
      this.aux2 = makeLayer(inception_aux_block, 528, num_classes, { dropout: dropout_aux });
    } else { this.aux1 = null; this.aux2 = null; }
    this.avgpool = new AdaptiveAvgPool2d([1, 1]);
    this.dropout = new Dropout({ p: dropout });
    this.fc = new Linear(1024, num_classes);
    if (init_weights) {
      for (const m of this.modules()) {
        if (m instanceof Conv2d || m instanceof Linear) init.trunc_normal_(m.weight, { mean: 0.0, std: 0.01, a: -2, b: 2 });
        else if (m instanceof BatchNorm2d) { init.constant_(m.weight!, 1); init.constant_(m.bias!, 0); }
      }
    }
  }
  _transform_input(x: Tensor): Tensor {
    if (!this.transform_input) return x;
    const ch = (i: number, s: number, m: number) => x.index(":", i).unsqueeze(1).mul(s / 0.5).add((m - 0.5) / 0.5);
    return torch.cat([ch(0, 0.229, 0.485), ch(1, 0.224, 0.456), ch(2, 0.225, 0.406)], 1);
  }
  _forward(x: Tensor): [Tensor, Tensor | null, Tensor | null] {
    x = this.maxpool2(this.conv3(this.conv2(this.maxpool1(this.conv1(x)))));
    x = this.maxpool3(this.inception3b(this.inception3a(x)));
    x = this.inception4a(x);
    const aux1 = this.aux1 !== null && this.training ? this.aux1(x) : null;
    x = this.inception4d(this.inception4c(this.inception4b(x)));
    const aux2 = this.aux2 !== null && this.training ? this.aux2(x) : null;
    x = this.maxpool4(this.inception4e(x));
    x = this.inception5b(this.inception5a(x));
    x = this.fc(this.dropout(this.avgpool(x).flatten(1)));
    return [x, aux2, aux1];
  }
  eager_outputs(x: Tensor, aux2: Tensor | null, aux1: Tensor | null): GoogLeNetOutputs | Tensor {
    return this.training && this.aux_logits ? GoogLeNetOutputs(x, aux2, aux1) : x;
  }
  forward(x: Tensor): GoogLeNetOutputs | Tensor {
    const [out, aux2, aux1] = this._forward(this._transform_input(x));
    return this.eager_outputs(out, aux2, aux1);
  }
}

export const GoogLeNet_Weights = weightsEnum("GoogLeNet_Weights", {
  IMAGENET1K_V1: { url: "https://download.pytorch.org/models/googlenet-1378be20.pth", transforms: {"crop_size": 224}, meta: {"num_params": 6624904, "min_size": [15, 15], "recipe": "https://github.com/pytorch/vision/tree/main/references/classification#googlenet", "_metrics": {"ImageNet-1K": {"acc@1": 69.778, "acc@5": 89.53}}, "_ops": 1.498, "_file_size": 49.731} },
}, "IMAGENET1K_V1");

/**
 * GoogLeNet. With weights, the model is built with its auxiliary heads to load them, which are
 * dropped again unless aux_logits was asked for; torchvision's weights also set transform_input.
 */
export const googlenet = register_model("googlenet", GoogLeNet_Weights, (options: BuilderOptions<GoogLeNetOptions> = {}) => {
  const original_aux_logits = options.aux_logits ?? false;
  return _build(GoogLeNet_Weights, options, (kw, w) => {
    if (w !== null) {
      if (w.member !== null && kw.transform_input === undefined) _ovewrite_named_param(kw, "transform_input", true);
      _ovewrite_named_param(kw, "aux_logits", true);
      _ovewrite_named_param(kw, "init_weights", false);
    }
    return new GoogLeNet(kw);
  }, (model, sd) => {
    model.load_state_dict(sd);
    if (!original_aux_logits) {
      model.aux_logits = false;
      model.aux1 = null;
      model.aux2 = null;
    } else warn("auxiliary heads in the pretrained googlenet model are NOT pretrained, so make sure to train them");
  });
});
