#!/usr/bin/env bash
# Starts a Flink standalone session cluster from the Maven jars on this machine: one JobManager and N
# TaskManagers (default 2), each a plain `java` process, with DJL on their classpath. Logs and pids in
# $VIBE_CLUSTER_DIR (default target/vibe-cluster). Stop it with deploy/stop-cluster.sh.
#
#   deploy/start-cluster.sh [TASKMANAGERS]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
conf="${VIBE_CLUSTER_CONF:-$home/deploy/conf}"
dir="${VIBE_CLUSTER_DIR:-$home/target/vibe-cluster}"
tms="${1:-2}"
lib="$home/jobs/target/cluster-lib"
djl="$home/jobs/target/djl-lib"
if [[ ! -d "$lib" || ! -d "$djl" ]]; then
  echo "building the job jar and the cluster classpath (mvn -pl jobs -am package)..." >&2
  (cd "$home" && mvn -B -q -o -pl jobs -am package -DskipTests) >&2
fi
mkdir -p "$dir"
cp="$lib/*:$djl/*"
java_opts=(-Dai.djl.offline=true -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  -Dlog4j2.configurationFile="$home/deploy/conf/log4j2.xml")

start() { # name, main class, args...
  local name="$1"; shift
  local log="$dir/$name.log"
  nohup java "${java_opts[@]}" -Dvibe.log.file="$log" "$@" >"$dir/$name.out" 2>&1 &
  echo $! >"$dir/$name.pid"
  echo "started $name (pid $!, log $log)"
}

start jobmanager -Xmx1g -cp "$cp" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
  --configDir "$conf"

# A TaskManager refuses to start without the memory flags and -D settings the flink script would compute:
# BashJavaUtils prints them on two lines tagged BASH_JAVA_UTILS_EXEC_RESULT.
params=$(java -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils GET_TM_RESOURCE_PARAMS \
  --configDir "$conf" 2>/dev/null | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')
jvm_params=$(sed -n 1p <<<"$params")
dynamic=$(sed -n 2p <<<"$params")
if [[ -z "$jvm_params" || -z "$dynamic" ]]; then
  echo "BashJavaUtils printed no TaskManager resource parameters; check $conf/config.yaml" >&2
  exit 1
fi
for i in $(seq 1 "$tms"); do
  # shellcheck disable=SC2086 # the flags are a list of words
  start "taskmanager-$i" $jvm_params -cp "$cp" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    --configDir "$conf" $dynamic
done
echo "REST/UI: http://localhost:8081  (bin/vibe generate --cluster localhost:8081 ...)"
