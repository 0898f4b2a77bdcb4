#!/usr/bin/env python3
"""The benchmark as an SVG bar chart: one group of bars per scenario, one bar per tool, each bar its
median wall time divided by the best peer's in that scenario (the dashed line at 1×; lower is
faster), with its seconds written on it; fetch in orange, the peers in greys and blues. Plain HTTP
and HTTPS scenarios get a panel each.

bench.py writes it after every complete run (--chart, default bench/results.svg). To draw it again
from the raw figures of an earlier run (bench.py --json FILE), without running anything:

  python3 bench/chart.py RESULTS.json [OUT.svg]

Needs matplotlib (apt-get install -y python3-matplotlib, or pip install matplotlib). The SVG holds
no date and fixed ids, so the same figures give the same file.
"""
import json
import math
import os
import statistics
import sys

FETCH_COLOURS = ["#e8590c", "#f59f00", "#f783ac"]  # fetch, then fetch on further JDKs
PEER_COLOURS = {"curl": "#1c7ed6", "wget2": "#495057", "aria2c": "#74c0fc", "wget2-w30": "#adb5bd"}
OTHER_COLOUR = "#ced4da"
HASH_SALT = "fetch-bench"  # the SVG's element ids derive from it instead of from random numbers


def median_rows(records):
    """{group: {tool: (median wall s, every run verified)}} in the order the runs came, where a
    group is a scenario, or a scenario and its leg ("scaling -t 1")."""
    runs = {}
    for r in records:
        group = f"{r['scenario']} {r['leg']}".strip()
        runs.setdefault(group, {}).setdefault(r["tool"], []).append(r)
    return {g: {t: (statistics.median(x["wall"] for x in rs), all(x["ok"] for x in rs)) for t, rs in tools.items()}
            for g, tools in runs.items()}


def tool_order(groups, peers):
    """fetch's rows first, then the peers in their usual order, then anything else (wget2-w30)."""
    seen = list(dict.fromkeys(t for tools in groups.values() for t in tools))
    return ([t for t in seen if t.startswith("fetch")] + [p for p in peers if p in seen]
            + [t for t in seen if not t.startswith("fetch") and t not in peers])


def baseline(tools, peers):
    """(wall s, what it is): the best verified peer's median, else the fastest verified tool's."""
    good = {t: w for t, (w, ok) in tools.items() if ok}
    best_peers = {t: w for t, w in good.items() if t in peers}
    if best_peers:
        return min(best_peers.values()), "best peer"
    if good:
        t = min(good, key=good.get)
        return good[t], t
    return min(w for w, _ in tools.values()), "fastest"


def colour(tool, order):
    if tool.startswith("fetch"):
        fetch_rows = [t for t in order if t.startswith("fetch")]
        return FETCH_COLOURS[min(fetch_rows.index(tool), len(FETCH_COLOURS) - 1)]
    return PEER_COLOURS.get(tool, OTHER_COLOUR)


def seconds(w):
    return f"{w:.2f} s" if w < 10 else f"{w:.1f} s" if w < 100 else f"{w:.0f} s"


