#!/usr/bin/env bash
# Times the release binary on the generated benchmark inputs of issue 13:
#
#   testdata/bench/perf.sh lint    lint of 10,000 prompt files against cat
#                                  of the same files (goal 3: within 2.5x)
#   testdata/bench/perf.sh check   check --base HEAD~1 of a one-prompt change
#                                  in a repository of 1,000 prompts against
#                                  one of 10, cold (no name index, as on a
#                                  CI runner) and warm (the index as
#                                  repeated runs leave it), with the objects
#                                  loose (just committed) and packed (as in
#                                  a clone) (goal 4: within 1.5x)
#   testdata/bench/perf.sh memory  peak resident memory of check of 1,000
#                                  changed pairs and lint of 10,000 files,
#                                  with the binary's soft memory limit and
#                                  with GOMEMLIMIT=off (goal 6: 150 MB)
#
# The binary is built as the release is (CGO_ENABLED=0 -trimpath -s -w).
# Each measurement runs RUNS times (default 15), the two sides of a ratio
# in turn so that both see the same load, and prints the median and the
# fastest run of each, their ratios, and the load average; lint also
# prints the median CPU time (user+system) of each side, a steadier
# measure on a shared machine (with GNU time as /usr/bin/time). WORK names the
# directory for the binary and the inputs (default: a new temporary one).
set -euo pipefail
cd "$(dirname "$0")/../.."

what=${1:-}
case "$what" in
lint | check | memory) ;;
*)
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 2
  ;;
esac

runs=${RUNS:-15}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
bin=$work/promptlint
CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$bin" .

# usecs CMD...: runs CMD with its output discarded and prints how many
# microseconds it took; a command that fails stops the script. With GNU
# time as /usr/bin/time, the CPU time the command took (user and system,
# in microseconds) is appended to the file $CPU when that is set.
usecs() {
  local start end timer=()
  if [ -n "${CPU:-}" ] && [ -x /usr/bin/time ]; then
    timer=(/usr/bin/time -a -o "$CPU" -f '%U %S')
  fi
  start=$(date +%s%N)
  if ! "${timer[@]}" "$@" >/dev/null 2>&1; then
    echo "perf.sh: $* failed" >&2
    exit 1
  fi
  end=$(date +%s%N)
  echo $(((end - start) / 1000))
}

# cpustats NAME FILE: prints the median CPU time (user+system) of the runs
# that usecs recorded in FILE, when there are any.
cpustats() {
  [ -s "$2" ] || return 0
  awk '{print ($1 + $2) * 1000}' "$2" | sort -n |
    awk -v n="$1" '{a[NR]=$1} END {printf "  %-34s cpu (user+sys) median %8.1f ms\n", n, a[int((NR+1)/2)]}'
}

