// Package redisstore is the sending history (lint/history) kept in a Redis
// server, shared by every gateway that points at it. It lives apart from
// lint/history so that a library user of lint does not link a Redis client.
package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/presend/presend/lint/history"
)

// Store is a history.Store kept in a Redis server, shared by every gateway that
// points at it. Each operation is one round trip running one Lua script, so
// Record's compare-version-and-append is atomic across processes: of two
// gateways that checked a message against the same View, one records and
// the other gets ErrConflict.
//
// # Key layout
//
// With the default prefix "presend:", a recipient R has two keys and a
// one-time-notification token T one:
//
//	presend:r:{R}  hash: v = version (decimal), l = ID of the send that made
//	               it, is/in = last inbound time (Unix seconds, nanoseconds),
//	               as/an = the latest first message after an ad (the same),
//	               cs/cn = the latest ad click without a message (the same),
//	               ch = the channel an inbound event named
//	presend:s:{R}  sorted set of sends, scored by time in Unix microseconds
//	presend:t:{T}  string: the token's first use
//
// R and T are escaped (% { } become %25 %7B %7D) so that the part in braces
// is the whole recipient: it is the Redis Cluster hash tag that puts both
// keys of a recipient in one slot. A send is stored as compact JSON with
// one-letter names (wireSend); its first field is the version its Record
// made, as 16 hex digits, which keeps two identical sends apart and orders
// sends of equal score by record order, as the memory store does. Scores
// have microsecond precision; View sorts by the exact time, but the rare
// sends less than a microsecond apart are trimmed by record order.
//
// # Scripts
//
// View reads the hash, the sends from now - Retention on and the token in
// one script, a consistent snapshot. Record checks the version, appends the
// send, sets the new version, drops sends older than Retention before the
// send's time and the oldest beyond MaxSends, refreshes the expiry and
// keeps the token's earliest use, in one script. Remove deletes the send
// with the given ID, bumps the version, and forgets the token's use if it
// was this send, in one script. RecordInboundEvent keeps the later inbound
// time, and with it, in the same script, the later ad-opened time (for an
// event that came from an ad) and the channel the event named.
// Reserve is Record with a lease and a deadline, both on the server's clock
// (TIME): the script stores nothing when it runs after the deadline, and
// marks the member and the token use with the lease's end
// (,"x":<microseconds> at the end of the JSON); View leaves out those whose
// lease ended, Record drops them, and Confirm removes the mark.
//
// # Time
//
// Which entries a View sees is decided by the caller's now, as with the
// memory store, so a send log from last year replays the same way today.
// Independently, every write sets a Redis TTL (PEXPIRE) of Retention on the
// recipient's keys, and of TokenRetention on a token key when it is set, so
// that recipients nobody writes to vanish from the server. Those TTLs
// follow the server's wall clock, not the times of the sends: a replayed
// log stays in Redis for Retention after the replay and is then gone,
// whatever now a later View gives.
//
// # Failures
//
// New sets a dial timeout of 2 s (one dial per attempt), read and
// write timeouts of 1 s and one retry, unless the URL sets them
// (dial_timeout, read_timeout, write_timeout, max_retries, as parsed by
// go-redis); a context's deadline is honoured too. A server that refuses
// connections is reported within milliseconds; one that does not answer at
// all, after at most two attempts of 2 s. Errors wrap go-redis's.
//
// The retry covers a connection that broke, which may happen after the
// server ran a script but before its reply arrived. Record is therefore
// idempotent by Send.ID: a repeated Record that was already applied reports
// success rather than a conflict with itself (the memory store, which
// cannot lose a reply, would report ErrConflict).
//
// A Redis Cluster is not supported: a View or Record with a token touches
// the token's key, which lies in another slot than the recipient's.
type Store struct {
	client  *redis.Client
	limits  history.Limits
	prefix  string
	pending *pending // failed confirmations and removals, retried by View
	shown   string   // the URL as errors show it: no password, no query
}

// DefaultKeyPrefix starts every key the Redis store writes.
const DefaultKeyPrefix = "presend:"

// Connection defaults, used unless the URL's query sets them.
const (
	redisDialTimeout = 2 * time.Second
	redisIOTimeout   = 1 * time.Second
)

