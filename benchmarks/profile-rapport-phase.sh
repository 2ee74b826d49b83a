#!/usr/bin/env bash
# Profiles the timed Rapport phase of `rapport bench` with async-profiler (native frames included:
# RocksDB, the JNI boundary, the broker's threads), and nothing else of the run: the profiler is
# attached when the warm-up ends and detached when the phase reports its rate.
#
#   benchmarks/profile-rapport-phase.sh OUT_PREFIX [bench options...]
#   e.g. benchmarks/profile-rapport-phase.sh /tmp/prof --events 2000000
#
# Writes OUT_PREFIX.log (the bench output), OUT_PREFIX.collapsed (one line per stack, the thread
# name as first frame, sample count last) and prints CPU per thread. PROFILE_EVENT=wall samples
# every thread whether it runs or waits (where a stream thread spends its wall time);
# the default, itimer, samples CPU time. Needs the jar built (`mvn -B -q package -DskipTests`).
set -euo pipefail
out=${1:?usage: $0 OUT_PREFIX [bench options...]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$root/tools/target/rapport.jar
version=4.1
lib=$root/benchmarks/target/async-profiler/linux-x64/libasyncProfiler.so
if [[ ! -f $lib ]]; then
  mvn -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:$version \
      -DoutputDirectory="$root/benchmarks/target/async-profiler"
  (cd "$root/benchmarks/target/async-profiler" && unzip -q -o "async-profiler-$version.jar" 'linux-x64/*')
fi
event=${PROFILE_EVENT:-itimer}
interval=${PROFILE_INTERVAL:-5ms}

java -jar "$jar" bench "$@" > "$out.log" 2>&1 &
pid=$!
state=waiting
while kill -0 "$pid" 2>/dev/null; do
  # jcmd parses key=value pairs itself: the agent's options go through as one quoted argument.
  if [[ $state == waiting ]] && grep -q '^bench: Rapport warmed up' "$out.log"; then
    jcmd "$pid" JVMTI.agent_load "$lib" "\"start,event=$event,interval=$interval,threads\"" > /dev/null
    state=profiling
  elif [[ $state == profiling ]] && grep -q '^bench: Rapport [0-9]' "$out.log"; then
    jcmd "$pid" JVMTI.agent_load "$lib" "\"stop,file=$out.collapsed\"" > /dev/null
    state=done
  fi
  sleep 0.2
done
wait "$pid"
grep '^bench:' "$out.log"
[[ $state == done ]] || { echo "the Rapport phase was not profiled (state: $state)" >&2; exit 1; }
# Samples per thread, ids and numbers folded so that threads of one kind add up.
awk '{ n = $NF; split($0, frames, ";"); t = frames[1];
       gsub(/[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+/, "<id>", t); gsub(/[0-9]+/, "N", t);
       sum[t] += n; total += n }
     END { for (t in sum) printf "%7d %5.1f%% %s\n", sum[t], 100 * sum[t] / total, t }' "$out.collapsed" \
  | sort -rn | head -20
