#!/usr/bin/env python3
# Python side of scripts/bench/vgg_memory.ts: peak RSS of building torchvision's VGG-16 and
# loading its state_dict from a file, one thread.
#   vgg_memory.py save FILE      builds vgg16() under manual_seed(0) and saves its state_dict
#   vgg_memory.py measure FILE   prints {"base", "built", "peak", "after"} in bytes
import json
import sys

import torch
import torchvision


def status():
    with open("/proc/self/status") as f:
        kv = dict(line.split(":", 1) for line in f)
    return int(kv["VmRSS"].split()[0]) * 1024, int(kv["VmHWM"].split()[0]) * 1024


def reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


torch.set_num_threads(1)
mode, path = sys.argv[1], sys.argv[2]
torch.manual_seed(0)
if mode == "save":
    torch.save(torchvision.models.vgg16().state_dict(), path)
    sys.exit(0)
base = status()[0]
reset_peak()
m = torchvision.models.vgg16()
built, build_peak = status()
reset_peak()
sd = torch.load(path)
m.load_state_dict(sd)
peak = status()[1]
del sd
after = status()[0]
print(json.dumps({"base": base, "built": built, "build_peak": build_peak, "peak": peak, "after": after}))
