// torch.backends: libtorch's global switches (native/backends.cpp) as Python's modules expose
// them, attributes that read and set the flag, and what the build has.
import { N } from "../native";

/** An object whose properties read and write libtorch flags (Python's ContextProp). */
function flags<T extends object>(props: Record<string, string>, rest: T): T & Record<string, boolean> {
  for (const [prop, name] of Object.entries(props)) {
    Object.defineProperty(rest, prop, {
      get: () => N.backendsGet(name),
      set: (v: unknown) => N.backendsSet(name, Boolean(v)),
      enumerable: true,
    });
  }
  return rest as T & Record<string, boolean>;
}

// cuDNN ships in libtorch's CUDA builds; its version number is not read from native code yet.
const cudnn = flags(
  { enabled: "cudnn_enabled", benchmark: "cudnn_benchmark", deterministic: "cudnn_deterministic", allow_tf32: "cudnn_allow_tf32" },
  {
    /** torch.backends.cudnn.is_available(): whether libtorch was built with cuDNN. */
    is_available: (): boolean => N.cudaIsCompiled(),
    /** cuDNN's version as an int (92400), or null without cuDNN (null where the addon cannot tell). */
    version: (): number | null => (N.cudaIsCompiled() ? cudnnVersion() : null),
    toString: () => "<module 'torch.backends.cudnn'>",
  },
);
function cudnnVersion(): number | null {
  // (A "cudnn_version" flag of native/backends.cpp, once it has one.)
  try { return N.backendsGet("cudnn_version") as unknown as number; } catch { return null; }
}

const cuda = {
  matmul: flags({ allow_tf32: "matmul_allow_tf32" }, {}),
  /** Whether libtorch was built with CUDA. */
  is_built: (): boolean => N.cudaIsCompiled(),
  toString: () => "<module 'torch.backends.cuda'>",
};
const mkldnn = flags({ enabled: "mkldnn_enabled" }, {
  is_available: (): boolean => N.backendsGet("has_mkldnn") as boolean,
  toString: () => "<module 'torch.backends.mkldnn'>",
});
const mkl = { is_available: (): boolean => N.backendsGet("has_mkl") as boolean, toString: () => "<module 'torch.backends.mkl'>" };
const openmp = { is_available: (): boolean => N.backendsGet("has_openmp") as boolean, toString: () => "<module 'torch.backends.openmp'>" };
/** Apple's Metal: never in a libtorch this addon links (Linux, Windows). */
const mps = { is_available: (): boolean => false, is_built: (): boolean => false, toString: () => "<module 'torch.backends.mps'>" };

export const backends = { cudnn, cuda, mkldnn, mkl, openmp, mps };
// By name too, for `import { cudnn } from "torch-node/backends"` (Python's `from torch.backends import cudnn`).
export { cudnn, cuda, mkldnn, mkl, openmp, mps };

/** torch.use_deterministic_algorithms(mode, { warn_only }). */
export function use_deterministic_algorithms(mode: boolean, options: boolean | { warn_only?: boolean } = {}): void {
  const warnOnly = typeof options === "boolean" ? options : options.warn_only ?? false;
  if (typeof mode !== "boolean") throw new TypeError(`use_deterministic_algorithms(): argument 'mode' (position 1) must be bool, not ${typeof mode}`);
  N.backendsSet("deterministic_algorithms", mode, warnOnly);
}
export function are_deterministic_algorithms_enabled(): boolean { return N.backendsGet("deterministic_algorithms") as boolean; }
export function is_deterministic_algorithms_warn_only_enabled(): boolean { return N.backendsGet("deterministic_warn_only") as boolean; }
/** torch.set_float32_matmul_precision("highest" | "high" | "medium"); libtorch warns and ignores others. */
export function set_float32_matmul_precision(precision: string): void { N.backendsSet("float32_matmul_precision", precision); }
export function get_float32_matmul_precision(): string { return N.backendsGet("float32_matmul_precision") as string; }
