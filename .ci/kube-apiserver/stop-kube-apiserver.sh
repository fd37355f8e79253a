#!/usr/bin/env bash
# Stop what start-kube-apiserver.sh started in $RUN: the API server and etcd, by their pid files.
# Usage: RUN=/tmp/kas-run bash stop-kube-apiserver.sh
set -uo pipefail
RUN=${RUN:-/tmp/kas-run}
kill "$(cat "$RUN/apiserver.pid" 2>/dev/null)" "$(cat "$RUN/etcd.pid" 2>/dev/null)" 2>/dev/null || true
