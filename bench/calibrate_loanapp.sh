#!/usr/bin/env bash
# The calibration proof on LoanApp (docs/CALIBRATION.md, design/calibration.md):
# calibrate on the training log, simulate the test period ten times (seeds
# 1..10) and measure the simulated logs against the held-out test log with
# simcompare; also the "replay the training log" baseline.
#
#   bench/calibrate_loanapp.sh            # prints the simcompare tables and wall times
#
# Environment: DATA (default ../shared/data/calibration/loanapp), OUT (default bench/out/calibrate).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/data/calibration/loanapp}
OUT=${OUT:-bench/out/calibrate}
mkdir -p "$OUT"
go build -o "$OUT/flowmap" ./cmd/flowmap
FM=$OUT/flowmap
TEST=$DATA/test_preprocessed.csv

now() { date +%s.%N; }
t0=$(now)
"$FM" calibrate "$DATA/train_preprocessed.csv" -o "$OUT/loanapp.yaml" --quiet
t1=$(now)

# The test period: its first case start and its case count (case_id is column 1).
first=$(tail -n +2 "$TEST" | cut -d, -f4 | sort | sed -n 1p)
start=$(date -u -d "$first" +%Y-%m-%dT%H:%M:%SZ)
cases=$(tail -n +2 "$TEST" | cut -d, -f1 | sort -u | wc -l)
sed -e "s/^start: .*/start: $start/" -e '/^horizon: /d' -e "s/^warmup: .*/warmup: 0s\ncases: $cases/" \
	"$OUT/loanapp.yaml" >"$OUT/loanapp-test.yaml"

sims=()
for seed in 1 2 3 4 5 6 7 8 9 10; do
	"$FM" simulate "$OUT/loanapp-test.yaml" --seed "$seed" --replications 1 --events "$OUT/sim$seed.csv" --quiet >/dev/null
	sims+=("$OUT/sim$seed.csv")
done
t2=$(now)

echo "## calibrated simulation (10 logs) vs test"
"$FM" simcompare "$TEST" "${sims[@]}" --quiet
"$FM" simcompare "$TEST" "${sims[@]}" --quiet --json >"$OUT/simcompare.json"
echo
echo "## baseline: the training log replayed vs test"
"$FM" simcompare "$TEST" "$DATA/train_preprocessed.csv" --quiet
echo
echo "## analyze: the test log vs the simulated logs (mean over the 10)"
"$FM" analyze "$TEST" --json --quiet >"$OUT/analyze-real.json"
for seed in 1 2 3 4 5 6 7 8 9 10; do
	"$FM" analyze "$OUT/sim$seed.csv" --json --quiet >"$OUT/analyze-sim$seed.json"
done
python3 - "$OUT" <<'PY'
import json, sys, statistics as st
out = sys.argv[1]
real = json.load(open(f"{out}/analyze-real.json"))
sims = [json.load(open(f"{out}/analyze-sim{i}.json")) for i in range(1, 11)]
h = lambda s: s / 3600
def row(name, f):
    r, s = f(real), st.mean(f(x) for x in sims)
    print(f"| {name} | {r:.2f} | {s:.2f} |")
print("| figure | test log | simulated (mean of 10) |")
print("|---|---:|---:|")
row("cycle time mean (h)", lambda d: h(d["cycle_time"]["mean"]))
row("cycle time median (h)", lambda d: h(d["cycle_time"]["median"]))
row("cycle time p90 (h)", lambda d: h(d["cycle_time"]["p90"]))
row("handoffs between people, per case", lambda d: d["handoffs"]["resource"]["total"] / d["log"]["cases"])
for k in ["wait", "contention", "batching", "prioritization", "unavailability", "extraneous", "processing"]:
    row(f"{k} per case (h, waiting causes)", lambda d, k=k: h(d["wait_causes"]["total"][k + "_seconds"]) / d["log"]["cases"])
def acts(d):
    return {a["name"]: a for a in d["activities"]}
for name in sorted(acts(real)):
    def w(d, name=name):
        a = acts(d).get(name)
        return h(a["wait"]["mean"]) if a and a.get("wait") else 0.0
    row(f"wait before {name} (h, mean)", w)
PY
echo
printf 'wall time: calibrate %.2f s, 10 simulations %.2f s (start %s, %s cases)\n' \
	"$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$start" "$cases"
