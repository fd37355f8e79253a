#!/usr/bin/env bash
# Makes the two images the cluster needs besides the project's, from Debian packages with buildah
# (no registry is reachable here), as docker archives in $IMAGES (cached; seconds to make):
# - pause.tar: localhost/pause:3.6, catatonit -P, the kubelet's pod sandbox image;
# - busybox.tar: docker.io/library/busybox:1.36, Debian's static busybox under the name the
#   examples' workload (examples/billing-api.yaml) asks for.
set -euo pipefail
IMAGES=$1
BUILDAH=$2   # buildah with the storage options of the caller
mkdir -p "$IMAGES"
for tool in buildah:buildah busybox:busybox-static catatonit:catatonit; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || [ -x "/bin/${tool%%:*}" ] || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null
  }
done

if [ ! -s "$IMAGES/busybox.tar" ]; then
  c=$($BUILDAH from scratch)
  m=$($BUILDAH mount "$c")
  mkdir -p "$m/bin" "$m/etc"
  install -d -m 1777 "$m/tmp"
  cp "$(command -v busybox || echo /bin/busybox)" "$m/bin/busybox"
  chroot "$m" /bin/busybox --install -s /bin
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/sh\n' > "$m/etc/passwd"
  $BUILDAH umount "$c" >/dev/null
  $BUILDAH config --cmd '["/bin/sh"]' --env PATH=/bin "$c"
  $BUILDAH commit --quiet "$c" docker.io/library/busybox:1.36 >/dev/null
  $BUILDAH rm "$c" >/dev/null
  $BUILDAH push --quiet docker.io/library/busybox:1.36 \
    "docker-archive:$IMAGES/busybox.tar.part:docker.io/library/busybox:1.36"
  mv "$IMAGES/busybox.tar.part" "$IMAGES/busybox.tar"
fi

if [ ! -s "$IMAGES/pause.tar" ]; then
  c=$($BUILDAH from scratch)
  $BUILDAH copy --quiet "$c" "$(command -v catatonit || echo /usr/bin/catatonit)" /catatonit
  $BUILDAH config --entrypoint '["/catatonit", "-P"]' "$c"
  $BUILDAH commit --quiet "$c" localhost/pause:3.6 >/dev/null
  $BUILDAH rm "$c" >/dev/null
  $BUILDAH push --quiet localhost/pause:3.6 "docker-archive:$IMAGES/pause.tar.part:localhost/pause:3.6"
  mv "$IMAGES/pause.tar.part" "$IMAGES/pause.tar"
fi
