#!/usr/bin/env bash
# End-to-end benchmark of `flowmap analyze` (docs/BENCHMARKS.md).
#
#   bench/run.sh            # build, generate logs (once), time, print markdown tables
#
# Environment:
#   REPS=3        runs per 1M-event file (best wall time is reported)
#   REPS_10M=2    runs of each 10M-event file (best wall time is reported)
#   SKIP_10M=1    skip the 10M-event CSV and Parquet files (about 0.7 GB on disk)
#   SKIP_PANDAS=1 skip the pandas baseline
#   PANDAS_10M=0  skip pandas on the 10M-event CSV
#   FORCE=1       regenerate the logs
#
# Needs GNU time (/usr/bin/time -v): apt-get install -y time.
# Takes about 2-3 minutes on a 2-core machine, most of it pandas on 10M events.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
REPS=${REPS:-3}
REPS_10M=${REPS_10M:-2}

if ! /usr/bin/time -v true >/dev/null 2>&1; then
	echo "bench/run.sh: GNU time is missing (/usr/bin/time -v); install it with: apt-get install -y time" >&2
	exit 1
fi

echo "building flowmap and the generator..." >&2
go build -o "$OUT/flowmap" ./cmd/flowmap
go build -o "$OUT/gen" ./bench/gen
FLOWMAP=$OUT/flowmap

gen() { # gen FILE EVENTS [ARGS...]
	local f=$1 n=$2
	shift 2
	if [[ ! -s $f || ${FORCE:-0} == 1 ]]; then
		echo "generating $f ($n events)..." >&2
		"$OUT/gen" -events "$n" -o "$f" "$@"
	fi
}
gen "$OUT/orders-1m.csv" 1000000
gen "$OUT/orders-1m.xes" 1000000 -format xes
gen "$OUT/orders-1m.parquet" 1000000 -format parquet
if [[ ${SKIP_10M:-0} != 1 ]]; then
	gen "$OUT/orders-10m.csv" 10000000
	gen "$OUT/orders-10m.parquet" 10000000 -format parquet
fi

# timed FILE: runs flowmap analyze FILE --json once; prints "wall_s rss_kb cpu_s".
timed() {
	local tv
	tv=$(mktemp)
	/usr/bin/time -v "$FLOWMAP" analyze "$1" --json >/dev/null 2>"$tv" || {
		cat "$tv" >&2
		rm -f "$tv"
		return 1
	}
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
		/Maximum resident set size/ { rss = $2 }
		/User time \(seconds\)/ { cpu += $2 }
		/System time \(seconds\)/ { cpu += $2 }
		END { printf "%.2f %d %.2f\n", wall, rss, cpu }' "$tv"
	rm -f "$tv"
}

# best FILE REPS: the run with the lowest wall time.
best() {
	local i r bw="" br="" bc=""
	for ((i = 0; i < $2; i++)); do
		r=$(timed "$1")
		set -- "$1" "$2" $r
		if [[ -z $bw ]] || awk -v a="$3" -v b="$bw" 'BEGIN { exit !(a < b) }'; then
			bw=$3 br=$4 bc=$5
		fi
		set -- "$1" "$2"
	done
	echo "$bw $br $bc"
}

row() { # row LABEL FILE EVENTS REPS
	local label=$1 f=$2 n=$3 reps=$4 bytes r
	bytes=$(stat -L -c %s "$f")
	echo "timing $label ($reps run(s))..." >&2
	r=$(best "$f" "$reps")
	awk -v label="$label" -v n="$n" -v bytes="$bytes" -v r="$r" "$AWK_GROUP"' BEGIN {
		split(r, x, " "); wall = x[1]; rss = x[2] / 1024; cpu = x[3]
		printf "| %s | %s | %.0f | %.2f | %.2f | %s | %.1f | %.0f | %.0f |\n", label, group(n), bytes / 1e6, wall, cpu, group(n / wall), bytes / 1e6 / wall, rss, x[2] * 1024 / n
	}'
}

# group(x): x rounded, with thousands separators (awk's %'d needs a locale).
AWK_GROUP='function group(x,  s, o) { s = sprintf("%.0f", x); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } return s o }'

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
TABLE=$(mktemp)
{
	echo "| log | events | file MB | wall s | CPU s (user+sys) | events/s (wall) | MB/s (wall) | peak RSS MB | peak RSS B/event |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	row "CSV 1M" "$OUT/orders-1m.csv" 1000000 "$REPS"
	[[ ${SKIP_10M:-0} == 1 ]] || row "CSV 10M" "$OUT/orders-10m.csv" 10000000 "$REPS_10M"
	row "XES 1M" "$OUT/orders-1m.xes" 1000000 "$REPS"
	row "Parquet 1M" "$OUT/orders-1m.parquet" 1000000 "$REPS"
	[[ ${SKIP_10M:-0} == 1 ]] || row "Parquet 10M" "$OUT/orders-10m.parquet" 10000000 "$REPS_10M"
} >"$TABLE"

