#!/usr/bin/env bash
# Compares presend with Vale on real text, in CPU time: the messages of the
# labelled corpora (label<TAB>text .tsv files in ../shared/corpus next to
# the repository, or in $PRESEND_CORPUS), written at run time as one-message
# .txt files in a temporary folder (the texts are never copied into the
# repository), repeated up to FILES files.
#
#   VALE=/path/to/vale bash scripts/vale-corpus.sh [FILES]    # default 10000
#
# Vale runs its built-in style (BasedOnStyles = Vale: Vale.Spelling with its
# en_US dictionary, Vale.Repetition, Vale.Terms…); presend runs its default
# rules on the sms channel, spelling (Hunspell en_US and fr) included, and
# once with spelling suggestions off; scripts/wordmap, the floor, reads the
# same files, splits their words and looks each up once in a Go map of the
# Hunspell dictionaries' words. The tools take turns, RUNS rounds (default
# 5); each figure is the median over the rounds of the process's user+system
# CPU time (its children included) and of its wall time.
# Vale is taken from $VALE or the PATH; without it presend is timed alone.
# Vale 3.15.2 builds from the Go module proxy:
#   go install github.com/errata-ai/vale/v3/cmd/vale@v3.15.2
set -euo pipefail
n=${1:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${PRESEND_CORPUS:-$root/../shared/corpus}
runs=${RUNS:-5}
shopt -s nullglob
tsv=("$corpus"/*.tsv)
if [ ${#tsv[@]} -eq 0 ]; then
  echo "no .tsv files in $corpus (set PRESEND_CORPUS to a folder of label<TAB>text files)" >&2
  exit 2
fi
work=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "work folder: $work"; fi

go build -o "$work/presend" "$root/cmd/presend"
go build -o "$work/wordmap" "$root/scripts/wordmap"
dics=()
for d in /usr/share/hunspell/en_US.dic /usr/share/hunspell/fr.dic; do
  if [ -f "$d" ]; then dics+=(-dic "$d"); fi
done

mkdir -p "$work/repo/msgs"
python3 - "$work/repo/msgs" "$n" "${tsv[@]}" <<'PY'
import os, sys
out, n, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
texts = []
for f in files:
    with open(f, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            _, tab, text = line.rstrip("\n").partition("\t")
            if tab and text.strip():
                texts.append(text)
for i in range(n):
    with open(os.path.join(out, f"{i:06d}.txt"), "w", encoding="utf-8") as fh:
        fh.write(texts[i % len(texts)] + "\n")
PY
cat > "$work/repo/.vale.ini" <<'INI'
MinAlertLevel = suggestion

[*.txt]
BasedOnStyles = Vale
INI
printf '[rules.spelling]\nsuggestions = 0\n' > "$work/repo/nosuggest.toml"

cd "$work/repo"
# one CMD...: runs CMD once (output discarded; exit 1 means findings) and
# prints "WALL CPU" in seconds.
one() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
w = time.perf_counter() - t
r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{w:.3f} {r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime:.3f}")
PY
}
med() { python3 -c "
import statistics
rows = [l.split() for l in open('$work/times') if l.startswith('$1 ')]
print(f'{statistics.median(float(r[1]) for r in rows):.3f} {statistics.median(float(r[2]) for r in rows):.3f}')"; }
ratio() { python3 -c "print(f'{$1 / max($2, 0.001):.1f}')"; }

echo "files: $n one-message .txt files from ${#tsv[@]} corpus files; cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); medians of $runs rounds"
vale=${VALE:-$(command -v vale || true)}
: > "$work/times"
for _ in $(seq "$runs"); do
  if [ -n "$vale" ]; then echo "vale $(one "$vale" --output=line msgs)" >> "$work/times"; fi
  echo "presend $(one "$work/presend" lint --channel sms msgs)" >> "$work/times"
  echo "nosuggest $(one "$work/presend" lint --channel sms --config nosuggest.toml msgs)" >> "$work/times"
  echo "wordmap $(one "$work/wordmap" "${dics[@]}" msgs)" >> "$work/times"
done
read -r wp cp < <(med presend)
read -r wn cn < <(med nosuggest)
read -r ww cw < <(med wordmap)
echo "wordmap (the floor: read, split, one map lookup a word): cpu ${cw}s, wall ${ww}s; presend uses $(ratio "$cp" "$cw")x its CPU, $(ratio "$cn" "$cw")x with suggestions off"
if [ -n "$vale" ]; then
  read -r wv cv < <(med vale)
  echo "vale: $("$vale" --version)"
  echo "vale --output=line msgs:                     cpu ${cv}s, wall ${wv}s"
  echo "presend lint --channel sms msgs:             cpu ${cp}s, wall ${wp}s  $(ratio "$cv" "$cp")x less CPU than Vale"
  echo "presend, spelling suggestions off:           cpu ${cn}s, wall ${wn}s  $(ratio "$cv" "$cn")x less CPU than Vale"
  echo "findings: presend $("$work/presend" lint --channel sms --format github msgs 2>/dev/null | grep -c '^::' || true), vale $("$vale" --output=line msgs 2>/dev/null | wc -l | tr -d ' ')"
else
  echo "vale: not found (set VALE=/path/to/vale); presend timed alone"
  echo "presend lint --channel sms msgs:             cpu ${cp}s, wall ${wp}s"
  echo "presend, spelling suggestions off:           cpu ${cn}s, wall ${wn}s"
fi
