// torchvision/transforms/_presets.py: ImageClassification, the inference transforms that go with
// a model's weights (`ResNet50_Weights.IMAGENET1K_V2.transforms()`).
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import type { Image } from "../image";
import * as F from "../transforms/functional";
import { pyStr } from "../../nn/_utils";

export interface ImageClassificationOptions {
  crop_size: number; resize_size?: number; mean?: number[]; std?: number[];
  interpolation?: F.InterpolationMode; antialias?: boolean | null;
}

/** Resize (antialiased from torchvision 0.17), center crop, rescale to [0, 1] and normalize; images or [..., C, H, W] tensors. */
export class ImageClassification extends Module {
  declare crop_size: number[];
  declare resize_size: number[];
  declare mean: number[];
  declare std: number[];
  declare interpolation: F.InterpolationMode;
  declare antialias: boolean | null;
  constructor(options: ImageClassificationOptions) {
    super();
    const { crop_size, resize_size = 256, mean = [0.485, 0.456, 0.406], std = [0.229, 0.224, 0.225], interpolation = "bilinear", antialias = F.ANTIALIAS_DEFAULT } = options;
    this.crop_size = [crop_size];
    this.resize_size = [resize_size];
    this.mean = [...mean];
    this.std = [...std];
    this.interpolation = interpolation;
    this.antialias = antialias;
  }
  forward(img: Tensor | Image): Tensor {
    let x = F.resize(img, this.resize_size, this.interpolation, null, this.antialias);
    x = F.center_crop(x, this.crop_size);
    if (!(x instanceof Tensor)) x = F.pil_to_tensor(x);
    return F.normalize(F.convert_image_dtype(x, torch.float32), this.mean, this.std);
  }
  __repr__(): string {
    const list = (v: number[]) => `[${v.map((x) => pyStr(x)).join(", ")}]`;
    return `${this._get_name()}(\n    crop_size=${list(this.crop_size)}\n    resize_size=${list(this.resize_size)}\n    mean=${list(this.mean)}\n    std=${list(this.std)}\n    interpolation=InterpolationMode.${this.interpolation.toUpperCase()}\n)`;
  }
  describe(): string {
    const list = (v: number[]) => `[${v.map((x) => pyStr(x)).join(", ")}]`;
    return "Accepts ``PIL.Image``, batched ``(B, C, H, W)`` and single ``(C, H, W)`` image ``torch.Tensor`` objects. " +
      `The images are resized to \`\`resize_size=${list(this.resize_size)}\`\` using \`\`interpolation=InterpolationMode.${this.interpolation.toUpperCase()}\`\`, ` +
      `followed by a central crop of \`\`crop_size=${list(this.crop_size)}\`\`. Finally the values are first rescaled to \`\`[0.0, 1.0]\`\` ` +
      `and then normalized using \`\`mean=${list(this.mean)}\`\` and \`\`std=${list(this.std)}\`\`.`;
  }
}
