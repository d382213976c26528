#!/usr/bin/env bash
# Runs goreleaser at the version pinned in tools/release/go.mod, from the
# repository root, with its arguments:
#
#   scripts/release.sh check
#   scripts/release.sh release --snapshot --clean
#   scripts/release.sh release --clean          # needs a vX.Y.Z tag on HEAD and GITHUB_TOKEN
#
# goreleaser is a tool of the tools/release module, not a dependency of
# presend: the main go.mod never sees it. The first run builds it (a few
# minutes); later runs use the build cache.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${GORELEASER:-}"
if [ -z "$bin" ]; then
	bin="$root/tools/release/bin/goreleaser"
	(cd "$root/tools/release" && go build -o "$bin" github.com/goreleaser/goreleaser/v2)
fi
cd "$root"
exec "$bin" "$@"
