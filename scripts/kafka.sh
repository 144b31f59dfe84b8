#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft: broker and controller in one JVM) for numlink's tests
# and CI, run from Kafka's own jars taken from Maven Central (this machine has no Docker).
#
#   scripts/kafka.sh start    resolve the jars once, format fresh storage, start, wait until the broker
#                             answers metadata; the last line on stdout is
#                             NUMLINK_TEST_KAFKA_BROKERS=127.0.0.1:<port>  (progress goes to stderr).
#                             Already running: prints that line only.
#   scripts/kafka.sh stop     SIGTERM, SIGKILL after 30 s, then delete the broker's data.
#   scripts/kafka.sh halt     stop, keeping the data (an outage); `resume` starts it again on it.
#   scripts/kafka.sh status   says whether it runs; exit 0 when it does, 1 when it does not.
#
# Settings (environment): KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093),
# KAFKA_CACHE_DIR ($HOME/.cache/numlink-kafka: the jars), KAFKA_RUN_DIR (/tmp/numlink-kafka: config,
# data, logs, pid), KAFKA_HEAP (512m), KAFKA_JVM_OPTS (more JVM flags), KAFKA_START_TIMEOUT (90 seconds).
#
# In a CI script (set -euo pipefail; a plain assignment keeps a failed start fatal, `export "$(...)"` would not):
#   trap 'bash scripts/kafka.sh stop' EXIT
#   kafka_line="$(bash scripts/kafka.sh start | tail -n 1)"
#   export "$kafka_line"
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly HERE
readonly KAFKA_FILES="$HERE/kafka"
readonly PORT="${KAFKA_PORT:-19092}"
readonly CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
readonly CACHE_DIR="${KAFKA_CACHE_DIR:-$HOME/.cache/numlink-kafka}"
readonly RUN_DIR="${KAFKA_RUN_DIR:-/tmp/numlink-kafka}"
readonly HEAP="${KAFKA_HEAP:-512m}"
readonly START_TIMEOUT_SECONDS="${KAFKA_START_TIMEOUT:-90}"
readonly STOP_TIMEOUT_SECONDS=30

readonly LIB_DIR="$CACHE_DIR/lib"
readonly PROBE_DIR="$CACHE_DIR/probe"
readonly DATA_DIR="$RUN_DIR/data"
readonly LOG_DIR="$RUN_DIR/logs"
readonly PID_FILE="$RUN_DIR/kafka.pid"
readonly SERVER_PROPERTIES="$RUN_DIR/server.properties"
readonly BROKERS="127.0.0.1:$PORT"

say() { echo "kafka.sh: $*" >&2; }
die() {
  say "$*"
  exit 1
}

print_brokers_line() { echo "NUMLINK_TEST_KAFKA_BROKERS=$BROKERS"; }

require_tools() {
  local tool
  for tool in java javac mvn sha256sum; do
    command -v "$tool" >/dev/null || die "'$tool' is not installed (a JDK 17+ and Maven are needed)"
  done
}

# The pid in the pid file, when that process is alive and is our broker (not a recycled pid).
broker_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "kafka.Kafka $SERVER_PROPERTIES" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Jars are copied once; a changed pom.xml (say, a new Kafka version) makes a fresh copy, never a mix.
resolve_jars() {
  local wanted stamp="$LIB_DIR/.pom.sha256"
  wanted="$(sha256sum "$KAFKA_FILES/pom.xml" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then return 0; fi
  say "resolving Kafka's jars with Maven into $LIB_DIR (once per pom.xml change)"
  local fresh="$CACHE_DIR/lib.partial.$$"
  rm -rf "$fresh"
  mkdir -p "$fresh"
  if ! mvn -q -B -Dstyle.color=never -f "$KAFKA_FILES/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$fresh" -DincludeScope=runtime >&2; then
    rm -rf "$fresh"
    die "Maven could not resolve the jars listed in $KAFKA_FILES/pom.xml"
  fi
  echo "$wanted" >"$fresh/.pom.sha256"
  rm -rf "$LIB_DIR"
  mv "$fresh" "$LIB_DIR"
}

# BrokerReady asks the broker for metadata with Kafka's own Admin client; compiled once.
compile_probe() {
  local wanted stamp="$PROBE_DIR/.sha256"
  wanted="$(cat "$KAFKA_FILES/BrokerReady.java" "$LIB_DIR/.pom.sha256" | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then return 0; fi
  rm -rf "$PROBE_DIR"
  mkdir -p "$PROBE_DIR"
  javac -nowarn -cp "$LIB_DIR/*" -d "$PROBE_DIR" "$KAFKA_FILES/BrokerReady.java" >&2
  echo "$wanted" >"$stamp"
}

