package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

func fakeBuildInfo(version string, settings ...string) func() (*debug.BuildInfo, bool) {
	return func() (*debug.BuildInfo, bool) {
		bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/presend/presend", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi, true
	}
}

func TestResolveBuild(t *testing.T) {
	vcs := []string{"vcs", "git", "vcs.revision", "0123456789abcdef0123456789abcdef01234567", "vcs.time", "2026-12-01T10:00:00Z", "vcs.modified", "true"}
	noInfo := func() (*debug.BuildInfo, bool) { return nil, false }
	cases := []struct {
		name          string
		v, c, d       string
		read          func() (*debug.BuildInfo, bool)
		want          buildInfo
		ignoreGoField bool
	}{
		{
			name: "release build: the stamped values win over the build information",
			v:    "v0.1.0", c: "fedcba9876543210fedcba9876543210fedcba98", d: "2026-12-07T03:00:00Z",
			read: fakeBuildInfo("v0.0.0-20261201100000-0123456789ab+dirty", vcs...),
			want: buildInfo{Version: "v0.1.0", Commit: "fedcba9876543210fedcba9876543210fedcba98", Date: "2026-12-07T03:00:00Z", Go: "go1.26.8"},
		},
		{
			name: "go install module@v0.1.0: the module version, no VCS settings",
			read: fakeBuildInfo("v0.1.0"),
			want: buildInfo{Version: "v0.1.0", Commit: "unknown", Date: "unknown", Go: "go1.26.8"},
		},
		{
			name: "go build in a modified checkout: pseudo-version, revision, time, modified",
			read: fakeBuildInfo("v0.0.0-20261201100000-0123456789ab+dirty", vcs...),
			want: buildInfo{Version: "v0.0.0-20261201100000-0123456789ab+dirty", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-12-01T10:00:00Z", Modified: true, Go: "go1.26.8"},
		},
		{
			name: "only the version stamped: commit and date from the checkout",
			v:    "v0.2.0-rc.1",
			read: fakeBuildInfo("(devel)", vcs[:6]...),
			want: buildInfo{Version: "v0.2.0-rc.1", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-12-01T10:00:00Z", Go: "go1.26.8"},
		},
		{
			name: "no build information at all",
			read: noInfo, ignoreGoField: true,
			want: buildInfo{Version: "(devel)", Commit: "unknown", Date: "unknown"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := resolveBuild(c.v, c.c, c.d, c.read)
			if got.OS != runtime.GOOS || got.Arch != runtime.GOARCH {
				t.Errorf("os/arch %s/%s, want %s/%s", got.OS, got.Arch, runtime.GOOS, runtime.GOARCH)
			}
			got.OS, got.Arch = "", ""
			if c.ignoreGoField {
				if got.Go != runtime.Version() {
					t.Errorf("go %q, want the runtime's %q", got.Go, runtime.Version())
				}
				got.Go = ""
			}
			if got != c.want {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestVersionCommand(t *testing.T) {
	code, out, _ := presend(t, "", "version")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != exitOK || len(lines) != 4 || !strings.HasPrefix(lines[0], "presend ") ||
		!strings.HasPrefix(lines[1], "commit: ") || !strings.HasPrefix(lines[2], "built:  ") ||
		lines[3] != "go:     "+currentBuild().Go+" "+runtime.GOOS+"/"+runtime.GOARCH {
		t.Fatalf("version: exit %d\n%s", code, out)
	}
	code, out, _ = presend(t, "", "version", "--format", "json")
	var b buildInfo
	if err := json.Unmarshal([]byte(out), &b); code != exitOK || err != nil || b != currentBuild() {
		t.Fatalf("version --format json: exit %d, %v\n%s", code, err, out)
	}
	if code, _, errs := presend(t, "", "version", "--format", "yaml"); code != exitError || !strings.Contains(errs, `"yaml"`) {
		t.Errorf("--format yaml: exit %d %q", code, errs)
	}
	if code, _, errs := presend(t, "", "version", "extra"); code != exitError || !strings.Contains(errs, `"extra"`) {
		t.Errorf("extra argument: exit %d %q", code, errs)
	}
}

// TestVersionBuilt builds the real binary: as the release does, with the -X
// flags of .goreleaser.yaml, and as a plain go build in a git clone, clean
// then modified, which falls back to the build information. The clone is
// needed because Go records VCS information only under a .git folder, and a
// linked worktree has a .git file.
func TestVersionBuilt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds presend three times")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	build := func(name, src string, args ...string) string {
		t.Helper()
		bin := filepath.Join(dir, name)
		cmd := exec.Command(goBin, append(append([]string{"build", "-trimpath", "-o", bin}, args...), "./cmd/presend")...)
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %v: %v\n%s", args, err, out)
		}
		return bin
	}
	versionOf := func(bin string) buildInfo {
		t.Helper()
		out, err := exec.Command(bin, "version", "--format", "json").Output()
		if err != nil {
			t.Fatalf("%s version: %v", bin, err)
		}
		var b buildInfo
		if err := json.Unmarshal(out, &b); err != nil {
			t.Fatalf("%s version: %v\n%s", bin, err, out)
		}
		return b
	}

	// The ldflags are those of .goreleaser.yaml, read from it so that a
	// renamed variable fails here.
	cfg, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"main.version=", "main.commit=", "main.date="} {
		if !strings.Contains(string(cfg), "-X "+v) {
			t.Errorf(".goreleaser.yaml does not set -X %s", v)
		}
	}
	stamped := versionOf(build("stamped", "../..", "-ldflags",
		"-s -w -X main.version=v9.8.7 -X main.commit=abcdef0123456789abcdef0123456789abcdef01 -X main.date=2026-12-07T03:00:00Z"))
	if stamped.Version != "v9.8.7" || stamped.Commit != "abcdef0123456789abcdef0123456789abcdef01" ||
		stamped.Date != "2026-12-07T03:00:00Z" || stamped.Modified {
		t.Errorf("stamped build: %+v", stamped)
	}

	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git: the fallback to the VCS information is not checked")
	}
	git := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(gitBin, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	top, err := exec.Command(gitBin, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skip("not a git checkout: the fallback to the VCS information is not checked")
	}
	clone := filepath.Join(dir, "clone")
	git("clone", "--quiet", "--no-hardlinks", strings.TrimSpace(string(top)), clone)
	head := git("-C", clone, "rev-parse", "HEAD")
	when := git("-C", clone, "log", "-1", "--format=%cI")

	// -buildvcs=true over a GOFLAGS=-buildvcs=false that a machine may set.
	plain := versionOf(build("plain", clone, "-buildvcs=true"))
	if plain.Commit != head || plain.Modified || plain.Version == "v9.8.7" || plain.Version == "" {
		t.Errorf("plain build: %+v, want commit %s, not modified", plain, head)
	}
	if at, err := time.Parse(time.RFC3339, plain.Date); err != nil || !at.Equal(mustTime(t, when)) {
		t.Errorf("plain build: date %q, want the commit's %s", plain.Date, when)
	}

	writeFile(t, filepath.Join(clone, "README.md"), "changed\n")
	modified := versionOf(build("modified", clone, "-buildvcs=true"))
	if modified.Commit != head || !modified.Modified {
		t.Errorf("build with a changed file: %+v, want commit %s, modified", modified, head)
	}
	out, err := exec.Command(filepath.Join(dir, "modified"), "version").Output()
	if err != nil || !strings.Contains(string(out), "commit: "+head+" (modified)\n") {
		t.Errorf("modified build, text output: %v\n%s", err, out)
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("time %q: %v", s, err)
	}
	return at
}
