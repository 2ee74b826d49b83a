# Shared by up, down, kill-broker, start-broker and leader-of: paths, ports, processes.
# Sourced, not run. Every port can be moved with an environment variable (README.md).

ST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=${ST_WORK:-$ST_DIR/work}
NODES=3
KAFKA_VERSION=4.3.1
APICURIO_VERSION=3.3.3

# Node N (1..3) listens on BROKER_PORT_BASE+N (SASL_SSL, clients and inter-broker) and
# CONTROLLER_PORT_BASE+N (SASL_SSL, the KRaft quorum).
BROKER_PORT_BASE=${ST_BROKER_PORT_BASE:-29090}
CONTROLLER_PORT_BASE=${ST_CONTROLLER_PORT_BASE:-29190}
APICURIO_PORT=${ST_APICURIO_PORT:-28080}          # Apicurio HTTP, 127.0.0.1 only, behind nginx
APICURIO_MGMT_PORT=${ST_APICURIO_MGMT_PORT:-28081} # Quarkus management interface (health), 127.0.0.1 only
REGISTRY_PORT=${ST_REGISTRY_PORT:-28443}          # nginx: TLS + basic auth in front of Apicurio
KAFKA_HEAP=${ST_KAFKA_HEAP:--Xms256m -Xmx768m}

broker_port() { echo $((BROKER_PORT_BASE + $1)); }
controller_port() { echo $((CONTROLLER_PORT_BASE + $1)); }
bootstrap_servers() {
  local n out=
  for n in $(seq 1 $NODES); do out+="${out:+,}localhost:$(broker_port "$n")"; done
  echo "$out"
}

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { printf 'system-tests: %s\n' "$*" >&2; exit 1; }

# Java 17+ for Kafka (the java on PATH, or $JAVA_HOME).
kafka_java() {
  local j=${JAVA_HOME:+$JAVA_HOME/bin/java}
  j=${j:-$(command -v java || true)}
  [ -n "$j" ] || die "no java on PATH: Kafka $KAFKA_VERSION needs Java 17 or newer"
  local v; v=$(java_major "$j")
  [ "$v" -ge 17 ] || die "$j is Java $v: Kafka $KAFKA_VERSION needs Java 17 or newer"
  echo "$j"
}

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

# Java 21+ for Apicurio: $APICURIO_JAVA_HOME, the java on PATH, then any JDK under /usr/lib/jvm.
apicurio_java() {
  local c v
  for c in ${APICURIO_JAVA_HOME:+$APICURIO_JAVA_HOME/bin/java} ${JAVA_HOME:+$JAVA_HOME/bin/java} \
           "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [ -x "$c" ] || continue
    v=$(java_major "$c")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$c"; return; fi
  done
  die "Apicurio Registry $APICURIO_VERSION needs Java 21 or newer and none was found (looked at \$APICURIO_JAVA_HOME, \$JAVA_HOME, PATH, /usr/lib/jvm/*); install one (e.g. apt-get install -y openjdk-21-jre-headless, or Temurin 21/25) or set APICURIO_JAVA_HOME"
}

# pid files hold the pid; a process counts as ours only if its command line carries our marker,
# so that a stale pid file never makes us signal a stranger that reused the pid.
running() { # NAME MARKER
  local pidf=$WORK/pids/$1.pid pid
  [ -f "$pidf" ] || return 1
  pid=$(cat "$pidf")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$2"
}
pid_of() { cat "$WORK/pids/$1.pid"; }
node_marker() { echo "-Drapport.systest=$WORK/node$1"; }

classpath() {
  [ -s "$WORK/classpath.txt" ] || die "no $WORK/classpath.txt: run system-tests/up first"
  cat "$WORK/classpath.txt"
}

start_node() { # N
  local n=$1 java cp
  java=$(kafka_java); cp=$(classpath)
  if running "node$n" "$(node_marker "$n")"; then log "node $n already running (pid $(pid_of "node$n"))"; return; fi
  # setsid: the broker outlives the shell that started it and is not hit by signals sent to its group
  # shellcheck disable=SC2086
  setsid "$java" $KAFKA_HEAP -XX:+UseG1GC -Djava.awt.headless=true "$(node_marker "$n")" \
    -Dlog4j2.configurationFile="$ST_DIR/config/log4j2.properties" \
    -cp "$cp" kafka.Kafka "$WORK/node$n/server.properties" \
    >> "$WORK/node$n/server.log" 2>&1 < /dev/null &
  echo $! > "$WORK/pids/node$n.pid"
}

# Stop a process: SIGTERM, up to TIMEOUT seconds, then SIGKILL.
stop_process() { # NAME MARKER TIMEOUT
  local name=$1 marker=$2 timeout=$3 pid i
  if ! running "$name" "$marker"; then rm -f "$WORK/pids/$name.pid"; return 0; fi
  pid=$(pid_of "$name")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 5; i++)); do
    running "$name" "$marker" || { rm -f "$WORK/pids/$name.pid"; return 0; }
    sleep 0.2
  done
  log "$name (pid $pid) still running after ${timeout}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$WORK/pids/$name.pid"
}

# Admin calls through tools/ClusterAdmin.java, compiled once into work/classes.
cluster_admin() { # COMMAND ARGS... (the admin.properties is passed for you)
  local java cp
  java=$(kafka_java); cp=$(classpath)
  if [ ! -f "$WORK/classes/ClusterAdmin.class" ] || [ "$ST_DIR/tools/ClusterAdmin.java" -nt "$WORK/classes/ClusterAdmin.class" ]; then
    "$(dirname "$java")/javac" -nowarn -cp "$cp" -d "$WORK/classes" "$ST_DIR/tools/ClusterAdmin.java" || die "cannot compile tools/ClusterAdmin.java"
  fi
  local cmd=$1; shift
  "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.configurationFile="$ST_DIR/config/log4j2-tools.properties" \
    -cp "$WORK/classes:$cp" ClusterAdmin "$cmd" "$WORK/admin.properties" "$@"
}

# A port someone else listens on would make a node or nginx fail late and obscurely: say so first.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
require_free_port() { # PORT WHAT ENV_VAR
  if port_in_use "$1"; then die "port $1 ($2) is taken by another process: free it or move it with $3"; fi
}
