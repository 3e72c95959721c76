// torch.nn: modules, parameters, losses, containers, init and functional.
export { Module, RemovableHandle, type StateDict, type IncompatibleKeys } from "./module";
export { Parameter } from "./parameter";
export { Identity, Linear } from "./linear";
export { Conv2d } from "./conv";
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from "./pooling";
export { ReLU, LeakyReLU, GELU, Sigmoid, Tanh, Softmax, LogSoftmax } from "./activation";
export { Dropout, Dropout2d } from "./dropout";
export { BatchNorm1d, BatchNorm2d } from "./batchnorm";
export { Flatten, Unflatten } from "./flatten";
export { Sequential, ModuleList, ModuleDict, ParameterList } from "./container";
export { LayerNorm } from "./normalization";
export { Embedding } from "./sparse";
export { CrossEntropyLoss, NLLLoss, MSELoss, L1Loss, BCELoss, BCEWithLogitsLoss } from "./loss";
export * as init from "./init";
export { default as functional } from "./functional";
export * as utils from "./utils";
