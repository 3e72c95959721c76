// torchvision.io: read_image / write_png over the Image codecs.
import { Tensor } from "../tensor";
import { Image } from "./image";
import { pil_to_tensor, to_pil_image } from "./transforms/functional";

export const ImageReadMode = { UNCHANGED: 0, GRAY: 1, GRAY_ALPHA: 2, RGB: 3, RGB_ALPHA: 4 } as const;

/** uint8 tensor [C, H, W] of a PNG or JPEG file. */
export function read_image(path: string, mode: number = ImageReadMode.UNCHANGED): Tensor {
  let im = Image.open(path);
  if (mode === ImageReadMode.GRAY) im = im.convert("L");
  else if (mode === ImageReadMode.GRAY_ALPHA) im = im.convert("LA");
  else if (mode === ImageReadMode.RGB) im = im.convert("RGB");
  else if (mode === ImageReadMode.RGB_ALPHA) im = im.convert("RGBA");
  return pil_to_tensor(im);
}

/** Writes a uint8 tensor [C, H, W] (C = 1 or 3) as PNG. */
export function write_png(input: Tensor, filename: string): void {
  to_pil_image(input).save(filename, "png");
}
