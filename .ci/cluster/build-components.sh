#!/usr/bin/env bash
# Builds kube-controller-manager, kube-scheduler, kubelet and kube-proxy into $KAS_CACHE/bin unless
# they are there already, in the Kubernetes source tree .ci/kube-apiserver/build-kube-apiserver.sh
# unpacked there (same Debian source, same Go, its build cache reused): about 12 minutes on 2
# cores, once. The kubelet links libc dynamically (CGO_ENABLED=1, as Debian builds it); the others
# come out static.
set -euo pipefail
cd "$(dirname "$0")/../.."
KAS_CACHE=${KAS_CACHE:-$HOME/.cache/rootkey-kube-apiserver}
COMPONENTS=(kube-controller-manager kube-scheduler kubelet kube-proxy)

missing=()
for c in "${COMPONENTS[@]}"; do
  [ -x "$KAS_CACHE/bin/$c" ] || missing+=("cmd/$c")
done
[ ${#missing[@]} -eq 0 ] && exit 0

KAS_CACHE="$KAS_CACHE" bash .ci/kube-apiserver/ensure-built.sh
command -v gcc >/dev/null 2>&1 || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev >/dev/null
}
echo "Building ${missing[*]} into $KAS_CACHE/bin (about 12 minutes, once)"
K8S=$(ls -d "$KAS_CACHE"/src/kubernetes-1.*/ | head -1)
LOG=$(mktemp)
(
  export GOROOT="$KAS_CACHE/root/usr/lib/go-1.19"
  export PATH="$GOROOT/bin:$KAS_CACHE/root/usr/bin:$PATH"
  export LD_LIBRARY_PATH="$KAS_CACHE/root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export GOCACHE="$KAS_CACHE/gocache" GOPROXY=off CGO_ENABLED=1 HOME="$KAS_CACHE/home"
  cd "$K8S"
  nice make WHAT="${missing[*]}"
) > "$LOG" 2>&1 || { tail -50 "$LOG"; rm -f "$LOG"; exit 1; }
rm -f "$LOG"
for c in "${missing[@]}"; do
  cp "$K8S/_output/local/bin/linux/amd64/${c#cmd/}" "$KAS_CACHE/bin/"
done
