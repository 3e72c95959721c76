// torchvision.datasets.VisionDataset: root, transform, target_transform and Python's repr.
import { inspect } from "node:util";
import { Dataset } from "../../utils/data/dataset";

export type TransformFn = ((x: any) => any) | { (x: any): any };

export abstract class VisionDataset<T = any> extends Dataset<T> {
  _repr_indent = 4;
  root: string;
  transform: TransformFn | null;
  target_transform: TransformFn | null;
  constructor(root: string, transform: TransformFn | null = null, target_transform: TransformFn | null = null) {
    super();
    this.root = root;
    this.transform = transform;
    this.target_transform = target_transform;
  }
  extra_repr(): string { return ""; }
  toString(): string {
    const head = "Dataset " + this.constructor.name;
    const body = [`Number of datapoints: ${this.length}`];
    if (this.root != null) body.push(`Root location: ${this.root}`);
    body.push(...this.extra_repr().split("\n").filter((l) => l));
    // Python adds StandardTransform's multi-line repr as one body item: only its first line is indented.
    if (this.transform || this.target_transform) {
      const st = ["StandardTransform"];
      if (this.transform) st.push(...fmt(this.transform, "Transform: "));
      if (this.target_transform) st.push(...fmt(this.target_transform, "Target transform: "));
      body.push(st.join("\n"));
    }
    return [head, ...body.map((l) => " ".repeat(this._repr_indent) + l)].join("\n");
  }
  [inspect.custom](): string { return this.toString(); }
}

function fmt(t: unknown, head: string): string[] {
  const lines = String(t).split("\n");
  return [head + lines[0], ...lines.slice(1).map((l) => " ".repeat(head.length) + l)];
}
