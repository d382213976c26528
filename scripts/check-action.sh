#!/usr/bin/env bash
# Checks the GitHub Action and the README's workflow without GitHub:
#   1. actionlint on the README's workflow and on a workflow that uses the
#      Action from this folder (uses: ./), so that its inputs are checked
#      against action.yml;
#   2. shellcheck on every run: step of action.yml and on scripts/*.sh;
#   3. scripts/install.sh, as the Action's install step runs it, against the
#      snapshot release in dist/ (scripts/release.sh release --snapshot
#      --clean): the archive installs and runs, a tampered archive and a
#      wrong pinned SHA-256 are refused.
# Needs shellcheck (Debian: apt-get install -y shellcheck), python3 with
# PyYAML, and Go for actionlint (ACTIONLINT=path to use another binary).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "== actionlint"
actionlint="${ACTIONLINT:-}"
if [ -z "$actionlint" ]; then
	GOBIN="$tmp/bin" go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
	actionlint="$tmp/bin/actionlint"
fi
mkdir -p "$tmp/repo/.github/workflows"
python3 - "$tmp/repo/.github/workflows/readme.yml" <<'PY'
import re, sys
readme = open("README.md", encoding="utf-8").read()
blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "uses: presend/presend@" in b]
if len(blocks) != 1:
    sys.exit(f"check-action: want one README workflow that uses presend/presend@, found {len(blocks)}")
open(sys.argv[1], "w", encoding="utf-8").write(blocks[0])
PY
cp action.yml "$tmp/repo/action.yml"
mkdir -p "$tmp/repo/scripts" && cp scripts/install.sh "$tmp/repo/scripts/"
sed 's|uses: presend/presend@v[0-9.]*|uses: ./|' "$tmp/repo/.github/workflows/readme.yml" >"$tmp/repo/.github/workflows/local.yml"
cat >>"$tmp/repo/.github/workflows/local.yml" <<'YML'
      - id: text
        uses: ./
        with:
          paths: |
            templates/
            locales/fr.yml
          version: v0.1.0
          sha256: 0000000000000000000000000000000000000000000000000000000000000000
          format: text
          config: presend.toml
          args: --jobs 2
          sarif-category: presend-text
          base-url: https://example.invalid/mirror
      - run: echo "exit ${{ steps.text.outputs.exit-code }} ${{ steps.text.outputs.sarif-file }}"
YML
(cd "$tmp/repo" && git init -q . && "$actionlint" -no-color .github/workflows/readme.yml .github/workflows/local.yml)
echo "actionlint: README workflow and local use of action.yml: no problem"

echo "== shellcheck"
python3 - "$tmp/steps" <<'PY'
import os, sys, yaml
out = sys.argv[1]
os.makedirs(out)
steps = yaml.safe_load(open("action.yml", encoding="utf-8"))["runs"]["steps"]
n = 0
for i, st in enumerate(steps):
    if "run" in st:
        if "${{" in st["run"]:
            sys.exit(f"check-action: step {st.get('name', i)} puts an expression in its script: pass it through env")
        open(os.path.join(out, f"step{i}.sh"), "w").write("#!/usr/bin/env bash\nset -eo pipefail\n" + st["run"])
        n += 1
print(f"{n} run steps")
PY
shellcheck --shell=bash "$tmp"/steps/*.sh scripts/*.sh
echo "shellcheck: action.yml's run steps and scripts/*.sh: no problem"

echo "== install from the snapshot in dist/"
sums="$(find dist -maxdepth 1 -name 'presend_*_checksums.txt' 2>/dev/null | head -n 1 || true)"
if [ -z "$sums" ]; then
	echo "check-action: no snapshot in dist/: run scripts/release.sh release --snapshot --clean" >&2
	exit 1
fi
version="$(basename "$sums")"
version="${version#presend_}"
version="v${version%_checksums.txt}"
PRESEND_BASE_URL="file://$root/dist" PRESEND_INSTALL_DIR="$tmp/bin1" bash scripts/install.sh "$version"
"$tmp/bin1/presend" version | tee "$tmp/version.txt"
grep -q "^presend $version\$" "$tmp/version.txt" || { echo "check-action: installed presend is not $version" >&2; exit 1; }
printf 'Bonjour, votre commande est prête.\n' >"$tmp/draft.txt"
"$tmp/bin1/presend" lint --color never "$tmp/draft.txt" | tail -n 1

# A folder as base URL, and another OS's archive: the zip path.
PRESEND_OS=windows PRESEND_ARCH=arm64 PRESEND_BASE_URL="dist" PRESEND_INSTALL_DIR="$tmp/bin2" bash scripts/install.sh "$version"
file "$tmp/bin2/presend.exe" 2>/dev/null || ls -l "$tmp/bin2/presend.exe"

# A tampered archive is refused.
mkdir -p "$tmp/bad"
cp dist/presend_*_checksums.txt dist/*.tar.gz dist/*.zip "$tmp/bad/"
for arch in "$tmp"/bad/*_linux_amd64.tar.gz; do printf 'x' >>"$arch"; done
if PRESEND_BASE_URL="$tmp/bad" PRESEND_OS=linux PRESEND_ARCH=amd64 PRESEND_INSTALL_DIR="$tmp/bin3" bash scripts/install.sh "$version" 2>"$tmp/err"; then
	echo "check-action: a tampered archive was installed" >&2
	exit 1
fi
cat "$tmp/err"
[ ! -e "$tmp/bin3/presend" ] || { echo "check-action: tampered binary left in place" >&2; exit 1; }
# A pinned SHA-256 that does not match is refused.
if PRESEND_SHA256=0000000000000000000000000000000000000000000000000000000000000000 PRESEND_BASE_URL="dist" \
	PRESEND_INSTALL_DIR="$tmp/bin4" bash scripts/install.sh "$version" 2>"$tmp/err"; then
	echo "check-action: a wrong pinned SHA-256 was accepted" >&2
	exit 1
fi
cat "$tmp/err"
echo "check-action: all checks passed"
