#!/usr/bin/env bash
# Builds and runs the JMH suite, then prints the Markdown report (also saved to factory-benchmarks/target/report.md).
# Settings fit a noisy 2-core machine; override them by passing JMH options, e.g. `-wi 5 -i 10` or a regex.
# Uses the JDK in JAVA_HOME (or the default java): JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./factory-benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
OUT=factory-benchmarks/target
JAR=$OUT/benchmarks.jar

./mvnw -q -B -pl factory-benchmarks -am package -DskipTests
mkdir -p "$OUT"

major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
excludes=()
if [ "${major%%.*}" -lt 21 ]; then
  excludes=(-e 'virtualThreadPerWorker|factoryVirtualThreads')   # no virtual threads before JDK 21
fi

: > "$OUT/footprint.txt"
if [ "${SKIP_FOOTPRINT:-}" != 1 ]; then
  for system in ours pekko; do
    "$JAVA" -Xmx4g -cp "$JAR" dev.actorfactory.benchmarks.IdleFootprint "$system" 100000 >> "$OUT/footprint.txt"
    "$JAVA" -Xmx1g -cp "$JAR" dev.actorfactory.benchmarks.IdleFootprint "$system" 1000000 >> "$OUT/footprint.txt"
  done
fi

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
"$JAVA" -Dreport.out="$OUT/report.md" -Dreport.footprint="$OUT/footprint.txt" -Dreport.machine="$machine" \
  -cp "$JAR" dev.actorfactory.benchmarks.BenchmarkReport \
  -f 1 -wi 3 -i 5 -w 1s -r 1s -rf json -rff "$OUT/jmh.json" "${excludes[@]}" "$@" > "$OUT/jmh-run.log"
cat "$OUT/report.md"
