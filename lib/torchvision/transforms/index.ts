// torchvision.transforms: `import { transforms } from "torch-node/torchvision"`.
import * as functional from "./functional";
export {
  Transform, Compose, ToTensor, PILToTensor, ConvertImageDtype, ToPILImage, Normalize, Resize, CenterCrop, Pad, Grayscale,
  Lambda, RandomHorizontalFlip, RandomVerticalFlip, RandomInvert, RandomRotation, RandomAffine, applyBatch, type Batch,
} from "./transforms";
export { InterpolationMode } from "./functional";
export { functional };
