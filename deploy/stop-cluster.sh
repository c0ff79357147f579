#!/usr/bin/env bash
# Stops the processes deploy/start-cluster.sh started (by their recorded pids only).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${VIBE_CLUSTER_DIR:-$home/target/vibe-cluster}"
for pidfile in "$dir"/*.pid; do
  [[ -e "$pidfile" ]] || continue
  pid=$(cat "$pidfile")
  if kill "$pid" 2>/dev/null; then
    echo "stopped $(basename "$pidfile" .pid) (pid $pid)"
  fi
  rm -f "$pidfile"
done
