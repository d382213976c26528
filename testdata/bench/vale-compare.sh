#!/usr/bin/env bash
# Lints one generated repository of message templates with presend and with
# Vale, side by side, and prints the times and the ratio; then presend alone
# at 1/10, 1/2 and all of the files, to show the time grows linearly.
#
#   bash testdata/bench/vale-compare.sh [FILES]      # default 10000
#
# Vale is taken from $VALE or the PATH; without it only presend is timed.
# Vale runs a style written here: existence rules for spam, urgency and
# click-bait phrases, capitals and repeated exclamation marks, a
# substitution list, and an occurrence rule for sentence length. presend runs
# twice: with the comparable rules only (testdata/bench/comparable.toml:
# spammy-content, which covers the first four, sentence-length, and phrase
# rules for the substitutions), and with its whole default rule set, which
# does far more (preview, length, policy, spelling with Hunspell
# dictionaries…). Each figure is the median of RUNS runs (default 7), the
# tools taking turns.
set -euo pipefail
n=${1:-10000}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "work folder: $work"; fi

go build -o "$work/presend" "$root/cmd/presend"

# The repository: n drafts from 8 English and French templates, each file
# with its own numbers, names and dates, as a template repository has.
mkdir -p "$work/repo/drafts"
python3 - "$work/repo/drafts" "$n" <<'PY'
import sys, os, random
out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
names = ["Zoé", "Marc", "Amélie", "Tom", "Nina", "Louis", "Sarah", "Hugo"]
days = ["Monday", "Tuesday", "Thursday", "Friday"]
jours = ["lundi", "mardi", "jeudi", "vendredi"]
tpl = [
    "Hi {name}, your order {num} has shipped and arrives {day}. Track it in the app.\n",
    "Hello {name},\n\nWe hope you are well and that your summer went great. We wanted to let you know that your card ending {num} was declined, so please update it before {day} to keep your plan.\n",
    "FREE gift for you {name}! Act now: limited time offer, click here to win cash before {day}!!! Reply STOP to opt out.\n",
    "Your appointment {num} is confirmed for {day} at 10:00. Reply C to cancel or R to reschedule.\n",
    "Bonjour {name}, votre commande n° {num} est expédiée et arrive {jour}. Suivez-la dans l'application.\n",
    "Bonjour à tous, nous espérons que vous allez bien et que l'été s'est bien passé. Votre paiement n° {num} a été refusé : merci de mettre à jour votre carte avant {jour}.\n",
    "CADEAU GRATUIT pour vous {name} ! Offre limitée, cliquez ici pour gagner de l'argent avant {jour} !!! Répondez STOP pour vous désabonner.\n",
    "Votre rendez-vous {num} est confirmé pour {jour} à 10 h. Répondez A pour annuler.\n",
]
for i in range(n):
    t = tpl[i % len(tpl)]
    s = t.format(name=rnd.choice(names), num=rnd.randint(1000, 99999), day=rnd.choice(days), jour=rnd.choice(jours))
    with open(os.path.join(out, f"{i:05d}.md"), "w") as f:
        f.write(s)
PY

# The Vale style.
mkdir -p "$work/repo/styles/Presend"
cat > "$work/repo/.vale.ini" <<'INI'
StylesPath = styles
MinAlertLevel = suggestion

[*.md]
BasedOnStyles = Presend
INI
cat > "$work/repo/styles/Presend/Spam.yml" <<'YML'
extends: existence
message: "spam phrase '%s'"
level: error
ignorecase: true
tokens:
  - free gift
  - act now
  - limited time
  - click here
  - win cash
  - cadeau gratuit
  - offre limitée
  - cliquez ici
  - gagner de l'argent
YML
cat > "$work/repo/styles/Presend/Urgency.yml" <<'YML'
extends: existence
message: "urgency '%s'"
level: warning
ignorecase: true
tokens:
  - before \w+day
  - today only
  - last chance
  - dernière chance
YML
cat > "$work/repo/styles/Presend/Capitals.yml" <<'YML'
extends: existence
message: "shouting '%s'"
level: warning
raw:
  - '\b[A-ZÀ-Ý]{4,}\b'
YML
cat > "$work/repo/styles/Presend/Exclamations.yml" <<'YML'
extends: existence
message: "repeated exclamation marks"
level: warning
nonword: true
tokens:
  - '!{2,}'
