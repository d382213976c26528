#!/usr/bin/env bash
# Installs a presend release: downloads the archive for this OS and
# architecture and the release's checksums file, checks the archive's
# SHA-256 against it (and against PRESEND_SHA256 when that is set), then
# puts the binary in a folder. Used by action.yml; works on Linux, macOS and
# Windows (Git Bash) with curl, tar or unzip, and sha256sum or shasum.
#
#   scripts/install.sh v0.1.0                          # into ./bin
#   PRESEND_INSTALL_DIR=$HOME/.local/bin scripts/install.sh v0.1.0
#   PRESEND_BASE_URL=file://$PWD/dist scripts/install.sh v0.1.0-SNAPSHOT-abc1234   # a local snapshot
#
# Environment:
#   PRESEND_BASE_URL     where the release's files are (default: the GitHub
#                        release of the version); https://, file:// or a folder
#   PRESEND_INSTALL_DIR  where presend goes (default: ./bin)
#   PRESEND_SHA256       the archive's expected SHA-256, pinned by the caller
#   PRESEND_OS, PRESEND_ARCH  override the detected linux|darwin|windows, amd64|arm64
set -euo pipefail

die() {
	echo "presend install: $*" >&2
	exit 1
}

tag="${1:-${PRESEND_VERSION:-}}"
[ -n "$tag" ] || die "name a version, such as v0.1.0 (there is no 'latest': pin it)"
case "$tag" in
v[0-9]*) ;;
[0-9]*) tag="v$tag" ;;
*) die "version $tag: want vX.Y.Z" ;;
esac
version="${tag#v}"

os="${PRESEND_OS:-}"
if [ -z "$os" ]; then
	case "$(uname -s)" in
	Linux) os=linux ;;
	Darwin) os=darwin ;;
	MINGW* | MSYS* | CYGWIN* | Windows_NT) os=windows ;;
	*) die "unsupported OS $(uname -s): presend releases are for linux, darwin and windows" ;;
	esac
fi
arch="${PRESEND_ARCH:-}"
if [ -z "$arch" ]; then
	case "$(uname -m)" in
	x86_64 | amd64) arch=amd64 ;;
	aarch64 | arm64) arch=arm64 ;;
	*) die "unsupported architecture $(uname -m): presend releases are for amd64 and arm64" ;;
	esac
fi

ext=tar.gz
exe=presend
if [ "$os" = windows ]; then
	ext=zip
	exe=presend.exe
fi
archive="presend_${version}_${os}_${arch}.${ext}"
sums="presend_${version}_checksums.txt"
base="${PRESEND_BASE_URL:-https://github.com/presend/presend/releases/download/$tag}"
base="${base%/}"
case "$base" in
*://*) ;;
*) base="file://$(cd "$base" && pwd)" ;; # a local folder
esac
dest="${PRESEND_INSTALL_DIR:-bin}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fetch() {
	curl --fail --silent --show-error --location --retry 3 --proto '=https,file' \
		--output "$tmp/$1" "$base/$1" || die "cannot download $base/$1"
}
fetch "$sums"
fetch "$archive"

sha256() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d' ' -f1
	elif command -v shasum >/dev/null 2>&1; then
		shasum -a 256 "$1" | cut -d' ' -f1
	else
		die "no sha256sum or shasum to check the download"
	fi
}
got="$(sha256 "$tmp/$archive")"
want="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$tmp/$sums")"
[ -n "$want" ] || die "$archive is not listed in $sums"
[ "$got" = "$want" ] || die "$archive: SHA-256 $got, but $sums says $want"
if [ -n "${PRESEND_SHA256:-}" ] && [ "$got" != "$PRESEND_SHA256" ]; then
	die "$archive: SHA-256 $got, but the pinned PRESEND_SHA256 is $PRESEND_SHA256"
fi

mkdir -p "$tmp/x"
if [ "$ext" = zip ]; then
	unzip -q "$tmp/$archive" "$exe" -d "$tmp/x"
else
	tar -xzf "$tmp/$archive" -C "$tmp/x" "$exe"
fi
mkdir -p "$dest"
mv "$tmp/x/$exe" "$dest/$exe"
chmod 0755 "$dest/$exe"
echo "presend $tag ($os/$arch) installed in $dest/$exe, SHA-256 of $archive checked: $got"
