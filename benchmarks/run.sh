#!/usr/bin/env bash
# Speed benchmarks (never part of the test suite).
#
#   benchmarks/run.sh [side-by-side options]     edge-runtime vs TFLite 2.21 (XNNPACK on/off) vs TFLite 2.6 (DJL)
#   benchmarks/run.sh jmh [JMH options]          kernel microbenchmarks (e.g. jmh -f 1 -wi 3 -i 5 Conv)
#   benchmarks/run.sh --help                     side-by-side options (--model, --runs, --warmup, --json, ...)
#
# Environment: JAVA_HOME picks the JDK that runs the benchmark (the build uses the JDK Maven finds);
#   e.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run.sh
# EDGETL_FIXTURES: fixtures folder (default ../shared/fixtures from the repository root).
# MVN_FLAGS: extra Maven flags for the build step (default -o, offline).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export EDGETL_FIXTURES="${EDGETL_FIXTURES:-$(cd "$root/.." && pwd)/shared/fixtures}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

# Build with Maven's own JDK (17 is enough: everything is compiled with --release 17).
mvn -B -q ${MVN_FLAGS:--o} -pl benchmarks -am package -DskipTests

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cp="$root/benchmarks/target/classes:$(cat "$root/benchmarks/target/runtime-classpath.txt")"
jvm_opts=(-Xms1g -Xmx2g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
# The Vector API kernels of edge-runtime-simd need the incubator module on the command line.
if "$java" --add-modules jdk.incubator.vector -version >/dev/null 2>&1; then
  jvm_opts+=(--add-modules jdk.incubator.vector)
fi
"$java" -version 2>&1 | head -1 >&2

# JMH forks its benchmark JVMs with the same JVM options as this one.
if [ "${1:-}" = "jmh" ]; then
  shift
  exec "$java" "${jvm_opts[@]}" -cp "$cp" org.openjdk.jmh.Main "$@"
fi
exec "$java" "${jvm_opts[@]}" -cp "$cp" dev.edgetl.benchmarks.SideBySide "$@"
