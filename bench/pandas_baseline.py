#!/usr/bin/env python3
"""Plain pandas baseline for `flowmap analyze` (docs/BENCHMARKS.md).

Does the core work of the analysis on the same CSV (case_id, activity,
timestamp, resource), the way an analyst would write it in pandas:

  read_csv with timestamp parsing; sort by case and time; groupby-shift for
  directly-follows pairs and their durations; per-edge count / mean / median /
  max; per-activity counts; variants (groupby-agg tuple, value_counts); case
  durations; resource handoffs (count and from→to pairs).

It does less than flowmap (no p90 per activity, no queues over time, no
bottleneck ranking, no data-quality report), so the comparison flatters
pandas slightly.

Usage: python3 bench/pandas_baseline.py FILE.csv   (prints one JSON line)
"""
import json
import sys
import time

import pandas as pd


def main(path):
    t0 = time.perf_counter()
    df = pd.read_csv(path, parse_dates=["timestamp"])
    t_read = time.perf_counter()

    df = df.sort_values(["case_id", "timestamp"], kind="stable", ignore_index=True)
    g = df.groupby("case_id", sort=False)
    df["next_activity"] = g["activity"].shift(-1)
    df["next_time"] = g["timestamp"].shift(-1)
    df["next_resource"] = g["resource"].shift(-1)
    pairs = df[df["next_activity"].notna()].copy()
    pairs["dur"] = (pairs["next_time"] - pairs["timestamp"]).dt.total_seconds()

    edges = pairs.groupby(["activity", "next_activity"])["dur"].agg(["count", "mean", "median", "max"])
    act_counts = df["activity"].value_counts()
    variants = g["activity"].agg(tuple).value_counts()
    span = g["timestamp"].agg(["min", "max"])
    cycle = (span["max"] - span["min"]).dt.total_seconds()
    cycle_stats = cycle.agg(["count", "mean", "median", "max"])
    known = pairs[pairs["resource"].notna() & pairs["next_resource"].notna()]
    hand = known[known["resource"] != known["next_resource"]]
    hand_pairs = hand.groupby(["resource", "next_resource"]).size().sort_values(ascending=False)
    hand_per_case = hand.groupby("case_id").size().reindex(span.index, fill_value=0)
    t_end = time.perf_counter()

    print(json.dumps({
        "file": path,
        "events": int(len(df)),
        "cases": int(len(span)),
        "edges": int(len(edges)),
        "activities": int(len(act_counts)),
        "variants": int(len(variants)),
        "handoffs": int(len(hand)),
        "handoff_pairs": int(len(hand_pairs)),
        "handoffs_per_case_mean": float(hand_per_case.mean()),
        "cycle_median_s": float(cycle_stats["median"]),
        "read_s": round(t_read - t0, 3),
        "compute_s": round(t_end - t_read, 3),
        "total_s": round(t_end - t0, 3),
        "events_per_s": round(len(df) / (t_end - t0)),
        "pandas": pd.__version__,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
