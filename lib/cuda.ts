// torch.cuda, following torch/cuda/__init__.py, memory.py and random.py. On a
// libtorch without CUDA every call behaves as PyTorch's does on a CPU-only
// build: is_available() false, device_count() 0, seeding and cache calls do
// nothing, and the rest raise "Torch not compiled with CUDA enabled".
import { N } from "./native";
import { device, _cuda_lazy_init, type DeviceLike } from "./device";
import { onManualSeed } from "./random";

type DeviceArg = DeviceLike | number | null | undefined;

function valueError(msg: string): Error {
  const e = new Error(msg);
  e.name = "ValueError";
  return e;
}
function assertionError(msg: string): Error {
  const e = new Error(msg);
  e.name = "AssertionError";
  return e;
}

/** True if CUDA is usable: libtorch has CUDA and there is at least one GPU. */
export function is_available(): boolean { return N.cudaIsAvailable(); }

/** The number of GPUs (0 without CUDA). */
export function device_count(): number { return N.cudaIsCompiled() ? N.cudaDeviceCount() : 0; }

/** torch.cuda.is_initialized: whether CUDA's caching allocator has started. */
export function is_initialized(): boolean {
  if (!N.cudaIsCompiled()) return false;
  try { return N.cudaMemoryStats(0) !== null; } catch { return false; }
}

/** torch.cuda._utils._get_device_index: a device index from a device, string or int. */
export function _get_device_index(dev: DeviceArg, optional = false, allow_cpu = false): number {
  let d: DeviceArg = dev;
  if (typeof d === "string") d = new device(d);
  if (d instanceof device) {
    if (allow_cpu) {
      if (d.type !== "cuda" && d.type !== "cpu") throw valueError(`Expected a cuda or cpu device, but got: ${d}`);
    } else if (d.type !== "cuda") throw valueError(`Expected a cuda device, but got: ${d}`);
  }
  // torch._utils._get_device_index
  let idx: number | null = null;
  if (d instanceof device) {
    if (!allow_cpu && d.type === "cpu") throw valueError(`Expected a non cpu device, but got: ${d}`);
    idx = d.type === "cpu" ? -1 : d.index;
  }
  if (typeof d === "number") idx = d;
  if (idx === null) {
    if (optional) return is_available() ? current_device() : -1;
    throw valueError(`Expected a torch.device with a specified index or an integer, but got:${d ?? "None"}`);
  }
  return idx;
}

/** The index of the current CUDA device. */
export function current_device(): number {
  _cuda_lazy_init();
  return N.cudaCurrentDevice();
}

/** Makes `device` the current CUDA device (a negative index does nothing, as in Python). */
export function set_device(dev: DeviceLike | number): void {
  const idx = _get_device_index(dev);
  if (idx >= 0) {
    _cuda_lazy_init();
    N.cudaSetDevice(idx);
  }
}

function checkedIndex(dev: DeviceArg): number {
  _cuda_lazy_init();
  const idx = _get_device_index(dev, true);
  if (idx < 0 || idx >= device_count()) throw assertionError("Invalid device id");
  return idx;
}

/** The GPU's name, e.g. "NVIDIA H100 80GB HBM3". */
export function get_device_name(dev: DeviceArg = null): string { return N.cudaGetDeviceName(checkedIndex(dev)); }

/** The GPU's compute capability, [major, minor]. */
export function get_device_capability(dev: DeviceArg = null): [number, number] {
  return N.cudaGetDeviceCapability(checkedIndex(dev));
}

/** Waits for every kernel on the device (the current one by default) to finish. */
export function synchronize(dev: DeviceArg = null): void {
  _cuda_lazy_init();
  N.cudaSynchronize(_get_device_index(dev, true));
}

function seedValue(seed: number | bigint): number | bigint {
  if (typeof seed === "number" && !Number.isInteger(seed)) throw new TypeError(`manual_seed expected an integer, got ${seed}`);
  return seed;
}

/** Seeds the current GPU's default generator; does nothing without CUDA (Python queues it forever). */
export function manual_seed(seed: number | bigint): void {
  seedValue(seed);
  if (!is_available()) return;
  N.cudaManualSeed(current_device(), seed);
}

/** Seeds every GPU's default generator; does nothing without CUDA. */
export function manual_seed_all(seed: number | bigint): void {
  seedValue(seed);
  if (!is_available()) return;
  for (let i = 0; i < device_count(); i++) N.cudaManualSeed(i, seed);
}

// torch.manual_seed also seeds every GPU, as Python's does.
onManualSeed(manual_seed_all);

function stats(dev: DeviceArg): [number, number, number, number] | null {
  if (!N.cudaIsCompiled()) return null;
  return N.cudaMemoryStats(_get_device_index(dev, true));
}

/** Bytes held by tensors on the device (0 before CUDA has allocated anything). */
export function memory_allocated(dev: DeviceArg = null): number { return stats(dev)?.[0] ?? 0; }
/** The peak of memory_allocated. */
export function max_memory_allocated(dev: DeviceArg = null): number { return stats(dev)?.[1] ?? 0; }
/** Bytes the caching allocator holds (in use or cached). */
export function memory_reserved(dev: DeviceArg = null): number { return stats(dev)?.[2] ?? 0; }
/** The peak of memory_reserved. */
export function max_memory_reserved(dev: DeviceArg = null): number { return stats(dev)?.[3] ?? 0; }

/** Gives the caching allocator's unused blocks back to the driver. */
export function empty_cache(): void {
  if (N.cudaIsCompiled()) N.cudaEmptyCache();
}

export const cuda = {
  is_available, device_count, is_initialized, current_device, set_device, get_device_name, get_device_capability,
  synchronize, manual_seed, manual_seed_all, memory_allocated, max_memory_allocated, memory_reserved,
  max_memory_reserved, empty_cache, _get_device_index,
};
