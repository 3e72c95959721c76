// torchvision.datasets.DatasetFolder and ImageFolder: root/<class>/**/<file>, classes sorted by name.
import fs from "node:fs";
import path from "node:path";
import { indexError } from "../../utils/data/dataset";
import { Image } from "../image";
import { VisionDataset, type TransformFn } from "./vision";

export const IMG_EXTENSIONS = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"];

export function has_file_allowed_extension(filename: string, extensions: string | string[]): boolean {
  const exts = typeof extensions === "string" ? [extensions] : extensions;
  const f = filename.toLowerCase();
  return exts.some((e) => f.endsWith(e));
}
export function is_image_file(filename: string): boolean { return has_file_allowed_extension(filename, IMG_EXTENSIONS); }

/** Class folders of `directory`, sorted, and their indices. */
export function find_classes(directory: string): [string[], Record<string, number>] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    throw new Error(`[Errno 2] No such file or directory: '${directory}'`);
  }
  const classes = entries.filter((e) => e.isDirectory() || (e.isSymbolicLink() && fs.statSync(path.join(directory, e.name)).isDirectory())).map((e) => e.name).sort();
  if (classes.length === 0) throw new Error(`Couldn't find any class folder in ${directory}.`);
  return [classes, Object.fromEntries(classes.map((c, i) => [c, i]))];
}

/** os.walk(top, followlinks=True), sorted as Python sorts the (root, dirs, files) tuples. */
function walk(top: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  const visit = (dir: string) => {
    const files: string[] = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const isDir = e.isDirectory() || (e.isSymbolicLink() && fs.statSync(p).isDirectory());
      if (isDir) visit(p); else files.push(e.name);
    }
    out.push([dir, files]);
  };
  visit(top);
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function make_dataset(directory: string, class_to_idx: Record<string, number> | null = null, extensions: string | string[] | null = null,
  is_valid_file: ((p: string) => boolean) | null = null): [string, number][] {
  if (class_to_idx === null) class_to_idx = find_classes(directory)[1];
  const both = extensions !== null && is_valid_file !== null, none = extensions === null && is_valid_file === null;
  if (both || none) throw new Error("Both extensions and is_valid_file cannot be None or not None at the same time");
  const valid = is_valid_file ?? ((x: string) => has_file_allowed_extension(x, extensions!));
  const instances: [string, number][] = [];
  const available = new Set<string>();
  for (const target of Object.keys(class_to_idx).sort()) {
    const idx = class_to_idx[target];
    const dir = path.join(directory, target);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) continue;
    for (const [root, fnames] of walk(dir)) {
      for (const f of fnames.sort()) {
        const p = path.join(root, f);
        if (valid(p)) {
          instances.push([p, idx]);
          available.add(target);
        }
      }
    }
  }
  const empty = Object.keys(class_to_idx).filter((c) => !available.has(c));
  if (empty.length) {
    let msg = `Found no valid file for the classes ${empty.sort().join(", ")}. `;
    if (extensions !== null) msg += `Supported extensions are: ${typeof extensions === "string" ? extensions : extensions.join(", ")}`;
    throw new Error(msg);
  }
  return instances;
}

export interface DatasetFolderOptions {
  root?: string;
  loader?: (p: string) => any;
  extensions?: string | string[] | null;
  transform?: TransformFn | null;
  target_transform?: TransformFn | null;
  is_valid_file?: ((p: string) => boolean) | null;
}

export class DatasetFolder extends VisionDataset<[any, any]> {
  loader: (p: string) => any;
  extensions: string | string[] | null;
  classes: string[];
  class_to_idx: Record<string, number>;
  samples: [string, number][];
  targets: number[];
  constructor(root: string | DatasetFolderOptions, loader?: ((p: string) => any) | DatasetFolderOptions, extensions: string | string[] | null = null,
    transform: TransformFn | null = null, target_transform: TransformFn | null = null, is_valid_file: ((p: string) => boolean) | null = null) {
    let o: DatasetFolderOptions = {};
    if (typeof root === "object") { o = root; root = o.root as string; }
    else if (loader && typeof loader === "object") { o = loader; loader = undefined; }
    super(root, o.transform ?? transform, o.target_transform ?? target_transform);
    this.loader = o.loader ?? (loader as (p: string) => any);
    this.extensions = o.extensions !== undefined ? o.extensions : extensions;
    const [classes, class_to_idx] = this.find_classes(this.root);
    this.samples = make_dataset(this.root, class_to_idx, this.extensions, o.is_valid_file ?? is_valid_file);
    this.classes = classes;
    this.class_to_idx = class_to_idx;
    this.targets = this.samples.map((s) => s[1]);
  }
  find_classes(directory: string): [string[], Record<string, number>] { return find_classes(directory); }
  get imgs(): [string, number][] { return this.samples; }
  get length(): number { return this.samples.length; }
  at(index: number): [any, any] {
    const n = this.samples.length;
    if (!Number.isInteger(index) || index < -n || index >= n) throw indexError("list index out of range");
    const [p, t] = this.samples[index < 0 ? index + n : index];
    let sample = this.loader(p);
    let target: any = t;
    if (this.transform) sample = this.transform(sample);
    if (this.target_transform) target = this.target_transform(target);
    return [sample, target];
  }
}

/** torchvision's pil_loader: opens the file and converts it to RGB. */
export function pil_loader(p: string): Image { return Image.open(p).convert("RGB"); }
export const default_loader = pil_loader;

export interface ImageFolderOptions extends Omit<DatasetFolderOptions, "extensions"> {}

/** root/<class>/<image>; images are loaded as RGB (torchvision's default loader). */
export class ImageFolder extends DatasetFolder {
  constructor(root: string | ImageFolderOptions, transform: TransformFn | null | ImageFolderOptions = null, target_transform: TransformFn | null = null,
    loader: (p: string) => any = default_loader, is_valid_file: ((p: string) => boolean) | null = null) {
    let o: ImageFolderOptions = {};
    if (typeof root === "object") { o = root; root = o.root as string; }
    else if (transform && typeof transform === "object" && typeof transform !== "function") { o = transform as ImageFolderOptions; transform = null; }
    const valid = o.is_valid_file ?? is_valid_file;
    super(root, o.loader ?? loader, valid === null ? IMG_EXTENSIONS : null, (o.transform ?? transform) as TransformFn | null, o.target_transform ?? target_transform, valid);

  }

}
