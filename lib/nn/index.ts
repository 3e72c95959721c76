// torch.nn: modules, parameters, losses, containers, init and functional.
export { Module, RemovableHandle, type StateDict, type IncompatibleKeys } from "./module";
export { Parameter, Buffer } from "./parameter";
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

import { Module } from "./module";
import * as linear from "./linear";
import * as conv from "./conv";
import * as pooling from "./pooling";
import * as activation from "./activation";
import * as dropout from "./dropout";
import * as batchnorm from "./batchnorm";
import * as flatten from "./flatten";
import * as container from "./container";
import * as normalization from "./normalization";
import * as sparse from "./sparse";
import * as loss from "./loss";
// Python's module path of each class (torch.nn.modules.<file>, as our files are named), for
// torch.typename in errors: "cannot assign 'torch.nn.modules.activation.ReLU' as parameter".
const files = { linear, conv, pooling, activation, dropout, batchnorm, flatten, container, normalization, sparse, loss, module: { Module } };
for (const [file, ns] of Object.entries(files))
  for (const c of Object.values(ns) as unknown[])
    if (typeof c === "function" && (c === Module || c.prototype instanceof Module) && !Object.hasOwn(c, "__module__"))
      Object.defineProperty(c, "__module__", { value: `torch.nn.modules.${file}` });
