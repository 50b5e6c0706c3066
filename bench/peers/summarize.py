"""Medians over rounds and Backprop's ratio to each peer, from a log run.sh wrote.
Usage: python3 summarize.py LOG.md   (rows under '## round N' headers, in common.row's format)"""
import re, statistics, sys
from collections import defaultdict

figures = defaultdict(list)          # (workload, setting, peer, unit) -> one median per round
order = []
for line in open(sys.argv[1], encoding="utf-8"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) < 5 or not re.match(r"^[\d,.]+ \(", cells[3]):
        continue
    workload, peer, setting, figure, unit = cells[:5]
    threads = re.search(r"(\d+) thr", setting)
    batch = re.search(r"batch (\d+)", setting)
    normal = ", ".join(p for p in ((threads and f"{threads[1]} thr"), (batch and f"batch {batch[1]}")) if p)
    # Whatever else the setting says (OMP_WAIT_POLICY, identity output) tells peer variants apart.
    extra = re.sub(r"(\d+ thr|batch \d+|100 ep)", "", setting).strip(" ,")
    key = (workload, normal or setting, f"{peer} [{extra}]" if extra else peer, unit)
    if key not in figures:
        order.append(key)
    figures[key].append(float(cells[3].split(" (")[0].replace(",", "")))

def fmt(v):
    return f"{v:,.0f}" if v >= 100 else f"{v:.3g}"

print("| workload | setting | peer | median of round medians (min-max) | unit | rounds | Backprop vs peer |")
print("|---|---|---|---|---|---|---|")
for key in sorted(order, key=lambda k: (k[0], k[1], k[2] != "Backprop", order.index(k))):
    workload, setting, peer, unit = key
    values = figures[key]
    median = statistics.median(values)
    ours = figures.get((workload, setting, "Backprop", unit))
    ratio = ""
    if ours and peer != "Backprop":
        mine = statistics.median(ours)
        # Rates: ours / theirs; times (s): theirs / ours. Above 1: Backprop is faster.
        ratio = f"{(median / mine if unit.startswith('s ') or unit == 's' else mine / median):.2f}x"
    print(f"| {workload} | {setting} | {peer} | {fmt(median)} ({fmt(min(values))}-{fmt(max(values))}) | {unit} | {len(values)} | {ratio} |")
