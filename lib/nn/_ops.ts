// Direct access to the generated ATen functions for nn code (torch.* without the
// namespace object, which would import nn back).
import { callOp } from "../_ops";
import { OPS } from "../_generated/ops";
import type { Tensor } from "../tensor";

/** torch.<name>(...args) through Python's argument parser. */
export function op(name: string, ...args: unknown[]): any { return callOp(OPS, name, undefined, args); }
export function empty(size: number[], options: Record<string, unknown> = {}): Tensor { return op("empty", size, options); }
export function zeros(size: number[], options: Record<string, unknown> = {}): Tensor { return op("zeros", size, options); }
export function ones(size: number[], options: Record<string, unknown> = {}): Tensor { return op("ones", size, options); }
