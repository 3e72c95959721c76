// torchvision: `import torchvision from "torch-node/torchvision"`, `import { transforms } from "torch-node/torchvision"`.
import * as datasets from "./datasets";
import * as transforms from "./transforms";
import * as io from "./io";
import * as utils from "./utils";
import { Image, ImageOps, Resampling } from "./image";

const torchvision = { datasets, transforms, io, utils, Image, ImageOps, __version__: "0.14.1" };
export default torchvision;
export { torchvision, datasets, transforms, io, utils, Image, ImageOps, Resampling };
