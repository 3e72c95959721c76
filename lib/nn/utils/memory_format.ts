// torch.nn.utils.memory_format (torch/nn/utils/memory_format.py): conv weights in another memory format.
import type { memory_format } from "../../dtype";
import { Module } from "../module";
import { Conv2d, Conv3d, ConvTranspose2d, ConvTranspose3d } from "../conv";
import { pyError } from "../../tensor";
import { V } from "../../version";

function convert(classes: Function[], module: Module, fmt: memory_format): void {
  if (classes.some((c) => module instanceof c)) {
    const w = (module as any).weight;
    const data = w.detach().clone({ memory_format: fmt });
    w.data = data.resize_(data.size(), { memory_format: fmt });
  }
  for (const child of module.children()) convert(classes, child, fmt);
}

/** convert_conv2d_weight_memory_format(module, memory_format): every Conv2d / ConvTranspose2d weight of module, in place. */
export function convert_conv2d_weight_memory_format<T extends Module>(module: T, memory_format: memory_format): T {
  convert([Conv2d, ConvTranspose2d], module, memory_format);
  return module;
}

/** convert_conv3d_weight_memory_format(module, memory_format) (2.x): every Conv3d / ConvTranspose3d weight, in place. */
function _convert_conv3d_weight_memory_format<T extends Module>(module: T, memory_format: memory_format): T {
  convert([Conv3d, ConvTranspose3d], module, memory_format);
  return module;
}
export const convert_conv3d_weight_memory_format: typeof _convert_conv3d_weight_memory_format = V.nn2 ? _convert_conv3d_weight_memory_format
  : () => { throw pyError("AttributeError", "module 'torch.nn.utils' has no attribute 'convert_conv3d_weight_memory_format'"); };