def write(records, path, peers, labels=None, rounds=None):
    """Draws the runs in records (bench.py's raw figures) as an SVG at path."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import FixedLocator, NullLocator

    labels = labels or {}
    groups = median_rows(records)
    if not groups:
        raise ValueError("no runs to draw")
    order = tool_order(groups, peers)
    panels = [(title, [g for g in groups if g.startswith("tls") == tls])
              for title, tls in (("plain HTTP", False), ("HTTPS", True))]
    panels = [(t, gs) for t, gs in panels if gs]
    width = max(len(gs) for _, gs in panels)

    ratios = {g: {t: w / baseline(tools, peers)[0] for t, (w, _) in tools.items()} for g, tools in groups.items()}
    lo = min(min(r.values()) for r in ratios.values())
    hi = max(max(r.values()) for r in ratios.values())
    bottom = 2.0 ** min(-1, math.floor(math.log2(lo * 0.8)))
    top = max(2.0, hi) * 3.5  # room for the seconds written above the tallest bar

    matplotlib.rcParams["svg.hashsalt"] = HASH_SALT
    matplotlib.rcParams["svg.fonttype"] = "none"  # text as text: small, and diffable
    fig = Figure(figsize=(max(7.0, 1.15 * width + 2.2), 0.6 + 3.4 * len(panels)), layout="constrained")
    axes = fig.subplots(len(panels), 1, squeeze=False)[:, 0]
    slot = 0.84 / len(order)
    for ax, (title, gs) in zip(axes, panels):
        ax.set_yscale("log", base=2)
        ax.set_ylim(bottom, top)
        ticks = [2.0 ** k for k in range(round(math.log2(bottom)), math.floor(math.log2(top)) + 1)]
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.set_yticklabels([f"{t:g}×" for t in ticks])
        ax.set_xlim(-0.5, width - 0.5)
        ax.axhline(1.0, color="black", linestyle="--", linewidth=0.8, zorder=1)
        ax.grid(axis="y", color="#e9ecef", linewidth=0.6, zorder=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_title(title, loc="left", fontsize=10, fontweight="bold")
        ax.set_ylabel("wall time ÷ best peer's", fontsize=8)
        for gi, g in enumerate(gs):
            base_what = baseline(groups[g], peers)[1]
            for ti, tool in enumerate(order):
                if tool not in groups[g]:
                    continue
                wall, ok = groups[g][tool]
                x = gi + (ti - (len(order) - 1) / 2) * slot
                ratio = ratios[g][tool]
                ax.bar(x, ratio - bottom, slot * 0.92, bottom=bottom, color=colour(tool, order),
                       hatch=None if ok else "////", edgecolor="white" if ok else "#c92a2a",
                       linewidth=0.4, zorder=2)
                ax.text(x, ratio * 1.08, seconds(wall) if ok else f"{seconds(wall)} failed",
                        rotation=90, ha="center", va="bottom", fontsize=6.5,
                        fontweight="bold" if tool == "fetch" else "normal", zorder=3)
            note = labels.get(g.split(" ")[0], "")
            if base_what != "best peer":
                note += ("\n" if note else "") + ("alone" if len(groups[g]) == 1 else f"÷ {base_what}")
            ax.text(gi, -0.04, g + ("\n" + note if note else ""), transform=ax.get_xaxis_transform(),
                    ha="center", va="top", fontsize=7.5)
        ax.set_xticks([])
    runs = f"medians of {rounds} round{'s' if rounds != 1 else ''}, " if rounds else ""
    fig.suptitle(f"fetch against {', '.join(p for p in peers if p in order) or 'no peer'}: wall time per "
                 f"scenario, relative to the best peer\n(lower is faster; {runs}seconds on the bars)",
                 fontsize=10)
    handles = [Patch(facecolor=colour(t, order), label=t) for t in order]
    axes[0].legend(handles=handles, loc="upper right", ncol=len(order), fontsize=8, frameon=False)
    tmp = path + ".tmp"
    fig.savefig(tmp, format="svg", metadata={"Date": None})
    os.replace(tmp, path)


def main(argv):
    if not 1 <= len(argv) <= 2:
        sys.stderr.write("usage: python3 bench/chart.py RESULTS.json [OUT.svg]\n")
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    sys.dont_write_bytecode = True
    import bench  # the peers and the scenarios' short labels
    with open(argv[0]) as f:
        data = json.load(f)
    out = argv[1] if len(argv) == 2 else os.path.join(here, "results.svg")
    million = next((r["entries"] for r in data["runs"] if r["scenario"] == "million"), bench.MILLION.count)
    write(data["runs"], out, bench.PEERS, bench.chart_labels(million), data.get("rounds"))
    sys.stderr.write(f"chart: {out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
