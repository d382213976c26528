package input

import (
	"fmt"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
)

// BenchmarkReadJSONL reads 1000 envelopes of about 300 bytes of text with
// three escapes each, and looks up one position per message.
func BenchmarkReadJSONL(b *testing.B) {
	var sb strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&sb, `{"id":"m%d","channel":"messenger","lang":"fr","text":"%s\n%s \"%s\" caf\u00e9","quick_replies":["Oui","Non"],"sent_at":"2026-11-24T10:00:00Z"}`+"\n",
			i, strings.Repeat("Bonjour à tous, ", 8), strings.Repeat("voici l'offre ", 8), "STOP")
	}
	data := sb.String()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		msgs, err := Read(strings.NewReader(data), "bench.jsonl", FormatJSONL)
		if err != nil || len(msgs) != 1000 {
			b.Fatal(len(msgs), err)
		}
		for _, m := range msgs {
			m.Map.Position(len(m.Text) - 1)
		}
	}
}

// BenchmarkLineMap builds the map of a 10 KB text and looks up every offset.
func BenchmarkLineMap(b *testing.B) {
	text := strings.Repeat("Votre commande n°42 est expédiée 😀.\n", 250)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		m := lint.LineMap(text, 1)
		for off := range len(text) {
			m.Position(off)
		}
	}
}

// BenchmarkReadGenericTemplate reads a Send API body with a ten-card generic
// template and looks up every offset of its joined text.
func BenchmarkReadGenericTemplate(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"recipient":{"id":"1254477777772919"},"messaging_type":"RESPONSE","message":{"attachment":{"type":"template","payload":{"template_type":"generic","elements":[`)
	for i := range 10 {
		if i > 0 {
			sb.WriteString(",\n")
		}
		fmt.Fprintf(&sb, `{"title":"Offre n\u00b0%d : caf\u00e9 offert","image_url":"https://example.fr/%d.jpg","subtitle":"Valable jusqu'à dimanche, dans toutes nos boutiques","buttons":[{"type":"web_url","url":"https://example.fr","title":"Voir"},{"type":"postback","title":"J'en profite","payload":"P%d"}]}`, i, i, i)
	}
	sb.WriteString("]}}}}\n")
	data := sb.String()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		msgs, err := Read(strings.NewReader(data), "bench.json", FormatJSON)
		if err != nil || len(msgs[0].Buttons) != 20 {
			b.Fatal(err)
		}
		m := msgs[0]
		for off := range len(m.Text) + 1 {
			m.Map.Position(off)
		}
	}
}
