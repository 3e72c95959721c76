// torchvision.io: read_image / write_png over the Image codecs.
import { Tensor } from "../tensor";
import fs from "node:fs";
import { Image, decodeJpeg, decodePng } from "./image";
import { torch } from "../torch";
import { pil_to_tensor, to_pil_image } from "./transforms/functional";

export const ImageReadMode = { UNCHANGED: 0, GRAY: 1, GRAY_ALPHA: 2, RGB: 3, RGB_ALPHA: 4 } as const;

function withMode(im: Image, mode: number): Tensor {
  if (mode === ImageReadMode.GRAY) im = im.convert("L");
  else if (mode === ImageReadMode.GRAY_ALPHA) im = im.convert("LA");
  else if (mode === ImageReadMode.RGB) im = im.convert("RGB");
  else if (mode === ImageReadMode.RGB_ALPHA) im = im.convert("RGBA");
  return pil_to_tensor(im);
}

/** uint8 tensor [C, H, W] of a PNG or JPEG file. */
export function read_image(path: string, mode: number = ImageReadMode.UNCHANGED): Tensor {
  return withMode(Image.open(path), mode);
}

/** read_file(path): the file's bytes as a 1-D uint8 tensor. */
export function read_file(path: string): Tensor {
  const b = fs.readFileSync(path);
  return torch.from_numpy({ data: new Uint8Array(b.buffer, b.byteOffset, b.byteLength), shape: [b.byteLength], dtype: "uint8" }).clone();
}

function bytesOf(input: Tensor): Uint8Array {
  if (input.dtype.name !== "uint8") throw new Error("Expected a torch.uint8 tensor");
  if (input.dim() !== 1) throw new Error("Expected a 1 dimensional tensor");
  return Uint8Array.from(input.contiguous().numpy().data as Uint8Array);
}

/** decode_jpeg(data, mode): uint8 tensor [C, H, W] of the JPEG bytes in a 1-D uint8 tensor. */
export function decode_jpeg(input: Tensor, mode: number = ImageReadMode.UNCHANGED): Tensor {
  return withMode(decodeJpeg(bytesOf(input)), mode);
}

/** decode_image(data, mode): a JPEG or PNG in a 1-D uint8 tensor. */
export function decode_image(input: Tensor, mode: number = ImageReadMode.UNCHANGED): Tensor {
  const b = bytesOf(input);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return decode_jpeg(input, mode);
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return withMode(decodePng(Buffer.from(b)), mode);
  throw new Error("Unsupported image file. Only jpeg and png are currently supported.");
}

/** Writes a uint8 tensor [C, H, W] (C = 1 or 3) as PNG. */
export function write_png(input: Tensor, filename: string): void {
  to_pil_image(input).save(filename, "png");
}
