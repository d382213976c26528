package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// redisMemory reads a Redis server's memory (INFO memory) and key count
// during a soak: what the gateway's store costs per recipient.
type redisMemory struct {
	c           *redis.Client
	out         io.Writer
	startMemory int64
	startKeys   int64
}

func newRedisMemory(ctx context.Context, rawURL string, out io.Writer) (*redisMemory, error) {
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("-redis: %w", err)
	}
	r := &redisMemory{c: redis.NewClient(opt), out: out}
	if r.startMemory, r.startKeys, err = r.read(ctx); err != nil {
		_ = r.c.Close()
		return nil, fmt.Errorf("-redis: %w", err)
	}
	fmt.Fprintf(out, "redis start: used_memory %.1f MiB, %d keys\n", mib(r.startMemory), r.startKeys)
	return r, nil
}

func (r *redisMemory) close() { _ = r.c.Close() }

// read returns used_memory and the number of keys of the selected database.
func (r *redisMemory) read(ctx context.Context) (used, keys int64, err error) {
	info, err := r.c.InfoMap(ctx, "memory").Result()
	if err != nil {
		return 0, 0, err
	}
	v := info["Memory"]["used_memory"]
	if used, err = strconv.ParseInt(strings.TrimSpace(v), 10, 64); err != nil {
		return 0, 0, fmt.Errorf("INFO memory: used_memory %q: %w", v, err)
	}
	keys, err = r.c.DBSize(ctx).Result()
	return used, keys, err
}

func (r *redisMemory) sample(ctx context.Context, sent int64) {
	used, keys, err := r.read(ctx)
	if err != nil {
		fmt.Fprintln(r.out, "redis:", err)
		return
	}
	per := 0.0
	if sent > 0 {
		per = float64(used-r.startMemory) / float64(sent)
	}
	fmt.Fprintf(r.out, "redis after ~%d requests: used_memory %.1f MiB, %d keys, %.0f bytes per request\n", sent, mib(used), keys, per)
}

// report prints the growth of Redis's memory per recorded recipient.
func (r *redisMemory) report(ctx context.Context, recorded int) {
	used, keys, err := r.read(ctx)
	if err != nil {
		fmt.Fprintln(r.out, "redis:", err)
		return
	}
	fmt.Fprintf(r.out, "redis end: used_memory %.1f MiB (+%.1f MiB), %d keys (+%d)", mib(used), mib(used-r.startMemory), keys, keys-r.startKeys)
	if recorded > 0 {
		fmt.Fprintf(r.out, "; %.0f bytes and %.2f keys per recorded request", float64(used-r.startMemory)/float64(recorded), float64(keys-r.startKeys)/float64(recorded))
	}
	fmt.Fprintln(r.out)
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }
