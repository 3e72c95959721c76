// torch.nn: modules, parameters, losses, containers, init and functional.
export { Module, RemovableHandle, type StateDict, type IncompatibleKeys } from "./module";
export { Parameter, Buffer } from "./parameter";
export * from "./linear";
export * from "./conv";
export * from "./pooling";
export * from "./padding";
export * from "./activation";
export * from "./dropout";
export * from "./batchnorm";
export * from "./instancenorm";
export * from "./flatten";
export * from "./container";
export * from "./normalization";
export * from "./sparse";
export * from "./loss";
export * from "./rnn";
export * from "./transformer";
export * from "./upsampling";
export * from "./pixelshuffle";
export * from "./fold";
export * from "./channelshuffle";
export * from "./distance";
export * from "./adaptive";
export * as init from "./init";
export { default as functional } from "./functional";
export * as utils from "./utils";
export * as parallel from "./parallel";

import { Module } from "./module";
import * as linear from "./linear";
import * as conv from "./conv";
import * as pooling from "./pooling";
import * as padding from "./padding";
import * as activation from "./activation";
import * as dropout from "./dropout";
import * as batchnorm from "./batchnorm";
import * as instancenorm from "./instancenorm";
import * as flatten from "./flatten";
import * as container from "./container";
import * as normalization from "./normalization";
import * as sparse from "./sparse";
import * as loss from "./loss";
import * as rnn from "./rnn";
import * as transformer from "./transformer";
import * as upsampling from "./upsampling";
import * as pixelshuffle from "./pixelshuffle";
import * as fold from "./fold";
import * as channelshuffle from "./channelshuffle";
import * as distance from "./distance";
import * as adaptive from "./adaptive";
// Python's module path of each class (torch.nn.modules.<file>, as our files are named), for
// torch.typename in errors: "cannot assign 'torch.nn.modules.activation.ReLU' as parameter".
const files = { linear, conv, pooling, padding, activation, dropout, batchnorm, instancenorm, flatten, container, normalization, sparse, loss, rnn, transformer, upsampling, pixelshuffle, fold, channelshuffle, distance, adaptive, module: { Module } };
for (const [file, ns] of Object.entries(files))
  for (const c of Object.values(ns) as unknown[])
    if (typeof c === "function" && (c === Module || c.prototype instanceof Module) && !Object.hasOwn(c, "__module__"))
      Object.defineProperty(c, "__module__", { value: `torch.nn.modules.${file}` });

/**
 * torch.nn.modules: each file's module classes (`torch.nn.modules.linear.Linear`, by Python's file,
 * so MultiheadAttention is under `activation`), and every class at its top, as Python re-exports them.
 */
export const modules: Record<string, any> = {};
for (const [file, ns] of Object.entries(files)) {
  for (const [name, c] of Object.entries(ns) as [string, any][]) {
    if (typeof c !== "function" || !(c === Module || c.prototype instanceof Module) || name.startsWith("_")) continue;
    const home = String(c.__module__ ?? `torch.nn.modules.${file}`).split(".").pop()!;
    modules[home] ??= {};
    modules[home][name] = c;
    modules[name] = c;
  }
}
