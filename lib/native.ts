// The one typed door to the addon (onnxruntime-node's binding.ts). Everything
// else imports the native functions from here.
import fs from "node:fs";
import path from "node:path";

/** A native tensor handle: an index into the addon's handle table. */
export type Handle = number;

export interface Native {
  /** Shared with the addon: [0] a collection is wanted, [1] batch size, [4..] the batch's handles. */
  flags: ArrayBuffer;
  /** Most objects track() takes at once. */
  trackBatch: number;
  /** Weak references for a batch of new tensor objects; their handles are in flags[4..]. */
  track(...objs: (object | undefined)[]): void;
  /** After a forced GC: frees tensors whose objects are gone (all: also the old ones); returns how many are tracked. */
  sweep(all: boolean): number;
  dispose(h: Handle): void;
  memoryStats(): [number, number];
  setSweepThreshold(bytes: number): void;
  /** malloc's bytes in use (glibc's mallinfo2), or -1 where unknown. */
  heapInUse(): number;
  trimHeap(): boolean;
  set_num_threads(n: number): void;
  get_num_threads(): number;

  fromBuffer(data: ArrayBufferView, shape: number[], dtype: number): Handle;
  fromBufferShared(data: ArrayBufferView, shape: number[], dtype: number): Handle;
  /** C-contiguous bytes: zero-copy (keeps the tensor alive), or a JS-owned copy when `copy`. */
  toBuffer(h: Handle, copy?: boolean, byteOffset?: number, byteLength?: number): ArrayBuffer;
  backendsGet(name: string): boolean | string;
  backendsSet(name: string, value: boolean | string, warnOnly?: boolean): void;
  shape(h: Handle): number[];
  stride(h: Handle): number[];
  dtype(h: Handle): number;
  device(h: Handle): string;
  dim(h: Handle): number;
  numel(h: Handle): number;
  storage_offset(h: Handle): number;
  is_contiguous(h: Handle): boolean;
  element_size(h: Handle): number;
  storageId(h: Handle): number | null;
  storageNumel(h: Handle): number;
  storageTensor(h: Handle): Handle;
  sameTensor(a: Handle, b: Handle): boolean;
  item(h: Handle): number | boolean;

  requires_grad(h: Handle): boolean;
  set_requires_grad(h: Handle, v: boolean): void;
  is_leaf(h: Handle): boolean;
  /** The grad: null, -2 when it is the tensor of handle `cached`, else a new handle. */
  grad(h: Handle, cached: Handle): Handle | null;
  set_grad(h: Handle, g: Handle | null): void;
  /** Autograd graph nodes by id (native/tensor.cpp): grad_fn, next_functions, AccumulateGrad's leaf. */
  gradFnNode(h: Handle): number | null;
  nodeName(id: number): string;
  nodeNext(id: number): [number | null, number][];
  nodeVariable(id: number): Handle | object | null;
  nodeRelease(id: number): void;
  grad_fn_name(h: Handle): string | null;
  retain_grad(h: Handle): void;
  backward(h: Handle, gradient: Handle | null, retain_graph: boolean | null, create_graph: boolean): void;
  autograd_grad(outputs: Int32Array, inputs: Int32Array, grad_outputs: Int32Array | null, retain_graph: boolean | null,
    create_graph: boolean, allow_unused: boolean): (Handle | null)[];
  data(h: Handle): Handle;
  set_data(h: Handle, v: Handle): void;
  is_grad_enabled(): boolean;
  set_grad_enabled(v: boolean): void;

  generatorNew(device: string): number;
  manualSeed(gen: number | null, seed: number | bigint): void;
  seed(gen: number | null): bigint;
  initialSeed(gen: number | null): bigint;
  getRngState(gen: number | null): Handle;
  setRngState(gen: number | null, state: Handle): void;

  /** Index specs: [0] item count, then 4 doubles per item (lib/tensor.ts writeIndex). */
  indexBuf: ArrayBuffer;
  indexItems: number;
  indexFast(h: Handle): Handle;
  indexPutFast(h: Handle, value: Handle | { s: number | boolean }): void;

