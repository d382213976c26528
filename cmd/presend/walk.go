package main

import (
	"path/filepath"
)

// excluder returns the Exclude of presend lint's folder walks and globs:
// presend's own baseline and history files, and what the exclude globs of
// the presend.toml that governs a path leave out (a folder's own, a file's
// folder's; --config for all when given). A configuration that cannot be
// read excludes nothing here: linting the files under it reports it.
func (c *linterCache) excluder(own ...string) func(path string, dir bool) bool {
	return func(path string, dir bool) bool {
		if !dir {
			for _, o := range own {
				if sameFile(c.cwd, path, o) {
					return true
				}
			}
		}
		from := path
		if !dir {
			from = filepath.Dir(path)
		}
		c.mu.Lock()
		l, _, err := c.lookup(from, false)
		c.mu.Unlock()
		if err != nil || l == nil {
			return false
		}
		cfg := l.Config()
		return cfg.Excludes(c.cwd, path)
	}
}

// configBaseline is the baseline setting of the presend.toml of the working
// folder (or --config), "" when there is none or it cannot be read (the run
// reports a bad configuration when it lints the files under it).
func (c *linterCache) configBaseline() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, _, err := c.lookup(".", false)
	if err != nil || l == nil {
		return ""
	}
	return l.Config().Baseline
}