// A Option changes how New sets up the store.
type Option func(*Store)

// KeyPrefix sets the prefix of every key the store writes (default
// "presend:"), so that several stores can share one database. It overrides
// the URL's key_prefix parameter. The prefix must not contain braces.
func KeyPrefix(p string) Option {
	return func(r *Store) { r.prefix = p }
}

// New connects to the Redis server at rawURL,
// redis://[user:password@]host:port/db or rediss:// for TLS, and checks
// that it answers. Besides go-redis's query parameters (dial_timeout,
// read_timeout, write_timeout, max_retries, pool_size, ...), the URL may
// hold key_prefix. Errors never contain the password.
func New(ctx context.Context, rawURL string, l history.Limits, opts ...Option) (*Store, error) {
	r, err := Open(rawURL, l, opts...)
	if err != nil {
		return nil, err
	}
	if err := r.client.Ping(ctx).Err(); err != nil {
		_ = r.client.Close()
		return nil, fmt.Errorf("history: redis at %s: %w", r.shown, err)
	}
	return r, nil
}

// Open is New without asking the server anything: a URL or option that
// cannot be used is an error, a server that does not answer (yet) is not.
// Each call fails until it answers, and Ping says whether it does: a
// gateway started while Redis is down runs, not ready, instead of exiting.
func Open(rawURL string, l history.Limits, opts ...Option) (*Store, error) {
	r := &Store{limits: l.WithDefaults(), prefix: DefaultKeyPrefix, pending: &pending{}}
	o, shown, err := parseRedisURL(rawURL, &r.prefix)
	if err != nil {
		return nil, err
	}
	for _, opt := range opts {
		opt(r)
	}
	if strings.ContainsAny(r.prefix, "{}") {
		return nil, fmt.Errorf("history: redis key prefix %q contains a brace", r.prefix)
	}
	if o.DialTimeout == 0 {
		o.DialTimeout = redisDialTimeout
	}
	if o.ReadTimeout == 0 {
		o.ReadTimeout = redisIOTimeout
	}
	if o.WriteTimeout == 0 {
		o.WriteTimeout = redisIOTimeout
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = 1
	}
	// One dial per attempt: a server that refuses connections is
	// reported at once instead of after five dials per command.
	o.DialerRetries = 1
	o.ContextTimeoutEnabled = true
	r.client = redis.NewClient(o)
	r.shown = shown
	return r, nil
}

// parseRedisURL returns go-redis's options for raw, and raw as errors may
// show it: without password or query. It sets *prefix from the key_prefix
// parameter, if there is one.
func parseRedisURL(raw string, prefix *string) (o *redis.Options, shown string, err error) {
	const form = "want redis://[user:password@]host:port/db"
	const garbled = "history: invalid redis URL: " + form + ", with '/', '?', '#' and '@' in the password written %2F, %3F, %23, %40"
	u, err := url.Parse(raw)
	switch {
	case err != nil && strings.Contains(raw, "@"):
		// The reason (an "invalid port", say) may quote a piece of a
		// password that holds a '/', '?' or '#'.
		return nil, "", errors.New(garbled)
	case err != nil:
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // ue.Error repeats the URL
		}
		return nil, "", fmt.Errorf("history: invalid redis URL: %w", err)
	case u.Opaque != "" || strings.Contains(u.EscapedPath()+u.RawQuery+u.Fragment, "@"):
		return nil, "", errors.New(garbled)
	}
	safe := *u
	safe.RawQuery, safe.Fragment = "", ""
	shown = safe.Redacted()
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return nil, "", fmt.Errorf("history: invalid redis URL %s: scheme %q, %s", shown, u.Scheme, form)
	}
	if q := u.Query(); q.Has("key_prefix") {
		*prefix = q.Get("key_prefix")
		q.Del("key_prefix")
		u.RawQuery = q.Encode()
	}
	if o, err = redis.ParseURL(u.String()); err != nil {
		return nil, "", fmt.Errorf("history: invalid redis URL %s: %w", shown, err)
	}
	return o, shown, nil
}

// Limits returns the store's effective limits.
func (r *Store) Limits() history.Limits { return r.limits }