  cudaIsAvailable(): boolean;
  cudaDeviceCount(): number;
  version(): string;
  /** Maps a file privately (copy-on-write), as torch.load's mmap=True does. */
  mmapOpen(path: string): { map: object; size: number };
  /** Drops the loader's reference to a mapping; tensors over it keep it mapped. */
  mmapClose(map: object): void;
  /** A 1-D tensor (its own storage) over `nbytes` bytes at `offset` of the mapping. */
  mmapTensor(map: object, offset: number, nbytes: number, dtype: number): Handle;
  /** Which release's op schemas the glue was compiled for (native/version.h). */
  opsTag: number;

  // native/cuda.cpp
  deviceParse(s: string): [string, number | null];
  cudaIsCompiled(): boolean;
  /** torch._C._cuda_init: starts CUDA or raises libtorch's error (no driver, no GPU). */
  cudaInit(): void;
  cudaCurrentDevice(): number;
  cudaSetDevice(index: number): void;
  cudaSynchronize(index: number): void;
  cudaManualSeed(index: number, seed: number | bigint): void;
  cudaGetDeviceName(index: number): string;
  cudaGetDeviceCapability(index: number): [number, number];
  cudaMemoryStats(index: number): [number, number, number, number] | null;
  cudaEmptyCache(): void;

  // native/jit.cpp (lib/jit/): TorchScript modules are opaque objects; values cross as in torch.jit.
  /** Hands over the Tensor class (inputs are recognised by it) and wrap(handle) (outputs are made by it). */
  jitInit(tensor: Function, wrap: (h: Handle) => unknown): void;
  /** torch::jit::load from a path or bytes: [module, the extra files asked for]. */
  jitLoad(src: string | Uint8Array, device: string | null, extraFiles: string[]): [object, Record<string, Buffer>];
  jitSave(m: object, extraFiles: Record<string, string | Uint8Array>): Buffer;
  /** A module's own members: tensors as new handles on its own tensors, submodules as modules. */
  jitInfo(m: object): {
    type: string; name: string; methods: string[]; params: [string, Handle | null][]; buffers: [string, Handle | null][];
    attributes: string[]; children: [string, object][];
  };
  jitGetAttr(m: object, name: string): any;
  jitSetAttr(m: object, name: string, value: unknown): void;
  /** The module's `training` attribute; sets it when `mode` is given. */
  jitTraining(m: object, mode?: boolean): boolean;
  /** A method's TorchScript source (method null: the class's). */
  jitCode(m: object, method: string | null): string;
  jitGraph(m: object, method: string): string;
  jitSchema(m: object, method: string): string;
  jitRun(m: object, method: string, args: unknown[]): any;
  /** Traces fn(...inputs) with the module built from spec holding the module's tensors; returns the module. */
  jitTraceModule(spec: object, inputs: unknown[], fn: (...args: any[]) => unknown, argumentNames: string[] | null, strict: boolean): object;
  jitTraceFunction(name: string, inputs: unknown[], fn: (...args: any[]) => unknown, argumentNames: string[] | null, strict: boolean): object;
  jitRunFunction(f: object, args: unknown[]): any;
  /** A traced function's code, or its graph (graph: true). */
  jitFunctionCode(f: object, graph: boolean): string;
  jitIsTracing(): boolean;
  /** AOTInductor packages (absent where libtorch has no AOTIModelPackageLoader, 1.13). */
  aotiLoad?(path: string, modelName: string): object;
  aotiRun(loader: object, tensors: Int32Array): Handle[];
  /** [in_spec, out_spec]: pytree specs as JSON. */
  aotiCallSpec(loader: object): [string, string];

  /** The generated op glue (native/ops.gen.cpp), called through lib/_ops.ts. */
  [op: string]: any;
}

