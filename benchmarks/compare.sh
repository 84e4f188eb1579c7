#!/bin/sh
# compare.sh: times modelc's generated classes beside PyTorch and DL4J on the same four models, in
# one run, and prints a Markdown table of median times and ratios, then rates modelc's Deep train
# step against the sgemm rate of torch.mm. benchmarks/README.md has the results and the method.
#
#   benchmarks/compare.sh [-r REPEATS] [-w WARMUP_S] [-n ROUNDS] [-t ROUND_S] [--no-build]
#                         [--only modelc,torch,dl4j,plain] [--report FILE]
#
#   -r  how many times to run the whole sequence; the table shows the median over repeats [3]
#   -w, -n, -t  the timing protocol of each measurement (Timing.java): seconds of warm-up,
#       number of timed rounds and seconds per round; the measurement is the median round [5, 15, 0.1]
#   --no-build  use the jars and classes already built instead of running Maven first
#   --only  measure only these frameworks; plain is modelc on a JVM without the Vector API module
#   --report FILE  measure nothing: print the tables of an earlier run's raw results
#
# Environment: PYTHON [/usr/bin/python3] runs compare_torch.py; JAVA [java]; TORCH_BLAS, a
# libblas.so.3 to preload into PyTorch's process only (Debian's torch uses whatever libblas.so.3
# the alternatives system provides, the slow reference BLAS unless an optimized one is installed).
#
# It installs nothing: Maven resolves the Java side (DL4J is fetched from Maven Central the first
# time, through the benchmarks module's profile `peers`). A framework that is not available is
# reported as such, with what would make it available, and the others are measured all the same.
# Every measurement runs on one thread, and every model of every framework in a process of its own
# (DL4J's heap grows as it trains, and its garbage collection with it; see README.md).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
PYTHON=${PYTHON:-/usr/bin/python3}
JAVA=${JAVA:-java}
TORCH_BLAS=${TORCH_BLAS:-}

repeats=3
warmup=5
rounds=15
round=0.1
build=yes
only=modelc,torch,dl4j,plain
report=
while [ $# -gt 0 ]; do
  case "$1" in
    -r) repeats=$2; shift 2 ;;
    -w) warmup=$2; shift 2 ;;
    -n) rounds=$2; shift 2 ;;
    -t) round=$2; shift 2 ;;
    --no-build) build=no; shift ;;
    --only) only=$2; shift 2 ;;
    --report) report=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# One thread for every library that starts its own: OpenMP (ND4J, PyTorch), OpenBLAS (ND4J's, and
# PyTorch's when it is the system BLAS), MKL; modelc's kernels read -Dmodelc.threads below.
OMP_NUM_THREADS=1
OPENBLAS_NUM_THREADS=1
MKL_NUM_THREADS=1
export OMP_NUM_THREADS OPENBLAS_NUM_THREADS MKL_NUM_THREADS

out="$here/target/compare"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$out/results-$stamp.txt"
log="$out/log-$stamp.txt"
timing="--warmup $warmup --rounds $rounds --round $round"

wanted() {
  case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac
}

say() {
  echo "$*" >&2
}

# Frameworks not measured, one line each, shown under the tables.
missing=""
note_missing() {
  missing="$missing
- $1"
}

# --- Build and availability ---------------------------------------------------------------------

