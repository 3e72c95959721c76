// torchvision/models/_api.py: weights enums (ResNet18_Weights.IMAGENET1K_V1 ...), the model
// registry (get_model, get_model_builder, get_model_weights, get_weight, list_models), and how a
// builder's `weights=` is read. torch-node downloads nothing: a weights enum value loads the file
// torchvision's download would have left in the torch hub cache, or says where to put it; a local
// path or a state_dict object loads as is.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import type { Module } from "../../nn/module";
import { load } from "../../serialization";
import { ImageClassification, type ImageClassificationOptions } from "./_presets";
import { _IMAGENET_CATEGORIES } from "./_meta";

export interface WeightsDef { url: string; transforms: Omit<ImageClassificationOptions, "crop_size"> & { crop_size: number }; meta: Record<string, unknown>; }

/** One weights entry: its URL, preset transforms and metadata (categories included). */
export class Weights {
  readonly url: string;
  readonly meta: Record<string, unknown>;
  readonly #transforms: WeightsDef["transforms"];
  constructor(def: WeightsDef) {
    this.url = def.url;
    this.#transforms = def.transforms;
    this.meta = { categories: _IMAGENET_CATEGORIES, ...def.meta };
  }
  /** The preset inference transforms (ImageClassification). */
  transforms(): ImageClassification { return new ImageClassification(this.#transforms); }
}

/** A member of a weights enum: `ResNet50_Weights.IMAGENET1K_V2`. */
export class WeightsEnumMember {
  constructor(readonly enum_name: string, readonly name: string, readonly value: Weights) {}
  get url(): string { return this.value.url; }
  get meta(): Record<string, unknown> { return this.value.meta; }
  transforms(): ImageClassification { return this.value.transforms(); }
  /** Where torchvision's download would store the file: $TORCH_HOME/hub/checkpoints. */
  get cache_path(): string { return path.join(hubDir(), "checkpoints", path.basename(new URL(this.url).pathname)); }
  /** The state_dict from the torch hub cache; torch-node does not download it. */
  get_state_dict(_options: { progress?: boolean; check_hash?: boolean } = {}): Record<string, unknown> {
    const file = this.cache_path;
    if (fs.existsSync(file)) return load(file, { map_location: "cpu" });
    const e = new Error(`${this} are not on this machine and torch-node does not download weights: download ${this.url} ` +
      `(for example \`curl -L -o ${file} ${this.url}\`) to ${file}, where this enum value then finds it, ` +
      `or save it anywhere and pass its path as \`weights: "/path/to/${path.basename(file)}"\` (a state_dict object works too).`);
    e.name = "FileNotFoundError";
    throw e;
  }
  toString(): string { return `${this.enum_name}.${this.name}`; }
  [inspect.custom](): string { return `<${this}: ${inspect(this.value, { depth: 0 })}>`; }
}

function hubDir(): string {
  const torchHome = process.env.TORCH_HOME ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "torch");
  return path.join(torchHome, "hub");
}

export interface WeightsEnumStatics {
  readonly __name__: string;
  /** The members (DEFAULT is an alias, not a member). */
  readonly __members__: Record<string, WeightsEnumMember>;
  /** WeightsEnum.verify: null, a member of this enum, or its name ("IMAGENET1K_V1", "ResNet18_Weights.IMAGENET1K_V1"). */
  verify(obj: unknown): WeightsEnumMember | null;
}
export type WeightsEnum<K extends string> = Record<K | "DEFAULT", WeightsEnumMember> & WeightsEnumStatics;

const ENUMS = new Map<string, WeightsEnum<string>>();

/** Builds a weights enum as torchvision's classes declare them. */
export function weightsEnum<K extends string>(name: string, defs: Record<K, WeightsDef>, defaultName: NoInfer<K>): WeightsEnum<K> {
  const members: Record<string, WeightsEnumMember> = {};
  for (const [k, d] of Object.entries(defs) as [string, WeightsDef][]) members[k] = new WeightsEnumMember(name, k, new Weights(d));
  const e = {
    ...members,
    DEFAULT: members[defaultName],
    __name__: name,
    __members__: members,
    verify(obj: unknown): WeightsEnumMember | null {
      if (obj === null || obj === undefined) return null;
      if (typeof obj === "string") {
        const key = obj.replace(`${name}.`, "");
        const m = key === "DEFAULT" ? members[defaultName] : members[key];
        if (m === undefined) { const err = new Error(key); err.name = "KeyError"; throw err; }
        return m;
      }
      if (!(obj instanceof WeightsEnumMember) || obj.enum_name !== name)
        throw new TypeError(`Invalid Weight class provided; expected ${name} but received ${obj instanceof WeightsEnumMember ? obj.enum_name : typeof obj}.`);
      return obj;
    },
  } as WeightsEnum<K>;
  ENUMS.set(name, e as WeightsEnum<string>);
  return e;
}

/** A state_dict as torch.load returns it (a plain object, or a Map). */
export type StateDictLike = Record<string, unknown> | Map<string, unknown>;
/** What a builder's `weights` takes: a weights enum value or its name, a checkpoint path, a state_dict, or null. */
export type WeightsArg = WeightsEnumMember | string | StateDictLike | null;

/** A builder's reading of `weights`: the enum member (null for a file or state_dict) and how to get the state_dict. */
export interface ResolvedWeights { member: WeightsEnumMember | null; state_dict: () => Map<string, unknown>; }

export function _resolveWeights(e: WeightsEnumStatics, weights: WeightsArg | undefined): ResolvedWeights | null {
  if (weights === null || weights === undefined) return null;
  const asMap = (sd: StateDictLike) => (sd instanceof Map ? new Map(sd) : new Map(Object.entries(sd)));
  let member: WeightsEnumMember | null = null;
  if (weights instanceof WeightsEnumMember) member = e.verify(weights);
  else if (typeof weights === "string") {
    const key = weights.replace(`${e.__name__}.`, "");
    if (key === "DEFAULT" || key in e.__members__) member = e.verify(weights);
    else {
      if (!fs.existsSync(weights)) {
        const err = new Error(`weights: no such file, and not a member of ${e.__name__} (${Object.keys(e.__members__).join(", ")}, DEFAULT): '${weights}'`);
        err.name = "FileNotFoundError";
        throw err;
      }
      return { member: null, state_dict: () => asMap(load(weights, { map_location: "cpu" })) };
    }
  } else if (typeof weights === "object") return { member: null, state_dict: () => asMap(weights as StateDictLike) };
  else throw new TypeError(`Invalid Weight class provided; expected ${e.__name__} but received ${typeof weights}.`);
  const m = member!;
  return { member: m, state_dict: () => asMap(m.get_state_dict()) };
}

/** _ovewrite_named_param: sets kwargs[name], refusing a different value the caller gave. */
export function _ovewrite_named_param(kwargs: Record<string, unknown>, param: string, new_value: unknown): void {
  if (param in kwargs && kwargs[param] !== undefined) {
    if (kwargs[param] !== new_value) throw new Error(`The parameter '${param}' expected value ${new_value} but got ${kwargs[param]} instead.`);
  } else kwargs[param] = new_value;
}

/** What every builder does with weights before building: the enum's categories fix num_classes. */
export function _weightsKwargs(w: ResolvedWeights | null, kwargs: Record<string, unknown>): void {
  const categories = w?.member?.meta.categories as string[] | null | undefined;
  if (categories != null) _ovewrite_named_param(kwargs, "num_classes", categories.length);
}

// ---- the registry ----
type Builder = (options?: any) => Module;
const BUILTIN_MODELS = new Map<string, { fn: Builder; weights: WeightsEnumStatics }>();

/** register_model: records a builder under its name, with the weights enum its `weights` takes. */
export function register_model<F extends Builder>(name: string, weights: WeightsEnumStatics, fn: F): F {
  if (BUILTIN_MODELS.has(name)) throw new Error(`An entry is already registered under the name '${name}'.`);
  BUILTIN_MODELS.set(name, { fn, weights });
  return fn;
}

/** Names of the registered models, sorted (include/exclude: fnmatch patterns). */
export function list_models(options: { module?: unknown; include?: string | string[] | null; exclude?: string | string[] | null } = {}): string[] {
  const pat = (p: string) => new RegExp("^" + p.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
  const list = (v: string | string[] | null | undefined) => (v == null ? null : typeof v === "string" ? [v] : v);
  let names = [...BUILTIN_MODELS.keys()];
  const inc = list(options.include), exc = list(options.exclude);
  if (inc) names = names.filter((n) => inc.some((p) => pat(p).test(n)));
  if (exc) names = names.filter((n) => !exc.some((p) => pat(p).test(n)));
  return names.sort();
}

function lookup(name: string) {
  const m = BUILTIN_MODELS.get(name.toLowerCase());
  if (m === undefined) throw new Error(`Unknown model ${name.toLowerCase()}`);
  return m;
}

/** The builder function of a registered model. */
export function get_model_builder(name: string): Builder { return lookup(name).fn; }

/** get_model("resnet50", { weights: ..., num_classes: ... }). */
export function get_model(name: string, config: Record<string, unknown> = {}): Module { return lookup(name).fn(config); }

/** The weights enum of a model (by name or builder). */
export function get_model_weights(name: string | Builder): WeightsEnumStatics {
  if (typeof name === "function") {
    for (const m of BUILTIN_MODELS.values()) if (m.fn === name) return m.weights;
    throw new Error("Unknown model builder");
  }
  return lookup(name).weights;
}

/** get_weight("ResNet50_Weights.IMAGENET1K_V2"). */
export function get_weight(name: string): WeightsEnumMember {
  const [enumName, value] = name.split(".");
  const e = ENUMS.get(enumName);
  if (e === undefined || value === undefined) throw new Error(`The weight enum '${enumName}' for the specific method couldn't be retrieved.`);
  return e.verify(value)!;
}

/** A builder's options: `weights`, `progress` (accepted; nothing is downloaded) and the model's own arguments. */
export type BuilderOptions<A = Record<string, unknown>> = { weights?: WeightsArg; progress?: boolean } & A;

/**
 * The body every builder shares: read `weights`, let the model adjust its arguments to them,
 * build, then load the state_dict (through `load` where the model renames old keys).
 */
export function _build<M extends Module>(e: WeightsEnumStatics, options: BuilderOptions<any>, build: (kwargs: Record<string, any>, w: ResolvedWeights | null) => M,
  loadInto: (m: M, sd: Map<string, unknown>) => void = (m, sd) => { m.load_state_dict(sd); }): M {
  const { weights, progress: _progress, ...given } = options ?? {};
  const kwargs = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const w = _resolveWeights(e, weights);
  _weightsKwargs(w, kwargs);
  const model = build(kwargs, w);
  if (w !== null) loadInto(model, w.state_dict());
  return model;
}
