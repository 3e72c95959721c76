// torch/nn/modules/pixelshuffle.py: PixelShuffle, PixelUnshuffle.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { bindArgs } from "./_utils";
import { pixel_shuffle, pixel_unshuffle } from "./_functional/vision";

/** (*, C * r^2, H, W) to (*, C, H * r, W * r). */
export class PixelShuffle extends Module {
  upscale_factor!: number;
  constructor(upscale_factor: number | { upscale_factor: number });
  constructor(...args: any[]) {
    super();
    [this.upscale_factor] = bindArgs("__init__", [["upscale_factor"]], args);
  }
  forward(input: Tensor): Tensor { return pixel_shuffle(input, this.upscale_factor); }
  extra_repr(): string { return `upscale_factor=${this.upscale_factor}`; }
}

/** (*, C, H * r, W * r) to (*, C * r^2, H, W). */
export class PixelUnshuffle extends Module {
  downscale_factor!: number;
  constructor(downscale_factor: number | { downscale_factor: number });
  constructor(...args: any[]) {
    super();
    [this.downscale_factor] = bindArgs("__init__", [["downscale_factor"]], args);
  }
  forward(input: Tensor): Tensor { return pixel_unshuffle(input, this.downscale_factor); }
  extra_repr(): string { return `downscale_factor=${this.downscale_factor}`; }
}