prepare() {
  for framework in modelc torch dl4j plain; do
    wanted "$framework" || note_missing "$framework: left out by --only"
  done

  have_modelc=no
  if wanted modelc || wanted plain; then
    if [ "$build" = yes ]; then
      say "compare.sh: building the benchmarks module and what it needs (mvn -pl benchmarks -am install)"
      if ! mvn -q -B -f "$root/pom.xml" -pl benchmarks -am install -DskipTests -Dinvoker.skip=true >>"$log" 2>&1; then
        say "compare.sh: the build failed; see $log"
        exit 1
      fi
    fi
    if [ -f "$here/target/benchmarks.jar" ]; then
      have_modelc=yes
    else
      note_missing "modelc: $here/target/benchmarks.jar is missing (run without --no-build)"
    fi
  fi

  have_dl4j=no
  classpath="$here/target/peers/classpath.txt"
  if wanted dl4j; then
    if [ "$build" = yes ] || [ ! -f "$classpath" ]; then
      say "compare.sh: building the DL4J harness (mvn -Ppeers; the first time this downloads DL4J)"
      if ! mvn -q -B -f "$here/pom.xml" -Ppeers process-classes >>"$log" 2>&1; then
        rm -f "$classpath"
      fi
    fi
    if [ -f "$classpath" ]; then
      have_dl4j=yes
    else
      note_missing "DL4J: the benchmarks module's profile peers did not build, so DL4J 1.0.0-M2.1 is not measured: Maven needs Maven Central once to fetch it (mvn -f benchmarks/pom.xml -Ppeers process-classes); see $log"
    fi
  fi

  have_torch=no
  if wanted torch; then
    if [ ! -x "$PYTHON" ] && ! command -v "$PYTHON" >/dev/null 2>&1; then
      note_missing "PyTorch: no $PYTHON (apt-get install python3 python3-torch, or set PYTHON)"
    elif ! "$PYTHON" -c 'import torch' >>"$log" 2>&1; then
      note_missing "PyTorch: $PYTHON cannot import torch (apt-get install python3-torch)"
    elif [ -n "$TORCH_BLAS" ] && [ ! -f "$TORCH_BLAS" ]; then
      note_missing "PyTorch: TORCH_BLAS=$TORCH_BLAS does not exist"
    else
      have_torch=yes
    fi
  fi
}

# --- Measurements --------------------------------------------------------------------------------

# modelc's harness on the models in $2, in a JVM started with the options in $1 (word-split).
run_compare_modelc() {
  # shellcheck disable=SC2086
  "$JAVA" $1 -cp "$here/target/benchmarks.jar" \
    dev.modelc.benchmarks.CompareModelc --models "$2" $timing 2>>"$log" | grep -E '^(RESULT|INFO)' >>"$results"
}

run_modelc() {
  run_compare_modelc "--add-modules jdk.incubator.vector -Dmodelc.threads=1" "$1"
}

# The Deep train step again with two threads, for the scaling of modelc's thread pool.
run_modelc_2t() {
  run_compare_modelc "--add-modules jdk.incubator.vector -Dmodelc.threads=2" "$1"
}

# A model on a JVM without the Vector API module, as an application that does not add it runs
# it: the runtime's plain-Java loops.
run_modelc_plain() {
  run_compare_modelc "-Dmodelc.threads=1" "$1"
}

run_torch() {
  if [ -n "$TORCH_BLAS" ]; then
    LD_PRELOAD="$TORCH_BLAS" "$PYTHON" "$here/compare_torch.py" --models "$1" $timing 2>>"$log" | grep -E '^(RESULT|INFO)' >>"$results"
  else
    "$PYTHON" "$here/compare_torch.py" --models "$1" $timing 2>>"$log" | grep -E '^(RESULT|INFO)' >>"$results"
  fi
}

run_dl4j() {
  "$JAVA" -cp "$here/target/peers/classes:$(cat "$classpath")" \
    dev.modelc.benchmarks.peers.CompareDl4j --models "$1" $timing 2>>"$log" | grep -E '^(RESULT|INFO)' >>"$results"
}

# Runs one measurement (a framework's function and a model) and says so when it printed no result.
measure() {
  lines=$(wc -l <"$results")
  "$1" "$2"
  if [ "$(wc -l <"$results")" -eq "$lines" ]; then
    say "compare.sh: $1 $2 printed no result; see $log"
  fi
}

