// torchvision.models: `import { models } from "torch-node/torchvision"` or "torch-node/torchvision/models".
export * from "./resnet";
export * from "./vgg";
export * from "./alexnet";
export * from "./squeezenet";
export { MobileNetV2, mobilenet_v2, MobileNet_V2_Weights } from "./mobilenetv2";
export { MobileNetV3, mobilenet_v3_large, mobilenet_v3_small, MobileNet_V3_Large_Weights, MobileNet_V3_Small_Weights, InvertedResidualConfig } from "./mobilenetv3";
export * from "./densenet";
export * from "./googlenet";
export * from "./efficientnet";
export * from "./vision_transformer";
export { Weights, WeightsEnumMember, weightsEnum, get_model, get_model_builder, get_model_weights, get_weight, list_models, type WeightsArg, type WeightsEnum } from "./_api";
export { ImageClassification } from "./_presets";
export { _IMAGENET_CATEGORIES } from "./_meta";
import * as mobilenetv2 from "./mobilenetv2";
import * as mobilenetv3 from "./mobilenetv3";
export { mobilenetv2, mobilenetv3 };
