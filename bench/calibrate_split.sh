#!/usr/bin/env bash
# Calibrate on the first 80% of a log's cases (by start), simulate the
# held-out 20% ten times (seeds 1..10) and compare (docs/CALIBRATION.md).
#
#   bench/calibrate_split.sh LOG [SHARE]     # e.g. ../shared/data/logs/repairExample.xes.gz
set -euo pipefail
cd "$(dirname "$0")/.."
LOG=$1
SHARE=${2:-0.8}
name=$(basename "$LOG" | sed 's/\..*//')
OUT=${OUT:-bench/out/calibrate/$name}
mkdir -p "$OUT"
go build -o "$OUT/flowmap" ./cmd/flowmap
FM=$OUT/flowmap
now() { date +%s.%N; }
t0=$(now)
"$FM" calibrate "$LOG" --train-share "$SHARE" -o "$OUT/scenario.yaml" --held-out "$OUT/test.csv" 2>"$OUT/calibrate.txt"
t1=$(now)
cat "$OUT/calibrate.txt"
start=$(sed -n 's/^held out: [0-9]* cases from \([^ ]*\) .*/\1/p' "$OUT/calibrate.txt")
cases=$(sed -n 's/^held out: \([0-9]*\) cases.*/\1/p' "$OUT/calibrate.txt")
sed -e "s/^start: .*/start: $start/" -e '/^horizon: /d' -e "s/^warmup: .*/warmup: 0s\ncases: $cases/" \
	"$OUT/scenario.yaml" >"$OUT/scenario-test.yaml"
sims=()
for seed in 1 2 3 4 5 6 7 8 9 10; do
	"$FM" simulate "$OUT/scenario-test.yaml" --seed "$seed" --replications 1 --events "$OUT/sim$seed.csv" --quiet >/dev/null
	sims+=("$OUT/sim$seed.csv")
done
t2=$(now)
"$FM" simcompare "$OUT/test.csv" "${sims[@]}" --quiet | sed -n '1,15p'
printf 'wall time: calibrate %.2f s, 10 simulations %.2f s\n' "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)"