// The package's root: lib/ under tsx and vitest, dist/cjs/ once compiled.
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..");
const REBUILD = "npx torch-node build (or npm rebuild torch-node, where npm may run torch-node's install script)";

function fail(msg: string, cause?: unknown): never {
  throw new Error(`torch-node: ${msg}`, cause === undefined ? undefined : { cause });
}

/** What scripts/build-addon.js wrote beside the addon: the Node ABI and libtorch it was built for. */
interface BuildInfo {
  node: string;
  modules: string;
  libtorch: { source: string; root: string; libdir: string; version: string; versionFile: string | null; headerVersion: string | null };
}

function headerVersion(file: string): string | null {
  try {
    const text = fs.readFileSync(file, "utf8");
    const m = text.match(/TORCH_VERSION\s*\\?\s*"([^"]+)"/);
    if (m) return m[1];
    const parts = ["MAJOR", "MINOR", "PATCH"].map((k) => (text.match(new RegExp(`TORCH_VERSION_${k}\\s+(\\d+)`)) || [])[1]);
    return parts.every(Boolean) ? parts.join(".") : null;
  } catch {
    return null;
  }
}

// build/Release/torch_node.node under the package root (cmake-js and node-gyp both build it
// there); TORCH_NODE_ADDON names another build (a second libtorch built beside the first with
// `cmake-js -O`). Whatever keeps it from loading is said with how to rebuild.
function loadAddon(): Native {
  const file = process.env.TORCH_NODE_ADDON
    ? path.resolve(process.env.TORCH_NODE_ADDON)
    : path.join(ROOT, "build", "Release", "torch_node.node");
  const checkout = !ROOT.split(path.sep).includes("node_modules");
  if (!fs.existsSync(file)) {
    if (process.env.TORCH_NODE_ADDON) fail(`TORCH_NODE_ADDON=${process.env.TORCH_NODE_ADDON}: no such file`);
    fail(`the native addon is not built: there is no ${file}.\n` + (checkout
      ? "In a checkout of torch-node, ./run setup (or npm run build:native) builds it."
      : "npm builds it with torch-node's install script, which runs only where npm allows it (npm's allowScripts; " +
        "install with --foreground-scripts to see the build). Build it now with\n  npx torch-node build\nor\n  " +
        "npm install-scripts approve torch-node && npm rebuild torch-node\nIt needs libtorch (pip install torch, " +
        "apt-get install libtorch-dev, or LIBTORCH=/path/to/libtorch), cmake and a C++ compiler."));
  }
  let info: BuildInfo | null = null;
  try { info = JSON.parse(fs.readFileSync(file.replace(/\.node$/, ".json"), "utf8")); } catch { /* built by ./run or cmake-js directly */ }
  if (info && info.modules !== process.versions.modules) {
    // The addon uses V8's own API (native/addon.cpp's weak handles), which changes between Node majors.
    fail(`the native addon ${file} was built for Node ${info.node} (module ABI ${info.modules}); this is Node ${process.version} ` +
      `(ABI ${process.versions.modules}), which cannot load it. Rebuild it for this Node: ${REBUILD}.`);
  }
  if (info?.libtorch.versionFile && info.libtorch.headerVersion) {
    const now = headerVersion(info.libtorch.versionFile);
    if (now !== info.libtorch.headerVersion) {
      fail(`the native addon ${file} was built against libtorch ${info.libtorch.version} (${info.libtorch.source}), ` +
        `which ${now ? `is now ${now}` : "is no longer there"} (${info.libtorch.root}). Rebuild it: ${REBUILD}.`);
    }
  }
  try {
    return require(file);
  } catch (e: any) {
    const built = info ? ` It was built against libtorch ${info.libtorch.version} in ${info.libtorch.libdir}; if that libtorch was moved, upgraded or removed, rebuild it.` : "";
    fail(`loading the native addon ${file} failed: ${e?.message ?? e}.${built}\nRebuild it: ${checkout ? "./run setup, or npm run build:native" : REBUILD}.`, e);
  }
}

export const N: Native = loadAddon();