// Key escaping keeps the recipient whole inside the braces of the hash tag.
var keyEscaper = strings.NewReplacer("%", "%25", "{", "%7B", "}", "%7D")

func (r *Store) recipientKeys(recipient string) (hash, sends string) {
	e := keyEscaper.Replace(recipient)
	return r.prefix + "r:{" + e + "}", r.prefix + "s:{" + e + "}"
}

func (r *Store) tokenKey(token string) string {
	return r.prefix + "t:{" + keyEscaper.Replace(token) + "}"
}

// wireRecord is a Send as stored in Redis: the sequence number of the
// Record that stored it first (members of equal score sort by it), then
// the send. Recipient is only stored with a token's use; a send in a
// recipient's set takes it from the key.
type wireRecord struct {
	Seq string `json:"q,omitempty"`
	wireSend
}

// wireSend is what a View reads back of a stored send: the sequence number
// is skipped, not decoded.
type wireSend struct {
	Sec            int64  `json:"s"`
	Nsec           int    `json:"n,omitempty"`
	ID             string `json:"i,omitempty"`
	Recipient      string `json:"c,omitempty"`
	Automated      bool   `json:"a,omitempty"`
	Promotional    bool   `json:"p,omitempty"`
	Fingerprint    uint64 `json:"f,omitempty"`
	SimHash        uint64 `json:"h,omitempty"`
	Token          string `json:"k,omitempty"`
	MarketingToken string `json:"m,omitempty"`
	OptinTitle     string `json:"o,omitempty"`
	Ref            string `json:"r,omitempty"`
}

func encodeSend(s history.Send, seq uint64, withRecipient bool) string {
	w := wireRecord{Seq: fmt.Sprintf("%016x", seq), wireSend: wireSend{
		Sec:            s.At.Unix(),
		Nsec:           s.At.Nanosecond(),
		ID:             s.ID,
		Automated:      s.Automated,
		Promotional:    s.Promotional,
		Fingerprint:    s.Fingerprint,
		SimHash:        s.SimHash,
		Token:          s.Token,
		MarketingToken: s.MarketingToken,
		OptinTitle:     s.OptinTitle,
		Ref:            s.Ref,
	}}
	if withRecipient {
		w.Recipient = s.Recipient
	}
	b, err := json.Marshal(w)
	if err != nil {
		panic(err) // strings, numbers and booleans always encode
	}
	return string(b)
}

func decodeSend(b string, recipient string) (history.Send, error) {
	var w wireSend
	if err := json.Unmarshal([]byte(b), &w); err != nil {
		return history.Send{}, fmt.Errorf("stored send %.40q: %w", b, err)
	}
	if w.Recipient != "" {
		recipient = w.Recipient
	}
	return history.Send{
		ID:             w.ID,
		Recipient:      recipient,
		At:             time.Unix(w.Sec, int64(w.Nsec)).UTC(),
		Automated:      w.Automated,
		Promotional:    w.Promotional,
		Fingerprint:    w.Fingerprint,
		SimHash:        w.SimHash,
		Token:          w.Token,
		MarketingToken: w.MarketingToken,
		OptinTitle:     w.OptinTitle,
		Ref:            w.Ref,
	}, nil
}

// micros returns t in Unix microseconds, rounded down: a sorted-set score,
// exact in a float64 until the year 2255.
func micros(t time.Time) string {
	return strconv.FormatInt(t.Unix()*1e6+int64(t.Nanosecond()/1e3), 10)
}

func millis(d time.Duration) string {
	return strconv.FormatInt(max(d.Milliseconds(), 1), 10)
}

