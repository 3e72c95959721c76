// Helpers shared by the checkpoint tests.
import { afterAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { N } from "../../lib/native";
import type { Tensor } from "../../lib/tensor";
import torch, { nn, optim } from "../../lib/index";

/** A fresh temporary folder, removed after the file's tests. */
export function tmpdir(tag: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `tn-ser-${tag}-`));
  afterAll(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

/** The tensor's elements as raw bytes (C order), hex. */
export function hex(t: Tensor): string {
  return Buffer.from(N.toBuffer(t._h)).toString("hex");
}

/** What Python's `info(t)` (PY_INFO) reports, for a Node tensor. */
export function info(t: Tensor) {
  return { hex: hex(t), dtype: t.dtype.name, shape: [...t.shape], stride: t.stride() as number[], offset: t.storage_offset(), requires_grad: t.requires_grad };
}

/** Python helpers: info(t) mirrors info() above; every entry of a dict of tensors. */
export const PY_INFO = `
import io, os, pickle, zipfile, collections
def info(t):
    return {"hex": bytes(t.detach().contiguous().reshape(-1).view(torch.uint8).tolist()).hex(), "dtype": str(t.dtype).replace("torch.", ""),
            "shape": list(t.shape), "stride": list(t.stride()), "offset": t.storage_offset(), "requires_grad": t.requires_grad}
def infos(d):
    return {k: info(v) for k, v in d.items()}
`;

/** A Linear + BatchNorm1d model and its Adam optimizer one step in: what checkpoint tests save. */
export function steppedModel() {
  torch.manual_seed(0);
  const model = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4));
  const opt = new optim.Adam(model.parameters());
  model(torch.randn(2, 3)).sum().backward();
  opt.step();
  return { model, opt };
}
