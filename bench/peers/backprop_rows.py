"""Backprop.Bench's --json figures as peer rows (common.row's format), under the peers' workload names, so that
summarize.py can set them side by side. Usage: dotnet Backprop.Bench.dll ... --json | python3 backprop_rows.py"""
import json, re, sys
from common import row

NAMES = {
    "w1-xor-2-4-1": "W1 xor 2-4-1",
    "w2-train": "W2 mnist-shaped train",
    "w2-inference": "W2 mnist-shaped inference",
    "w3-digits-64-64-10": "W3 digits 64-64-10 Adam",
}
# The ort workload: ours and ONNX Runtime in one process, alternating; each contender its own peer.
CONTENDERS = {
    "backprop-network": ("W2 inference beside ORT", "Backprop"),
    "ort-network": ("W2 inference beside ORT", "ONNX Runtime 1.31.1 (bare network graph)"),
    "backprop-predict": ("W2 predict on raw rows", "Backprop"),
    "ort-predict": ("W2 predict on raw rows", "ONNX Runtime 1.31.1 (exported model)"),
}

for key, f in json.load(sys.stdin).items():
    workload, setting, unit = key.split("|")
    fields = dict(part.split("=", 1) if "=" in part else (part, "") for part in setting.split(","))
    if workload in ("allocation", "gemm", "inference-64-64-10"):
        continue
    peer = "Backprop"
    if workload == "w2-inference-onnx":
        contender = next(c for c in CONTENDERS if c in fields)
        name, peer = CONTENDERS[contender]
    else:
        name = NAMES[workload]
    text = f"{fields['threads']} thr, batch {fields['batch']}" + (", 100 ep" if "epochs" in fields else "")
    row(name, peer, text, f["values"], "s train time" if unit == "s" else unit, re.sub(r"[|\n]", " ", f["note"]))
