#!/usr/bin/env bash
# Builds kube-apiserver and etcd from Debian's packages into $KAS_CACHE unless they are there already
# (about 7 minutes, once; cached outside the clone). Used by .ci/images (.ci/real-apiserver-it does the same).
set -euo pipefail
cd "$(dirname "$0")/../.."
KAS_CACHE=${KAS_CACHE:-$HOME/.cache/rootkey-kube-apiserver}
if [ ! -x "$KAS_CACHE/bin/kube-apiserver" ] || [ ! -x "$KAS_CACHE/bin/etcd" ]; then
  echo "Building kube-apiserver and etcd into $KAS_CACHE (about 7 minutes, once)"
  LOG=$(mktemp)
  apt-get update -qq
  WORK="$KAS_CACHE" bash .ci/kube-apiserver/build-kube-apiserver.sh > "$LOG" 2>&1 \
    || { tail -50 "$LOG"; rm -f "$LOG"; exit 1; }
  rm -f "$LOG"
fi
