#!/usr/bin/env bash
# Prepares the build context of the container image (Containerfile) in a
# folder, build/container unless one is named: presend built static
# (CGO_ENABLED=0) with the release's version stamp, the CA certificates, a
# passwd and group file with the non-root user, and the English and French
# Hunspell dictionaries with their licences, taken from this machine's
# Debian packages (hunspell-en-us, hunspell-fr-classical, ca-certificates).
# The Containerfile starts FROM scratch, so nothing is pulled:
#
#   scripts/container-context.sh                      # build/container, GOARCH of this machine
#   GOARCH=arm64 scripts/container-context.sh build/container-arm64
#   podman build -f Containerfile -t presend:dev build/container
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ctx="${1:-$root/build/container}"
goarch="${GOARCH:-$(go env GOARCH)}"

need() {
	for f in "$@"; do
		if [ ! -f "$f" ]; then
			echo "container-context: $f is missing: apt-get install -y --no-install-recommends ca-certificates hunspell-en-us hunspell-fr" >&2
			exit 1
		fi
	done
}
dicts=/usr/share/hunspell
need /etc/ssl/certs/ca-certificates.crt /usr/share/doc/ca-certificates/copyright \
	"$dicts/en_US.dic" "$dicts/en_US.aff" "$dicts/fr.dic" "$dicts/fr.aff" \
	/usr/share/doc/hunspell-en-us/copyright /usr/share/doc/hunspell-fr/copyright \
	/usr/share/common-licenses/MPL-2.0
# fr.dic belongs to hunspell-fr-classical (hunspell-fr depends on one of the
# French variants); its copyright file is the one that tells the licence.
fr_pkg="$(dpkg -S "$(readlink -f "$dicts/fr.dic")" 2>/dev/null | cut -d: -f1 || true)"
fr_pkg="${fr_pkg:-hunspell-fr}"
need "/usr/share/doc/$fr_pkg/copyright"

# rootfs/ is copied to / as it is (modes kept: /tmp is 1777); home/ is
# copied with the owner 65532.
rm -rf "$ctx"
mkdir -p "$ctx/home/presend"
home="$ctx"
ctx="$ctx/rootfs"
mkdir -p "$ctx"/{etc/ssl/certs,usr/local/bin,usr/share/hunspell,usr/share/doc/presend,tmp,work}

# The version stamp, as the release build sets it (cmd/presend/version.go).
cd "$root"
version="$(git describe --tags --always --dirty 2>/dev/null || echo "(devel)")"
commit="$(git rev-parse HEAD 2>/dev/null || true)"
date="$(git log -1 --format=%cI 2>/dev/null || true)"
CGO_ENABLED=0 GOOS=linux GOARCH="$goarch" go build -trimpath \
	-ldflags "-s -w -X main.version=$version -X main.commit=$commit -X main.date=$date" \
	-o "$ctx/usr/local/bin/presend" ./cmd/presend

cp /etc/ssl/certs/ca-certificates.crt "$ctx/etc/ssl/certs/"
cat >"$ctx/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
presend:x:65532:65532:presend:/home/presend:/sbin/nologin
PASSWD
cat >"$ctx/etc/group" <<'GROUP'
root:x:0:
presend:x:65532:
GROUP

# The dictionaries presend looks for first (rules/spelling.go): en_US and
# fr, in /usr/share/hunspell, a default folder of rules/internal/spell.SearchPath.
cp -L "$dicts/en_US.dic" "$dicts/en_US.aff" "$dicts/fr.dic" "$dicts/fr.aff" "$ctx/usr/share/hunspell/"
for pkg in hunspell-en-us hunspell-fr "$fr_pkg" ca-certificates; do
	mkdir -p "$ctx/usr/share/doc/$pkg"
	cp "/usr/share/doc/$pkg/copyright" "$ctx/usr/share/doc/$pkg/copyright"
done
# hunspell-fr's copyright points at Debian's MPL-2.0 text, which the image
# would otherwise lack.
mkdir -p "$ctx/usr/share/common-licenses"
cp /usr/share/common-licenses/MPL-2.0 "$ctx/usr/share/common-licenses/"
cp LICENSE THIRD_PARTY_LICENSES.md "$ctx/usr/share/doc/presend/"

{
	echo "presend $version ($commit) linux/$goarch"
	for pkg in hunspell-en-us "$fr_pkg" ca-certificates; do
		echo "$pkg $(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || echo unknown)"
	done
} >"$ctx/usr/share/doc/presend/image-contents.txt"

chmod 1777 "$ctx/tmp"
echo "container-context: $home ready ($(du -sh "$home" | cut -f1)); presend $version linux/$goarch"
