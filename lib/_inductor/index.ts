// torch._inductor.aoti_load_package (torch/_inductor/package/package.py): runs a package that
// Python's torch._inductor.aoti_compile_and_package built (a .pt2 holding the compiled model),
// through libtorch's AOTIModelPackageLoader. A plain torch.export.save file holds no compiled
// model; only Python (or NativeRT, which pip's libtorch does not ship) runs those.
import { N } from "../native";
import { Tensor, wrap } from "../tensor";
import { __version__ } from "../version";

/** A pytree spec as torch.utils._pytree.treespec_dumps writes it. */
interface TreeSpec { type: string | null; context: string | null; children_spec: TreeSpec[] }

/** pytree.tree_flatten, for the containers JavaScript has: the tensors, in order. */
function flattenTensors(v: unknown, out: Tensor[]): Tensor[] {
  if (v instanceof Tensor) out.push(v);
  else if (Array.isArray(v)) for (const x of v) flattenTensors(x, out);
  else if (v instanceof Map) for (const x of v.values()) flattenTensors(x, out);
  else if (v !== null && typeof v === "object") for (const x of Object.values(v)) flattenTensors(x, out);
  return out;
}

/** pytree.tree_unflatten: tuples and lists as arrays, dicts as objects. */
function unflatten(spec: TreeSpec, leaves: Tensor[], at: { i: number }): unknown {
  if (spec.type === null) return leaves[at.i++];
  const children = spec.children_spec.map((c) => unflatten(c, leaves, at));
  switch (spec.type) {
    case "builtins.tuple": case "builtins.list": return children;
    case "builtins.dict": case "collections.OrderedDict": {
      const keys = JSON.parse(spec.context ?? "[]") as unknown[];
      return Object.fromEntries(keys.map((k, i) => [String(k), children[i]]));
    }
    default: throw new Error(`aoti_load_package: outputs of type ${spec.type} are not supported`);
  }
}

/** What aoti_load_package returns: callable with the compiled model's inputs. */
export interface AOTICompiledModel { (...args: unknown[]): any }
export class AOTICompiledModel {
  constructor(loader: object) {
    const out = JSON.parse(N.aotiCallSpec(loader)[1])[1] as TreeSpec;
    const f = ((...args: unknown[]) => {
      const handles = Int32Array.from(flattenTensors(args, []), (t) => t._h);
      const leaves = (N.aotiRun(loader, handles) as number[]).map((h) => wrap(h));
      return unflatten(out, leaves, { i: 0 });
    }) as unknown as AOTICompiledModel;
    Object.setPrototypeOf(f, new.target.prototype);
    return f;
  }
}

/** torch._inductor.package.load_package(path, model_name = "model") */
function load_package(path: string, model_name = "model"): AOTICompiledModel {
  if (typeof N.aotiLoad !== "function") {
    const e = new Error(`module 'torch' has no attribute '_inductor' (libtorch ${__version__} has no AOTInductor)`);
    e.name = "AttributeError";
    throw e;
  }
  return new AOTICompiledModel(N.aotiLoad(path, model_name));
}
/** torch._inductor.aoti_load_package(path): the package's default model. */
export function aoti_load_package(path: string): AOTICompiledModel { return load_package(path); }