broker_answers_metadata() {
  java -Xmx64m -XX:TieredStopAtLevel=1 -cp "$PROBE_DIR:$LIB_DIR/*" BrokerReady "$BROKERS" \
    >>"$LOG_DIR/probe.log" 2>&1
}

write_server_properties() {
  sed -e "s|@PORT@|$PORT|g" \
    -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" \
    -e "s|@DATA_DIR@|$DATA_DIR|g" \
    "$KAFKA_FILES/server.properties.template" >"$SERVER_PROPERTIES"
}

# A KRaft cluster id is 16 random bytes in URL-safe base64 without padding (what `random-uuid` prints);
# like Kafka's own Uuid.randomUuid(), never one starting with '-', which a command line takes for an option.
new_cluster_id() {
  local id="-"
  while [[ "$id" == -* ]]; do id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; done
  echo "$id"
}

format_storage() {
  local cluster_id
  cluster_id="$(new_cluster_id)"
  if ! java -Xmx256m -cp "$LIB_DIR/*" \
    -Dlog4j2.configurationFile="$KAFKA_FILES/log4j2.xml" -Dkafka.logs.dir="$LOG_DIR" \
    kafka.tools.StorageTool format --cluster-id="$cluster_id" --config="$SERVER_PROPERTIES" \
    >"$LOG_DIR/format.log" 2>&1; then
    tail -n 30 "$LOG_DIR/format.log" >&2
    die "formatting the broker's storage failed"
  fi
}

print_log_tails() {
  local file
  for file in "$LOG_DIR/console.log" "$LOG_DIR/server.log" "$LOG_DIR/probe.log"; do
    [[ -s "$file" ]] || continue
    echo "----- last lines of $file -----" >&2
    tail -n 40 "$file" >&2
  done
}

wait_until_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      print_log_tails
      rm -f "$PID_FILE"
      die "the broker exited during start"
    fi
    if port_open "$PORT" && broker_answers_metadata; then return 0; fi
    sleep 0.5
  done
  print_log_tails
  stop_broker
  die "the broker did not answer metadata on $BROKERS within ${START_TIMEOUT_SECONDS}s"
}

start_broker() {
  local keep_data="${1:-}"
  local pid
  if pid="$(broker_pid)"; then
    say "already running (pid $pid)"
    print_brokers_line
    return 0
  fi
  rm -f "$PID_FILE"
  local port
  for port in "$PORT" "$CONTROLLER_PORT"; do
    if port_open "$port"; then die "port $port is taken by a process that is not this broker"; fi
  done

  require_tools
  resolve_jars
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  compile_probe
  if [ "$keep_data" = keep-data ] && [ -f "$DATA_DIR/meta.properties" ]; then
    say "resuming with the data of the last run"
  else
    rm -rf "$DATA_DIR"
    mkdir -p "$DATA_DIR"
    : >"$LOG_DIR/server.log"
    : >"$LOG_DIR/probe.log"
    write_server_properties
    format_storage
  fi

  say "starting Kafka on $BROKERS (logs in $LOG_DIR)"
  # Detached from the caller's terminal and pipes: `$(scripts/kafka.sh start)` must not wait for it.
  # shellcheck disable=SC2086 # KAFKA_JVM_OPTS is a list of flags
  nohup java -Xms128m -Xmx"$HEAP" -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true ${KAFKA_JVM_OPTS:-} \
    -Dlog4j2.configurationFile="$KAFKA_FILES/log4j2.xml" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$LIB_DIR/*" kafka.Kafka "$SERVER_PROPERTIES" \
    >"$LOG_DIR/console.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  wait_until_ready "$pid"
  say "ready (pid $pid)"
  print_brokers_line
}

stop_broker() {
  local keep_data="${1:-}"
  local pid
  if pid="$(broker_pid)"; then
    say "stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      say "still running after ${STOP_TIMEOUT_SECONDS}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
  else
    say "not running"
  fi
  rm -f "$PID_FILE"
  if [ "$keep_data" != keep-data ]; then rm -rf "$DATA_DIR"; fi
}

broker_status() {
  local pid
  if pid="$(broker_pid)"; then
    echo "running (pid $pid) on $BROKERS"
    return 0
  fi
  echo "not running"
  return 1
}

case "${1:-}" in
  start) start_broker ;;
  stop) stop_broker ;;
  # An outage: halt keeps the data (topics, offsets), resume starts the same broker again.
  halt) stop_broker keep-data ;;
  resume) start_broker keep-data ;;
  status) broker_status ;;
  *) die "usage: $0 start|stop|halt|resume|status" ;;
esac
