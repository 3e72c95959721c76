// torchvision.datasets: `import { MNIST, ImageFolder } from "torch-node/torchvision/datasets"`.
export { VisionDataset } from "./vision";
export { MNIST, FashionMNIST, read_sn3_pascalvincent_tensor, read_image_file, read_label_file, type MNISTOptions } from "./mnist";
export { DatasetFolder, ImageFolder, find_classes, make_dataset, has_file_allowed_extension, is_image_file, pil_loader, default_loader, IMG_EXTENSIONS } from "./folder";
export * as utils from "./utils";
