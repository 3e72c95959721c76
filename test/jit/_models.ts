// Models that Python scripts or traces for the TorchScript tests, and the helpers they share.
import { afterAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import torch, { Tensor } from "../../lib/index";

/** A fresh temporary folder, removed after the file's tests. */
export function tmpdir(tag: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `tn-jit-${tag}-`));
  afterAll(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

/** A py() tensor result as a Tensor of its dtype. */
export function tensorOf(r: { tensor: any; dtype: string }): Tensor {
  return torch.tensor(r.tensor, { dtype: (torch as any)[r.dtype] });
}

/**
 * Python source of the scripted models. TorchScript compiles a class from its source file,
 * so the Python side writes this to a file and imports it from there.
 */
export const MODELS_PY = `
import torch
from torch import nn, Tensor
from typing import Dict, List, Tuple, Optional

class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 8, 3)
        self.fc = nn.Linear(8 * 2 * 2, 5)
        self.drop = nn.Dropout(0.5)
    def forward(self, x):
        x = self.features(x)
        x = torch.relu(self.conv2(x))
        return self.fc(self.drop(x.flatten(1)))
    @torch.jit.export
    def features(self, x):
        return self.pool(torch.relu(self.bn(self.conv1(x))))

class Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 5, num_layers=2, batch_first=True)
        self.head = nn.Linear(5, 2)
    def forward(self, x, state: Optional[Tuple[Tensor, Tensor]] = None):
        out, (h, c) = self.lstm(x, state)
        return self.head(out), (h, c)

class Methods(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(3))
        self.register_buffer('count', torch.zeros(1))
        self.k: int = 3
        self.label: str = 'methods'
    def forward(self, x):
        return x * self.w
    @torch.jit.export
    def scaled(self, x, s: float = 2.0):
        return x * self.w * s
    @torch.jit.export
    def is_training(self) -> bool:
        return self.training
    @torch.jit.export
    def bump(self) -> Tensor:
        self.count += 1
        return self.count

class Containers(nn.Module):
    def forward(self, d: Dict[str, Tensor], t: Tuple[Tensor, int], l: List[Tensor], ids: Dict[int, str]) -> Tuple[Dict[str, Tensor], List[Tensor], Dict[int, str], Tuple[int, float]]:
        out: Dict[str, Tensor] = {}
        for k, v in d.items():
            out[k + '_x'] = v * t[1] + t[0]
        ids2: Dict[int, str] = {}
        for k, s in ids.items():
            ids2[k * 10] = s + '!'
        return out, [x.sum() for x in l], ids2, (len(l), 0.5)

class Args(nn.Module):
    def forward(self, x: Tensor, n: int, f: float, b: bool, s: str, o: Optional[int] = None):
        y = x * n + f
        if b:
            y = y.neg()
        return y, n // 2, f / 4, s + '!', o is None, [n, n + 1]

class Fail(nn.Module):
    def forward(self, x):
        return x.view(3, 7)
`;

/** Python that imports MODELS_PY as module `models` from folder D. */
export const IMPORT_MODELS = `
import importlib.util, os
_src = os.path.join(D, 'jit_models.py')
open(_src, 'w').write(${JSON.stringify(MODELS_PY)})
_spec = importlib.util.spec_from_file_location('jit_models', _src)
models = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(models)
`;
