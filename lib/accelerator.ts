// torch.accelerator (2.6): the build's accelerator, here CUDA where libtorch has it.
import { N } from "./native";
import { device, type DeviceLike } from "./device";
import * as cuda from "./cuda";

/** Whether the build's accelerator has a device to run on. */
export function is_available(): boolean { return cuda.is_available(); }
/** The build's accelerator as a device (`device(type='cuda')` on a CUDA build), or null. */
export function current_accelerator(): device | null { return N.cudaIsCompiled() ? new device("cuda") : null; }
export function device_count(): number { return cuda.device_count(); }
export function current_device_index(): number { return cuda.current_device(); }
export function set_device_index(dev: DeviceLike | number): void { cuda.set_device(dev); }
export function synchronize(dev: DeviceLike | number | null = null): void { cuda.synchronize(dev); }

export const accelerator = { is_available, current_accelerator, device_count, current_device_index, set_device_index, synchronize };