# The log in memory: heap per activity instance once read (bench/memlog).
MEMLOG=$(mktemp)
if [[ ${SKIP_10M:-0} != 1 ]]; then
	echo "measuring the 10M-event log in memory..." >&2
	go build -o "$OUT/memlog" ./bench/memlog
	"$OUT/memlog" "$OUT/orders-10m.csv" >"$MEMLOG"
fi

# Start-up: go-graphviz compiles its WASM module in an init function unless
# its compilation cache ($TMPDIR/go-graphviz) exists.
ms() { # ms CMD...: wall milliseconds of one run
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
echo "timing start-up..." >&2
CACHE_TMP=$(mktemp -d)
cold=$(TMPDIR=$CACHE_TMP ms "$FLOWMAP" --help)
warm=()
for i in 1 2 3 4 5; do warm+=("$(TMPDIR=$CACHE_TMP ms "$FLOWMAP" --help)"); done
warm_min=$(printf '%s\n' "${warm[@]}" | sort -n | head -1)
warm_med=$(printf '%s\n' "${warm[@]}" | sort -n | sed -n 3p)
cache_mb=$(du -sm "$CACHE_TMP/go-graphviz" 2>/dev/null | cut -f1 || echo 0)
rm -rf "$CACHE_TMP"

# pandas baseline on the same CSV.
PY=""
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c "import pandas" 2>/dev/null; then
		PY=$p
		break
	fi
done
PANDAS=$(mktemp)
if [[ ${SKIP_PANDAS:-0} == 1 ]]; then
	echo "(pandas baseline skipped)" >"$PANDAS"
elif [[ -z $PY ]]; then
	echo "pandas is not available here (python3 -c 'import pandas' fails): no pandas comparison." >"$PANDAS"
else
	{
		echo "| log | pandas wall s (incl. interpreter start) | pandas events/s | flowmap wall s | flowmap / pandas speed |"
		echo "|---|---:|---:|---:|---:|"
	} >"$PANDAS"
	pandas_row() { # pandas_row LABEL FILE EVENTS FLOWMAP_WALL
		echo "timing pandas on $1..." >&2
		local tv
		tv=$(mktemp)
		/usr/bin/time -f "%e %M" -o "$tv" "$PY" bench/pandas_baseline.py "$2" >"$tv.json"
		echo "  $(cat "$tv.json")" >&2
		awk -v label="$1" -v n="$3" -v fw="$4" "$AWK_GROUP"' { printf "| %s | %.2f | %s | %.2f | %.1fx |\n", label, $1, group(n / $1), fw, $1 / fw }' "$tv" >>"$PANDAS"
		rm -f "$tv" "$tv.json"
	}
	fw1=$(awk -F'|' '/CSV 1M/ { gsub(/ /, "", $5); print $5 }' "$TABLE")
	pandas_row "CSV 1M" "$OUT/orders-1m.csv" 1000000 "$fw1"
	if [[ ${SKIP_10M:-0} != 1 && ${PANDAS_10M:-1} == 1 ]]; then
		fw10=$(awk -F'|' '/CSV 10M/ { gsub(/ /, "", $5); print $5 }' "$TABLE")
		pandas_row "CSV 10M" "$OUT/orders-10m.csv" 10000000 "$fw10"
	fi
fi

echo
echo "### flowmap analyze FILE --json > /dev/null"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)."
echo "Load average before the runs: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine inflates wall times)."
echo
cat "$TABLE"
if [[ -s $MEMLOG ]]; then
	echo
	echo "### In memory: bench/memlog bench/out/orders-10m.csv"
	echo
	echo '```'
	cat "$MEMLOG"
	echo '```'
fi
rm -f "$MEMLOG"
echo
echo "### Start-up: flowmap --help"
echo
echo "| go-graphviz WASM cache | wall ms |"
echo "|---|---:|"
echo "| cold (empty \$TMPDIR, cache written: ${cache_mb} MB) | $cold |"
echo "| warm (cache present; min / median of 5) | $warm_min / $warm_med |"
echo
echo "### pandas baseline (bench/pandas_baseline.py)"
echo
cat "$PANDAS"
rm -f "$TABLE" "$PANDAS"
