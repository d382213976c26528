#!/usr/bin/env bash
# Checks the deployment files without a cluster or a systemd install:
#   1. deploy/presend.service with `systemd-analyze verify`, in a scratch root
#      holding the presend binary and the host's system units: any warning
#      (an unknown key, a missing binary) fails;
#   2. deploy/k8s: `kubectl kustomize` renders it, and tools/deploycheck
#      decodes every object strictly into its Kubernetes API type (a misspelt
#      field fails). Skipped, and said so, without kubectl.
# The presend.toml files of deploy/ are read by `presend serve` in
# go test ./cmd/presend -run ServeDeploy.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "== systemd-analyze verify deploy/presend.service"
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$tmp/root/usr/local/bin" "$tmp/root/bin" "$tmp/root/etc/systemd/system" "$tmp/root/usr/lib/systemd"
	go build -o "$tmp/root/usr/local/bin/presend" ./cmd/presend
	cp /bin/kill "$tmp/root/bin/kill" # ExecReload runs it
	cp -r /lib/systemd/system "$tmp/root/usr/lib/systemd/"
	cp deploy/presend.service "$tmp/root/etc/systemd/system/"
	out="$(systemd-analyze verify --man=no --root="$tmp/root" presend.service 2>&1)" || { echo "$out"; exit 1; }
	if [ -n "$out" ]; then
		echo "$out"
		exit 1
	fi
	echo ok
else
	echo "skipped: no systemd-analyze"
fi

echo "== kubectl kustomize deploy/k8s + strict decoding"
if command -v kubectl >/dev/null; then
	kubectl kustomize deploy/k8s >"$tmp/k8s.yaml"
	(cd tools/deploycheck && go run . "$tmp/k8s.yaml")
else
	echo "skipped: no kubectl"
fi