# stats NAME TIMES...: prints the median and the fastest of TIMES (in
# microseconds) as milliseconds, and sets MEDIAN and FASTEST.
stats() {
  local name=$1
  shift
  local sorted
  sorted=$(printf '%s\n' "$@" | sort -n)
  MEDIAN=$(echo "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  FASTEST=$(echo "$sorted" | head -1)
  awk -v n="$name" -v m="$MEDIAN" -v f="$FASTEST" 'BEGIN {printf "  %-34s median %8.1f ms   fastest %8.1f ms\n", n, m/1000, f/1000}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }

load() { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"; }

# warm DIR CACHE: runs check in DIR until the name index in CACHE stops
# growing (a run parses a share of the files it does not know), as the
# runs of a developer leave it.
warm() {
  local prev=x cur
  for _ in $(seq 64); do
    (cd "$1" && PROMPTLINT_CACHE="$2" "$bin" check --base HEAD~1 >/dev/null 2>&1) || true
    cur=$( (cat "$2"/* 2>/dev/null || true) | cksum)
    [ "$cur" = "$prev" ] && return
    prev=$cur
  done
  echo "perf.sh: the name index in $2 still grows after 64 runs" >&2
  exit 1
}

case "$what" in
lint)
  tree=$work/tree10k
  [ -d "$tree" ] || go test ./lint -run '^TestWriteBenchTree$' -count=1 -bench-tree-dir "$tree" >/dev/null
  cd "$tree"
  echo "lint of $(find . -type f | wc -l) files ($(du -sh . | cut -f1)) against cat, $runs runs each; $(load)"
  lint=() cat=()
  : >"$work/cpu-lint" && : >"$work/cpu-cat"
  for _ in $(seq "$runs"); do
    lint+=("$(CPU=$work/cpu-lint usecs "$bin" lint --fail-on none)")
    cat+=("$(CPU=$work/cpu-cat usecs sh -c 'find . -type f -print0 | xargs -0 cat >/dev/null')")
  done
  stats "promptlint lint --fail-on none" "${lint[@]}"
  lm=$MEDIAN lf=$FASTEST
  stats "find | xargs cat" "${cat[@]}"
  cpustats "promptlint lint --fail-on none" "$work/cpu-lint"
  cpustats "find | xargs cat" "$work/cpu-cat"
  echo "  ratio lint/cat: median $(ratio "$lm" "$MEDIAN"), fastest $(ratio "$lf" "$FASTEST"); $(load)"
  ;;

check)
  scale=$work/scale
  if [ ! -d "$scale/1000" ]; then
    go test . -run '^TestWriteScaleRepos$' -count=1 -scale-repo-dir "$scale" >/dev/null
    rm -rf "$work/packed"
    cp -r "$scale" "$work/packed"
    for n in 10 1000; do
      git -C "$work/packed/$n" repack -a -d -q
      git -C "$work/packed/$n" prune
    done
  fi
  echo "check --base HEAD~1 of one changed prompt, 1,000 prompts against 10, $runs runs each; $(load)"
  for objects in loose packed; do
    root=$scale
    [ $objects = packed ] && root=$work/packed
    for mode in cold warm; do
      small=() large=()
      for n in 10 1000; do
        rm -rf "$work/cache-$n"
        [ $mode = warm ] && warm "$root/$n" "$work/cache-$n"
      done
      for _ in $(seq "$runs"); do
        for n in 10 1000; do
          cache=$work/cache-$n
          if [ $mode = cold ]; then
            cache=$(mktemp -d "$work/cold.XXXXXX")
          fi
          t=$(cd "$root/$n" && PROMPTLINT_CACHE="$cache" usecs "$bin" check --base HEAD~1)
          [ $mode = cold ] && rm -rf "$cache"
          if [ "$n" = 10 ]; then small+=("$t"); else large+=("$t"); fi
        done
      done
      echo " $objects objects, $mode:"
      stats "10 prompts" "${small[@]}"
      sm=$MEDIAN sf=$FASTEST
      stats "1,000 prompts" "${large[@]}"
      echo "  ratio 1,000/10: median $(ratio "$MEDIAN" "$sm"), fastest $(ratio "$FASTEST" "$sf")"
    done
  done
  load
  ;;

memory)
  if ! /usr/bin/time -f %M true >/dev/null 2>&1; then
    echo "perf.sh memory needs GNU time as /usr/bin/time (Debian: apt-get install time)" >&2
    exit 1
  fi
  pairs=$work/pairs tree=$work/tree10k
  [ -d "$pairs/head" ] || go test ./lint -run '^TestWriteCheckPairs$' -count=1 -check-pairs-dir "$pairs" >/dev/null
  [ -d "$tree" ] || go test ./lint -run '^TestWriteBenchTree$' -count=1 -bench-tree-dir "$tree" >/dev/null
  echo "peak resident memory, the largest of 3 runs; $(load)"
  for limit in "the soft limit (default)" "GOMEMLIMIT=off"; do
    env=()
    [ "$limit" = GOMEMLIMIT=off ] && env=(GOMEMLIMIT=off)
    for job in "check of 1,000 pairs" "lint of 10,000 files"; do
      peak=0
      for _ in 1 2 3; do
        if [ "$job" = "check of 1,000 pairs" ]; then
          kb=$(cd "$pairs" && env "${env[@]}" /usr/bin/time -f %M "$bin" check --base-dir base --head-dir head --fail-on none 2>&1 >/dev/null | tail -1)
        else
          kb=$(cd "$tree" && env "${env[@]}" /usr/bin/time -f %M "$bin" lint --fail-on none 2>&1 >/dev/null | tail -1)
        fi
        [ "$kb" -gt "$peak" ] && peak=$kb
      done
      awk -v j="$job" -v l="$limit" -v k="$peak" 'BEGIN {printf "  %-22s %-26s %6.1f MiB\n", j, l, k/1024}'
    done
  done
  ;;
esac