// viewScript reads a recipient's version, last inbound time and sends from
// a score on, and a token's use.
// KEYS: hash, sends (if ARGV[2] is 1), token (if ARGV[3] is 1).
// ARGV: lowest score, has recipient, has token.
// Returns: version, inbound seconds, inbound nanoseconds, token use, sends,
// ad inbound seconds, ad inbound nanoseconds, channel.
// A reservation that was not confirmed leaves out sends and token uses
// whose lease (",\"x\":<server microseconds>}" at the end) has passed.
var viewScript = sync.OnceValue(func() *redis.Script {
	return redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local function live(m)
  local x = string.match(m, ',"x":(%d+)}$')
  return x == nil or tonumber(x) > now
end
local out = {false, false, false, false, {}, false, false, false}
local k = 1
if ARGV[2] == '1' then
  local h = redis.call('HMGET', KEYS[1], 'v', 'is', 'in', 'as', 'an', 'ch')
  out[1], out[2], out[3] = h[1], h[2], h[3]
  out[6], out[7], out[8] = h[4], h[5], h[6]
  local keep = {}
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], '+inf')) do
    if live(m) then keep[#keep + 1] = m end
  end
  out[5] = keep
  k = 3
end
if ARGV[3] == '1' then
  local u = redis.call('GET', KEYS[k])
  if u and live(u) then out[4] = u end
end
return out
`)
})

// recordScript stores a send if the recipient's version is unchanged, as a
// reservation when a lease is given: the member and the token use then end
// in ,"x":<microseconds> of the server's clock when the lease ends.
// KEYS: hash, sends, token (if ARGV[9] is not empty).
// ARGV: version seen, new version, send ID, score, member, drop scores
// below, max sends, retention ms, token use, seconds, nanoseconds, token
// retention ms, lease ms (empty for a plain record), deadline in Unix
// microseconds (empty for none).
// Returns 1 when stored, 2 when this very send (by ID) was stored before (a
// retry), 0 on a conflict, 3 when the deadline passed (by the server's
// clock) before the script ran: nothing stored.
var recordScript = sync.OnceValue(func() *redis.Script {
	return redis.NewScript(`
local v = redis.call('HGET', KEYS[1], 'v') or '0'
if v ~= ARGV[1] then
  if ARGV[3] ~= '' and v == ARGV[2] and redis.call('HGET', KEYS[1], 'l') == ARGV[3] then
    return 2
  end
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if ARGV[14] ~= '' and now > tonumber(ARGV[14]) then
  return 3
end
local member, use = ARGV[5], ARGV[9]
if ARGV[13] ~= '' then
  local x = ',"x":' .. string.format('%.0f', now + tonumber(ARGV[13]) * 1000) .. '}'
  member = string.sub(member, 1, -2) .. x
  if use ~= '' then use = string.sub(use, 1, -2) .. x end
end
local function lapsed(m)
  local x = string.match(m, ',"x":(%d+)}$')
  return x ~= nil and tonumber(x) <= now
end
for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if lapsed(m) then redis.call('ZREM', KEYS[2], m) end
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'l', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], member)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[6])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -1 - tonumber(ARGV[7]))
redis.call('PEXPIRE', KEYS[1], ARGV[8])
redis.call('PEXPIRE', KEYS[2], ARGV[8])
if ARGV[9] ~= '' then
  local cur = redis.call('GET', KEYS[3])
  local take = true
  if cur and not lapsed(cur) then
    local u = cjson.decode(cur)
    local s, n = tonumber(ARGV[10]), tonumber(ARGV[11])
    if u.s < s or (u.s == s and (u.n or 0) <= n) then
      take = false
    end
  end
  if take then
    redis.call('SET', KEYS[3], use, 'PX', ARGV[12])
  end
end
return 1
`)
})

// removeScript deletes the send with an ID and bumps the version, and
// forgets the token's use if it was that send.
// KEYS: hash, sends, token (if ARGV[3] is 1).
// ARGV: send ID, recipient, has token, retention ms.
// Returns 1 if the send was found.
var removeScript = sync.OnceValue(func() *redis.Script {
	return redis.NewScript(`
local found = 0
for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if cjson.decode(m).i == ARGV[1] then
    redis.call('ZREM', KEYS[2], m)
    redis.call('HINCRBY', KEYS[1], 'v', 1)
    if redis.call('PTTL', KEYS[1]) < 0 then
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
    end
    found = 1
    break
  end
end
if ARGV[3] == '1' then
  local cur = redis.call('GET', KEYS[3])
  if cur then
    local u = cjson.decode(cur)
    if u.i == ARGV[1] and u.c == ARGV[2] then
      redis.call('DEL', KEYS[3])
    end
  end
end
return found
`)
})

// confirmScript makes a reservation permanent: it drops the lease from the
// member of the send with an ID, and from the token's use if it is that
// send.
// KEYS: hash, sends, token (if ARGV[3] is 1).
// ARGV: send ID, recipient, has token.
// Returns 1 if a reservation was confirmed.
var confirmScript = sync.OnceValue(func() *redis.Script {
	return redis.NewScript(`
