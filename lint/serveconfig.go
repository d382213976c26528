package lint

import (
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// ServeSetting is one key of the [serve] table of a presend.toml, the
// settings of `presend serve`: its value as the flag of the same name would
// take it, and the line it is set on, for errors.
type ServeSetting struct {
	Key   string // the flag's name: listen, upstream-timeout…
	Value string // as written, "30s", "1MiB", "true"; paths made relative to the working folder
	Line  int
}

// serveTOML is the schema of the [serve] table: every key a flag of
// `presend serve`, decoded strictly like the rest of the file (an unknown
// key is an error at its line). `presend lint` reads none of it. Values
// are checked by serve, which parses them as it parses its flags.
type serveTOML struct {
	Listen            *string            `toml:"listen" doc:"address to listen on (host:port; :8080 for every interface)"`
	Upstream          *string            `toml:"upstream" doc:"Send API base URL passing messages are forwarded to"`
	WebhookUpstream   *string            `toml:"webhook-upstream" doc:"URL webhook events are forwarded to after they are recorded"`
	Store             *string            `toml:"store" doc:"sending history: memory, or redis://HOST:PORT/DB"`
	FailMode          *string            `toml:"fail-mode" doc:"when the store fails: closed or open"`
	TokensFile        *string            `toml:"tokens-file" doc:"file of bearer tokens for POST /v1/check, relative to this file"`
	AppSecretFile     *string            `toml:"app-secret-file" doc:"file of the app secrets (current, then next) that sign webhook events, relative to this file"`
	MaxBody           *string            `toml:"max-body" doc:"largest request body: 1048576, 512KiB, 1MiB"`
	UpstreamTimeout   *string            `toml:"upstream-timeout" doc:"longest exchange with an upstream (30s)"`
	CheckTimeout      *string            `toml:"check-timeout" doc:"longest check of one request's messages (5s)"`
	StoreTimeout      *string            `toml:"store-timeout" doc:"longest wait for each call to the history store"`
	ReadHeaderTimeout *string            `toml:"read-header-timeout" doc:"longest time to read a request's headers"`
	ReadTimeout       *string            `toml:"read-timeout" doc:"longest time to read a whole request"`
	WriteTimeout      *string            `toml:"write-timeout" doc:"longest time to write a response"`
	IdleTimeout       *string            `toml:"idle-timeout" doc:"how long a keep-alive connection may wait for its next request"`
	ShutdownTimeout   *string            `toml:"shutdown-timeout" doc:"how long in-flight requests may take to finish on SIGTERM"`
	DrainDelay        *string            `toml:"drain-delay" doc:"how long /readyz answers 503 before the listener closes on SIGTERM"`
	LogFormat         *string            `toml:"log-format" doc:"json or text"`
	LogLevel          *string            `toml:"log-level" doc:"debug, info, warn or error"`
	LogMessages       *bool              `toml:"log-messages" doc:"log message texts and recipients"`
	AdminListen       *string            `toml:"admin-listen" doc:"address of the admin listener (/metrics, /readyz, /healthz)"`
	TLSCert           *string            `toml:"tls-cert" doc:"PEM certificate chain to serve HTTPS with, relative to this file"`
	TLSKey            *string            `toml:"tls-key" doc:"PEM private key of tls-cert, relative to this file"`
	AccountChannel    *map[string]string `toml:"account-channel" doc:"page or account id = channel its sends are checked under: { \"17841400000000009\" = \"instagram\" }"`
}

// servePathKeys are the [serve] keys that name files: relative to the
// presend.toml they are written in.
var servePathKeys = map[string]bool{"tokens-file": true, "app-secret-file": true, "tls-cert": true, "tls-key": true}

// readServe lists the keys the [serve] table sets, in the schema's order.
func readServe(v reflect.Value, path string, lines tomlLines) []ServeSetting {
	var out []ServeSetting
	t := v.Type()
	for i := range t.NumField() {
		f := v.Field(i)
		if f.IsNil() {
			continue
		}
		key := t.Field(i).Tag.Get("toml")
		var val string
		switch e := f.Elem(); e.Kind() {
		case reflect.Bool:
			val = strconv.FormatBool(e.Bool())
		case reflect.Map:
			// As the flag takes it: ID=CHANNEL,ID=CHANNEL, in key order.
			keys := make([]string, 0, e.Len())
			for _, k := range e.MapKeys() {
				keys = append(keys, k.String())
			}
			slices.Sort(keys)
			pairs := make([]string, len(keys))
			for j, k := range keys {
				pairs[j] = k + "=" + e.MapIndex(reflect.ValueOf(k)).String()
			}
			val = strings.Join(pairs, ",")
		default:
			val = e.String()
		}
		if servePathKeys[key] && val != "" && !filepath.IsAbs(val) && path != "" {
			val = filepath.Join(filepath.Dir(path), val)
		}
		out = append(out, ServeSetting{Key: key, Value: val, Line: keyLine(lines, "serve."+key)})
	}
	return out
}
