// torchvision.ops: `import { ops } from "torch-node/torchvision"` or "torch-node/torchvision/ops".
export { nms, batched_nms, remove_small_boxes, clip_boxes_to_image, box_convert, box_area, box_iou, generalized_box_iou, masks_to_boxes } from "./boxes";
export { roi_align, RoIAlign } from "./roi_align";
export { roi_pool, RoIPool } from "./roi_pool";
export { sigmoid_focal_loss } from "./focal_loss";
export { stochastic_depth, StochasticDepth } from "./stochastic_depth";
export { FrozenBatchNorm2d, ConvNormActivation, Conv2dNormActivation, Conv3dNormActivation, SqueezeExcitation, MLP, Permute } from "./misc";
