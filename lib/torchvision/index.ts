// torchvision: `import torchvision from "torch-node/torchvision"`, `import { transforms, models, ops, utils, io } from "torch-node/torchvision"`.
import * as datasets from "./datasets";
import * as transforms from "./transforms";
import * as io from "./io";
import * as utils from "./utils";
import * as models from "./models";
import * as ops from "./ops";
import { Image, ImageOps, Resampling } from "./image";
import { __version__ as torchVersion } from "../version";

/**
 * torchvision.__version__: the release that goes with the linked torch. torch 2.x's minor m pairs
 * with torchvision 0.(m + 15), same patch and local version (2.14.1+cu130 -> 0.29.1+cu130);
 * torch 1.13 with torchvision 0.14.1.
 */
export function torchvisionVersion(torch: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)[^+]*(\+.*)?$/.exec(torch);
  if (m === null || m[1] !== "2") return "0.14.1";
  return `0.${Number(m[2]) + 15}.${m[3]}${m[4] ?? ""}`;
}

const __version__ = torchvisionVersion(torchVersion);
const torchvision = { datasets, transforms, io, utils, models, ops, Image, ImageOps, __version__ };
export default torchvision;
export { torchvision, datasets, transforms, io, utils, models, ops, Image, ImageOps, Resampling, __version__ };