# Builds, then runs every measurement; the facts about the machine and the run go into the results
# file as INFO lines beside the RESULT lines, so that --report can print the same header later.
build_and_measure() {
  mkdir -p "$out"
  : >"$results"
  : >"$log"
  prepare
  cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
  {
    echo "INFO machine: ${cpu:-unknown CPU}, $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores, $(uname -sr)"
    echo "INFO Java: $("$JAVA" -version 2>&1 | head -n 1)"
    echo "INFO protocol: per measurement ${warmup} s warm-up, then the median of ${rounds} rounds of ~${round} s; tables show the median of ${repeats} repeats; one thread everywhere, except the run of modelc with two threads"
    echo "INFO load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  } >>"$results"
  # Each repeat runs every framework on one model before going on to the next, so that a noisy
  # moment of the machine touches the frameworks alike.
  rep=1
  while [ "$rep" -le "$repeats" ]; do
    for model in Tiny Small Mnist Deep; do
      say "compare.sh: repeat $rep/$repeats, $model"
      [ "$have_modelc" = yes ] && wanted modelc && measure run_modelc "$model"
      [ "$have_modelc" = yes ] && wanted plain && measure run_modelc_plain "$model"
      [ "$have_torch" = yes ] && measure run_torch "$model"
      [ "$have_dl4j" = yes ] && measure run_dl4j "$model"
    done
    [ "$have_modelc" = yes ] && wanted modelc && measure run_modelc_2t Deep
    [ "$have_torch" = yes ] && measure run_torch sgemm
    rep=$((rep + 1))
  done
  echo "INFO load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" >>"$results"
}

if [ -n "$report" ]; then
  [ -f "$report" ] || { say "compare.sh: no file $report"; exit 2; }
  results=$report
else
  build_and_measure
fi

# --- The report ----------------------------------------------------------------------------------

echo "# modelc vs PyTorch vs DL4J"
echo
# The INFO lines in the order they first appear, as a list.
awk '/^INFO / && !seen[$0]++ { sub(/^INFO /, "- "); print }' "$results"
echo "- raw results: $results"
echo

awk '
  function median(list,    n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) {
      t = a[i] + 0
      for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]
      a[j + 1] = t
    }
    if (n == 0) return -1
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function time(ns) {
    if (ns < 0) return "n/a"
    if (ns < 1000) return sprintf("%.0f ns", ns)
    if (ns < 1e6) return sprintf("%.1f µs", ns / 1e3)
    return sprintf("%.2f ms", ns / 1e6)
  }
  function ratio(peer, mine) {
    if (peer < 0 || mine < 0) return "n/a"
    return sprintf(peer / mine >= 10 ? "%.0f×" : "%.2f×", peer / mine)
  }
  function value(fw, model, op) {
    return ((fw, model, op) in times) ? median(times[fw, model, op]) : -1
  }
  # The smallest and largest of the repeats, "n/a" when there were none.
  function range(fw, model, op,    n, a, i, lo, hi) {
    if (!((fw, model, op) in times)) return "n/a"
    n = split(times[fw, model, op], a, " ")
    lo = hi = a[1] + 0
    for (i = 2; i <= n; i++) { if (a[i] + 0 < lo) lo = a[i] + 0; if (a[i] + 0 > hi) hi = a[i] + 0 }
    return time(lo) " – " time(hi)
  }
  $1 == "RESULT" {
    times[$2, $3, $4] = times[$2, $3, $4] " " $5
    cpus[$2] = cpus[$2] " " $6
  }
  END {
    split("Tiny Small Mnist Deep", models, " ")
    split("train predict", ops, " ")
    shape["Tiny"] = "Tiny 2-8-1, batch 4"; shape["Small"] = "Small 64-32-10, batch 32"
    shape["Mnist"] = "Mnist 784-256-10, batch 64"; shape["Deep"] = "Deep 784-256-128-10, batch 128"
    print "| model | operation | modelc | PyTorch | DL4J | PyTorch ÷ modelc | DL4J ÷ modelc |"
    print "|---|---|---:|---:|---:|---:|---:|"
    for (m = 1; m <= 4; m++) {
      for (o = 1; o <= 2; o++) {
        op = ops[o]
        mine = value("modelc", models[m], op)
        torch = value("torch", models[m], op)
        dl4j = value("dl4j", models[m], op)
        printf "| %s | %s | %s | %s | %s | %s | %s |\n", shape[models[m]], \
          op == "train" ? "train step" : "predict, 1 example", \
          time(mine), time(torch), time(dl4j), ratio(torch, mine), ratio(dl4j, mine)
      }
    }
    print ""
    print "Ratios above 1 mean modelc takes less time. The range of the repeats, smallest to largest:"
    print ""
    print "| model | operation | modelc | PyTorch | DL4J |"
    print "|---|---|---:|---:|---:|"
    for (m = 1; m <= 4; m++) {
      for (o = 1; o <= 2; o++) {
        op = ops[o]
        printf "| %s | %s | %s | %s | %s |\n", models[m], op == "train" ? "train step" : "predict", \
          range("modelc", models[m], op), range("torch", models[m], op), range("dl4j", models[m], op)
      }
    }
    # FLOPs of a Deep train step: 2 per weight and example for the forward product, 2 for the
    # weight gradient, and 2 for the input gradient of every layer but the first (no framework
    # computes the gradient of the data).
    flops = 128 * (4 * (784 * 256 + 256 * 128 + 128 * 10) + 2 * (256 * 128 + 128 * 10))
    mm = value("torch", "sgemm", "mm")
    print ""
    if (mm > 0) {
      rate = 2 * 128 * 784 * 256 / mm
      printf "torch.mm sgemm, 128×784 by 784×256 on one thread: %s per product = %.1f GFLOP/s.\n", time(mm), rate
      printf "Deep train step = 128·(4·(784·256 + 256·128 + 128·10) + 2·(256·128 + 128·10)) = %.1f MFLOP:\n\n", flops / 1e6
      print "| Deep train step | time | GFLOP/s | share of torch.mm sgemm rate |"
      print "|---|---:|---:|---:|"
      split("modelc torch dl4j", fws, " ")
      names["modelc"] = "modelc"; names["torch"] = "PyTorch"; names["dl4j"] = "DL4J"
      for (f = 1; f <= 3; f++) {
        t = value(fws[f], "Deep", "train")
        if (t > 0) printf "| %s | %s | %.1f | %.0f %% |\n", names[fws[f]], time(t), flops / t, 100 * flops / t / rate
      }
    } else {
      print "torch.mm sgemm rate: not measured (PyTorch unavailable)."
    }
    one = value("modelc", "Deep", "train")
    two = value("modelc-2t", "Deep", "train")
    if (one > 0 && two > 0) {
      print ""
      printf "modelc with two threads (-Dmodelc.threads=2), Deep train step: %s, %.2f× as fast as one thread (%s).\n", time(two), one / two, time(one)
    }
    if (value("modelc-plain", "Deep", "train") > 0) {
      print ""
      print "modelc on a JVM without the Vector API module (`java` without `--add-modules jdk.incubator.vector`;"
      print "the runtime on plain Java loops):"
      print ""
      print "| model | operation | modelc, plain Java | plain ÷ with the Vector API | PyTorch ÷ plain |"
      print "|---|---|---:|---:|---:|"
      for (m = 1; m <= 4; m++) {
        for (o = 1; o <= 2; o++) {
          op = ops[o]
          plain = value("modelc-plain", models[m], op)
          printf "| %s | %s | %s | %s | %s |\n", models[m], op == "train" ? "train step" : "predict", \
            time(plain), ratio(plain, value("modelc", models[m], op)), ratio(value("torch", models[m], op), plain)
        }
      }
    }
    print ""
    line = "CPU time ÷ wall time while timing (1.00 = one busy thread):"
    split("modelc torch dl4j modelc-plain", fws, " ")
    for (f = 1; f <= 4; f++) {
      if (!(fws[f] in cpus)) continue
      n = split(cpus[fws[f]], c, " "); lo = 1e9; hi = 0
      for (i = 1; i <= n; i++) { if (c[i] + 0 < lo) lo = c[i] + 0; if (c[i] + 0 > hi) hi = c[i] + 0 }
      line = line sprintf(" %s %.2f–%.2f;", fws[f], lo, hi)
    }
    print line
  }
' "$results"

if grep -q '^INFO torch.*BLAS /usr/lib/x86_64-linux-gnu/blas/' "$results"; then
  echo
  echo "Note: PyTorch ran on the reference BLAS (Debian's libblas3), which is unoptimized; for an"
  echo "optimized one, apt-get install libopenblas0-pthread (it becomes libblas.so.3 through the"
  echo "alternatives system), or preload it for this script only:"
  echo "TORCH_BLAS=/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 benchmarks/compare.sh"
fi
if [ -n "$missing" ]; then
  echo
  echo "Not measured:$missing"
fi