local found = 0
for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if string.find(m, ',"x":', 1, true) and cjson.decode(m).i == ARGV[1] then
    local score = redis.call('ZSCORE', KEYS[2], m)
    redis.call('ZREM', KEYS[2], m)
    redis.call('ZADD', KEYS[2], score, (string.gsub(m, ',"x":%d+}$', '}')))
    found = 1
    break
  end
end
if ARGV[3] == '1' then
  local cur = redis.call('GET', KEYS[3])
  if cur and string.find(cur, ',"x":', 1, true) then
    local u = cjson.decode(cur)
    if u.i == ARGV[1] and u.c == ARGV[2] then
      redis.call('SET', KEYS[3], (string.gsub(cur, ',"x":%d+}$', '}')), 'KEEPTTL')
    end
  end
end
return found
`)
})

// inboundScript keeps the later of the stored and the given inbound time;
// for an event from an ad, the later of the stored and the given ad-opened
// time too; for an ad click, the later click; for a message, the ad-opened
// time when it is the first message after the click (as the memory
// store's firstAfterClick decides); and the channel when one is given:
// all in one step, so that a View never sees the inbound time without the
// ad mark that came with it.
// KEYS: hash. ARGV: seconds, nanoseconds, retention ms, ad (1 or 0),
// channel ("" for none), ad click (1 or 0), message (1 or 0), retention
// in nanoseconds.
// Returns 1 if anything changed.
var inboundScript = sync.OnceValue(func() *redis.Script {
	return redis.NewScript(`
local h = redis.call('HMGET', KEYS[1], 'is', 'in', 'as', 'an', 'ch', 'cs', 'cn')
local s, n = tonumber(ARGV[1]), tonumber(ARGV[2])
local function later(cs, cn)
  cs = tonumber(cs)
  return cs == nil or cs < s or (cs == s and (tonumber(cn) or 0) < n)
end
local changed = 0
if later(h[1], h[2]) then
  redis.call('HSET', KEYS[1], 'is', ARGV[1], 'in', ARGV[2])
  changed = 1
end
if ARGV[4] == '1' and later(h[3], h[4]) then
  redis.call('HSET', KEYS[1], 'as', ARGV[1], 'an', ARGV[2])
  changed = 1
end
local cs, cn = tonumber(h[6]), tonumber(h[7]) or 0
if ARGV[6] == '1' and later(h[6], h[7]) then
  redis.call('HSET', KEYS[1], 'cs', ARGV[1], 'cn', ARGV[2])
  cs, cn = s, n
  changed = 1
end
if ARGV[7] == '1' and ARGV[4] ~= '1' and cs then
  local after = s > cs or (s == cs and n >= cn)
  local within = (s - cs) * 1e9 + (n - cn) <= tonumber(ARGV[8])
  local as, an = tonumber(h[3]), tonumber(h[4]) or 0
  local before = as == nil or as < cs or (as == cs and an < cn)
  local earlier = as ~= nil and (s < as or (s == as and n < an))
  if after and within and (before or earlier) then
    redis.call('HSET', KEYS[1], 'as', ARGV[1], 'an', ARGV[2])
    changed = 1
  end
end
if ARGV[5] ~= '' and h[5] ~= ARGV[5] then
  redis.call('HSET', KEYS[1], 'ch', ARGV[5])
  changed = 1