YML
cat > "$work/repo/styles/Presend/Greeting.yml" <<'YML'
extends: substitution
message: "use '%s' instead of '%s'"
level: suggestion
ignorecase: true
swap:
  hello everyone: hi
  we hope you are well: ""
  bonjour à tous: bonjour
YML
cat > "$work/repo/styles/Presend/SentenceLength.yml" <<'YML'
extends: occurrence
message: "sentence over 30 words"
level: warning
scope: sentence
max: 30
token: \b(\w+)\b
YML

cd "$work/repo"
runs=${RUNS:-7}
count() { find drafts -name '*.md' | wc -l | tr -d ' '; }
# median RUNS CMD...: runs CMD (output discarded, exit code ignored: 1 means
# findings) and prints "WALL CPU", the medians in seconds of wall-clock time
# and of user+system CPU time.
median() {
  local n=$1; shift
  python3 - "$n" "$@" <<'PY'
import resource, statistics, subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
walls, cpus = [], []
for _ in range(n):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls.append(time.perf_counter() - t)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
print(f"{statistics.median(walls):.3f} {statistics.median(cpus):.3f}")
PY
}
ratio() { python3 -c "print(f'{$1 / $2:.1f}')"; }
rate() { python3 -c "print(int($1 / max($2, 0.001)))"; }

echo "files: $(count) drafts, $(du -sh drafts | cut -f1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); medians of $runs runs"
vale=${VALE:-$(command -v vale || true)}
if [ -n "$vale" ]; then
  echo "vale: $("$vale" --version)"
  # Rounds alternate the tools, so that a slow spell of a shared machine
  # falls on both.
  : > "$work/times"
  for _ in $(seq "$runs"); do
    echo "vale $(median 1 "$vale" --output=line drafts)" >> "$work/times"
    echo "default $(median 1 "$work/presend" lint drafts)" >> "$work/times"
    echo "comparable $(median 1 "$work/presend" lint --config "$root/testdata/bench/comparable.toml" drafts)" >> "$work/times"
  done
  med() { python3 -c "
import statistics, sys
rows = [l.split() for l in open('$work/times') if l.startswith('$1 ')]
print(f'{statistics.median(float(r[1]) for r in rows):.3f} {statistics.median(float(r[2]) for r in rows):.3f}')"; }
  read -r wv cv < <(med vale)
  read -r wd cd < <(med default)
  read -r wc cc < <(med comparable)
  echo "vale --output=line drafts:                  wall ${wv}s, cpu ${cv}s  ($(rate "$n" "$wv") files/s)"
  echo "presend lint drafts (all 18 rules):         wall ${wd}s, cpu ${cd}s  ($(rate "$n" "$wd") files/s)  $(ratio "$wv" "$wd")x faster in wall time, $(ratio "$cv" "$cd")x in CPU time"
  echo "presend lint, comparable rules (comparable.toml): wall ${wc}s, cpu ${cc}s  ($(rate "$n" "$wc") files/s)  $(ratio "$wv" "$wc")x faster in wall time, $(ratio "$cv" "$cc")x in CPU time"
  # Both found something: a sanity check that both really linted.
  echo "findings: presend $("$work/presend" lint --format github drafts 2>/dev/null | grep -c '^::' || true) (comparable rules: $("$work/presend" lint --config "$root/testdata/bench/comparable.toml" --format github drafts 2>/dev/null | grep -c '^::' || true)), vale $("$vale" --output=line drafts 2>/dev/null | wc -l | tr -d ' ')"
else
  echo "vale: not found (set VALE=/path/to/vale); presend timed alone"
  read -r wd cd < <(median "$runs" "$work/presend" lint drafts)
  echo "presend lint drafts: wall ${wd}s, cpu ${cd}s  ($(rate "$n" "$wd") files/s)"
fi

# Linear scaling: presend on the first tenth, half and all of the files.
find drafts -name '*.md' | sort > "$work/list"
for part in $((n / 10)) $((n / 2)) "$n"; do
  mkdir -p "part$part"
  head -n "$part" "$work/list" | xargs cp -t "part$part/"
  read -r w c < <(median "$runs" "$work/presend" lint "part$part")
  echo "presend lint, $part files: wall ${w}s, cpu ${c}s  ($(rate "$part" "$w") files/s)"
done