end
if changed == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return changed
`)
})

// View implements Store.
func (r *Store) View(ctx context.Context, recipient, token string, now time.Time) (history.View, error) {
	if err := ctx.Err(); err != nil {
		return history.View{}, err
	}
	v := history.View{Recipient: recipient}
	if recipient == "" && token == "" {
		return v, nil
	}
	if recipient != "" {
		if err := r.flush(ctx, recipient); err != nil {
			return history.View{}, fmt.Errorf("redis view: retrying a confirmation or removal: %w", err)
		}
	}
	keys := make([]string, 0, 3)
	hasRecipient, hasToken := "0", "0"
	if recipient != "" {
		h, s := r.recipientKeys(recipient)
		keys = append(keys, h, s)
		hasRecipient = "1"
	}
	if token != "" {
		keys = append(keys, r.tokenKey(token))
		hasToken = "1"
	}
	cutoff := now.Add(-r.limits.Retention)
	res, err := viewScript().Run(ctx, r.client, keys, micros(cutoff), hasRecipient, hasToken).Slice()
	if err != nil {
		return history.View{}, fmt.Errorf("redis view: %w", err)
	}
	if len(res) != 8 {
		return history.View{}, fmt.Errorf("redis view: %d results, want 8", len(res))
	}
	if s, ok := res[0].(string); ok {
		if v.Version, err = strconv.ParseUint(s, 10, 64); err != nil {
			return history.View{}, fmt.Errorf("redis view: version: %w", err)
		}
	}
	if v.LastInbound, err = storedTime(res[1], res[2], cutoff); err != nil {
		return history.View{}, fmt.Errorf("redis view: inbound time: %w", err)
	}
	if v.AdInbound, err = storedTime(res[5], res[6], cutoff); err != nil {
		return history.View{}, fmt.Errorf("redis view: ad inbound time: %w", err)
	}
	v.Channel, _ = res[7].(string)
	if b, ok := res[3].(string); ok {
		u, err := decodeSend(b, "")
		if err != nil {
			return history.View{}, fmt.Errorf("redis view: token use: %w", err)
		}
		if now.Sub(u.At) <= r.limits.TokenRetention {
			v.TokenUse = &u
		}
	}
	members, _ := res[4].([]any)
	if len(members) > 0 {
		// Decoded straight into the view, without a second slice: the
		// server returns members of equal score (one microsecond) in
		// the order of their bytes, which start with the record's
		// sequence number, so a stable sort by the exact time puts
		// sends less than a microsecond apart in time order and keeps
		// record order among equal times, as the memory store does.
		v.Sends = make([]history.Send, 0, len(members))
		sorted := true
		for _, m := range members {
			b, _ := m.(string)
			s, err := decodeSend(b, recipient)
			if err != nil {
				return history.View{}, fmt.Errorf("redis view: %w", err)
			}
			if s.At.Before(cutoff) {
				continue // within the cutoff's microsecond
			}
			if n := len(v.Sends); n > 0 && s.At.Before(v.Sends[n-1].At) {
				sorted = false
			}
			v.Sends = append(v.Sends, s)
		}
		if !sorted {
			slices.SortStableFunc(v.Sends, func(a, b history.Send) int { return a.At.Compare(b.At) })
		}
	}
	return v, nil
}

// storedTime reads a time stored as Unix seconds and nanoseconds (absent:
// zero), leaving out one before cutoff.
func storedTime(sec, nsec any, cutoff time.Time) (time.Time, error) {
	ss, okSec := sec.(string)
	ns, okNsec := nsec.(string)
	if !okSec || !okNsec {
		return time.Time{}, nil
	}
	s, err1 := strconv.ParseInt(ss, 10, 64)
	n, err2 := strconv.ParseInt(ns, 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return time.Time{}, err
	}
	if at := time.Unix(s, n).UTC(); !at.Before(cutoff) {
		return at, nil
	}
	return time.Time{}, nil
}

// Record implements Store.
func (r *Store) Record(ctx context.Context, snd history.Send, version uint64) error {
	return r.record(ctx, snd, version, "", "")
}

// Reserve implements Store. The lease and the deadline are measured by the
// server's clock (TIME), so a write that sat in a stalled server's socket
// is refused when the server runs it too late. The deadline is ctx's: the
// clocks of the gateway and the server must agree to within the store
// timeout, as they do on one host or under NTP.
func (r *Store) Reserve(ctx context.Context, snd history.Send, version uint64, lease time.Duration) error {
	deadline := ""
	if d, ok := ctx.Deadline(); ok {
		deadline = micros(d)
	}
	return r.record(ctx, snd, version, millis(lease), deadline)
}

// record is Record, and Reserve with a lease and deadline.
func (r *Store) record(ctx context.Context, snd history.Send, version uint64, lease, deadline string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if snd.Recipient == "" {
		return nil // nothing to file it under
	}
	h, s := r.recipientKeys(snd.Recipient)
	keys := []string{h, s}
	tokenUse := ""
	if snd.Token != "" {
		keys = append(keys, r.tokenKey(snd.Token))
		tokenUse = encodeSend(snd, version+1, true)
	}
	res, err := recordScript().Run(ctx, r.client, keys,
		strconv.FormatUint(version, 10),
		strconv.FormatUint(version+1, 10),
		snd.ID,
		micros(snd.At),
		encodeSend(snd, version+1, false),
		micros(snd.At.Add(-r.limits.Retention)),
		r.limits.MaxSends,
		millis(r.limits.Retention),
		tokenUse,
		snd.At.Unix(),
		snd.At.Nanosecond(),
		millis(r.limits.TokenRetention),
		lease,
		deadline,
	).Int()
	if err != nil {
		return fmt.Errorf("redis record: %w", err)
	}
	switch res {
	case 0:
		return history.ErrConflict
	case 3:
		return history.ErrLate
	}
	return nil
}

// sendKeys are the keys Confirm and Remove touch for a send: its
// recipient's hash and sorted set, and its token's key when it used one
// (hasToken "1").
func (r *Store) sendKeys(snd history.Send) (keys []string, hasToken string) {
	h, s := r.recipientKeys(snd.Recipient)
	keys = []string{h, s}
	if snd.Token == "" {
		return keys, "0"
	}
	return append(keys, r.tokenKey(snd.Token)), "1"
}

// Confirm implements Store. A confirmation that fails is kept and run
// again before the recipient's next View (see pending).
func (r *Store) Confirm(ctx context.Context, snd history.Send) error {
	if snd.Recipient == "" || snd.ID == "" {
		return nil
	}
	err := r.confirm(ctx, snd)
	if err != nil {
		r.pending.add(pendingOp{snd: snd, confirm: true})
	}
	return err
}

func (r *Store) confirm(ctx context.Context, snd history.Send) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	keys, hasToken := r.sendKeys(snd)
	if err := confirmScript().Run(ctx, r.client, keys, snd.ID, snd.Recipient, hasToken).Err(); err != nil {
		return fmt.Errorf("redis confirm: %w", err)
	}
	return nil
}

// Remove implements Store. A removal that fails is kept and run again
// before the recipient's next View (see pending), so that the reservation
// of a send that did not go out stops counting as soon as the server
// answers again, not when its lease ends.
func (r *Store) Remove(ctx context.Context, snd history.Send) error {
	if snd.Recipient == "" || snd.ID == "" {
		return nil
	}
	err := r.remove(ctx, snd)
	if err != nil {
		r.pending.add(pendingOp{snd: snd})
	}
	return err
}

func (r *Store) remove(ctx context.Context, snd history.Send) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	keys, hasToken := r.sendKeys(snd)
	err := removeScript().Run(ctx, r.client, keys, snd.ID, snd.Recipient, hasToken, millis(r.limits.Retention)).Err()
	if err != nil {
		return fmt.Errorf("redis remove: %w", err)
	}
	return nil
}

// RecordInbound implements Store.
func (r *Store) RecordInbound(ctx context.Context, recipient string, at time.Time) error {
	return r.RecordInboundEvent(ctx, history.Inbound{Recipient: recipient, At: at})
}

// RecordInboundEvent implements Store: one script notes the time, the ad
// mark and the channel together.
func (r *Store) RecordInboundEvent(ctx context.Context, in history.Inbound) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if in.Recipient == "" || in.At.IsZero() {
		return nil
	}
	h, _ := r.recipientKeys(in.Recipient)
	err := inboundScript().Run(ctx, r.client, []string{h}, in.At.Unix(), in.At.Nanosecond(), millis(r.limits.Retention),
		flag(in.Ad), in.Channel, flag(in.AdClick), flag(in.Message), int64(r.limits.Retention)).Err()
	if err != nil {
		return fmt.Errorf("redis inbound: %w", err)
	}
	return nil
}

// flag is a boolean as a script argument.
func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// Ping implements Store: it sends PING.
func (r *Store) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis ping: %w", err)
	}
	return nil
}

// Close implements Store: it closes the connections.
func (r *Store) Close() error {
	return r.client.Close()
}
