package channel

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

func digits(n int) string { return strings.Repeat("1", n) }

func TestSMSReferenceVectors(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		enc     Encoding
		units   int
		parts   int
		perPart int
	}{
		{"empty", "", GSM7, 0, 0, 160},
		{"160 digits", digits(160), GSM7, 160, 1, 160},
		{"161 digits", digits(161), GSM7, 161, 2, 153},
		{"306 digits", digits(306), GSM7, 306, 2, 153},
		{"307 digits", digits(307), GSM7, 307, 3, 153},
		{"€ + 158 digits", "€" + digits(158), GSM7, 160, 1, 160},
		{"€ + 159 digits", "€" + digits(159), GSM7, 161, 2, 153},
		{"😜 + 68 digits", "😜" + digits(68), UCS2, 70, 1, 70},
		{"😜 + 69 digits", "😜" + digits(69), UCS2, 71, 2, 67},
		{"😜 + 133 digits", "😜" + digits(133), UCS2, 135, 3, 67},
		{"ç×71", strings.Repeat("ç", 71), UCS2, 71, 2, 67},
		{"ç×70", strings.Repeat("ç", 70), UCS2, 70, 1, 70},
		{"Ç×160", strings.Repeat("Ç", 160), GSM7, 160, 1, 160},
		// An escape pair never straddles two parts: 152 + [€] + 152 is 306
		// septets, which division would fit in 2 parts.
		{"escape pair pushed to next part", digits(152) + "€" + digits(152), GSM7, 306, 3, 153},
		{"escape pair fits exactly", digits(151) + "€" + digits(153), GSM7, 306, 2, 153},
		// Same for a surrogate pair: 66 + [😜] + 66 is 134 units.
		{"surrogate pair pushed to next part", digits(66) + "😜" + digits(66), UCS2, 134, 3, 67},
		{"surrogate pair fits exactly", digits(65) + "😜" + digits(67), UCS2, 134, 2, 67},
		{"extension chars", "^{}\\[~]|€\f", GSM7, 20, 1, 160},
		{"80 euro signs", strings.Repeat("€", 80), GSM7, 160, 1, 160},
		{"81 euro signs", strings.Repeat("€", 81), GSM7, 162, 2, 153},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SMS(tt.text, nil, 0)
			if got.Encoding != tt.enc || got.Units != tt.units || got.Parts != tt.parts || got.PerPart != tt.perPart {
				t.Errorf("SMS = %s, %d units, %d parts of %d; want %s, %d units, %d parts of %d",
					got.Encoding, got.Units, got.Parts, got.PerPart, tt.enc, tt.units, tt.parts, tt.perPart)
			}
			if tt.enc == GSM7 && (len(got.Forcers) != 0 || got.GSMParts != got.Parts) {
				t.Errorf("GSM-7: forcers %v, GSMParts %d; want none, %d", got.Forcers, got.GSMParts, got.Parts)
			}
		})
	}
}

func TestIsGSM7French(t *testing.T) {
	gsm := "àéèùìòÉÇ"
	notGSM := "âêîôûëïœ’“”«»…\u00a0\u202fçÀÈÊÔÎÛËÏŒ"
	for _, r := range gsm {
		if ok, n := IsGSM7(r); !ok || n != 1 {
			t.Errorf("IsGSM7(%q) = %v, %d; want true, 1", r, ok, n)
		}
	}
	for _, r := range notGSM {
		if ok, n := IsGSM7(r); ok || n != 0 {
			t.Errorf("IsGSM7(%q) = %v, %d; want false, 0", r, ok, n)
		}
		if info := SMS("Bonjour "+string(r), nil, 0); info.Encoding != UCS2 || len(info.Forcers) != 1 {
			t.Errorf("SMS(%q): %s with %d forcers; want UCS-2 with 1", "Bonjour "+string(r), info.Encoding, len(info.Forcers))
		}
	}
}

func TestIsGSM7Tables(t *testing.T) {
	const basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	const ext = "^{}\\[~]|€\f"
	if n := utf8.RuneCountInString(basic); n != 127 {
		t.Fatalf("basic table has %d characters; want 127 (128 minus escape)", n)
	}
	want := map[rune]int{}
	for _, r := range basic {
		want[r] = 1
	}
	for _, r := range ext {
		want[r] = 2
	}
	// Every rune up to U+FFFF plus a few astral ones: exactly the table.
	for r := rune(0); r <= 0x10000; r++ {
		ok, n := IsGSM7(r)
		if n != want[r] || ok != (want[r] > 0) {
			t.Errorf("IsGSM7(%U) = %v, %d; want %d septets", r, ok, n, want[r])
		}
	}
	for _, r := range []rune{-1, utf8.RuneError, 0x1F61C, utf8.MaxRune, utf8.MaxRune + 1} {
		if ok, n := IsGSM7(r); ok || n != 0 {
			t.Errorf("IsGSM7(%U) = %v, %d; want false, 0", r, ok, n)
		}
	}
}

// TestLoneRune checks loneRune's blocks against uniseg: a lone rune never
// joins the rune before it (Extend, SpacingMark, ZWJ), the rune after it
// (Prepend), or itself (Regional_Indicator, Hangul).
func TestLoneRune(t *testing.T) {
	n := 0
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !loneRune(r) {
			continue
		}
		n++
		c := string(r)
		for _, s := range []string{"a" + c + "a", c + c, "é" + c + "\u00a0"} {
			if got := uniseg.GraphemeClusterCount(s); got != utf8.RuneCountInString(s) {
				t.Errorf("%U: %q is %d clusters; want one per rune", r, s, got)
			}
		}
	}
	if n < 600 {
		t.Errorf("only %d lone runes", n)
	}
}

func TestGSMReplacement(t *testing.T) {
	tests := map[rune]string{
		'’': "'", '‘': "'", '‚': "'", '′': "'",
		'“': `"`, '”': `"`, '„': `"`, '«': `"`, '»': `"`, '″': `"`,
		'…': "...",
		'–': "-", '—': "-", '−': "-",
		'\u00a0': " ", '\u202f': " ", '\u2009': " ", '\u2007': " ",
		'•':      "-",
		'\u200b': "", '\ufeff': "",
		// letters never get one
		'â': "", 'ê': "", 'î': "", 'ô': "", 'û': "", 'ë': "", 'ï': "", 'œ': "", 'ç': "", 'À': "",
		'😜': "",
	}
	for r, want := range tests {
		if got := GSMReplacement(r); got != want {
			t.Errorf("GSMReplacement(%q) = %q; want %q", r, got, want)
		}
	}
	// Every replacement is itself GSM-7 basic text.
	for r := rune(0); r <= 0x10000; r++ {
		for _, c := range GSMReplacement(r) {
			if _, n := IsGSM7(c); n != 1 {
				t.Errorf("GSMReplacement(%U) = %q holds %q, not GSM-7 basic", r, GSMReplacement(r), c)
			}
		}
	}
}

func TestSMSForcers(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Forcer
	}{
		{"french", "L’été… «\u00a0ça\u00a0» être", []Forcer{
			{Start: 1, End: 4, Char: "’", Replacement: "'"},
			{Start: 9, End: 12, Char: "…", Replacement: "..."},
			{Start: 13, End: 15, Char: "«", Replacement: `"`},
			{Start: 15, End: 17, Char: "\u00a0", Replacement: " "},
			{Start: 17, End: 19, Char: "ç"},
			{Start: 20, End: 22, Char: "\u00a0", Replacement: " "},
			{Start: 22, End: 24, Char: "»", Replacement: `"`},
			{Start: 25, End: 27, Char: "ê"},
		}},
		{"emoji is one character", "ok 👍🏽!", []Forcer{{Start: 3, End: 11, Char: "👍🏽"}}},
		{"zwj family", "a👨‍👩‍👧b", []Forcer{{Start: 1, End: 19, Char: "👨‍👩‍👧"}}},
		{"decomposed é takes its base letter", "cafe\u0301!", []Forcer{{Start: 3, End: 6, Char: "e\u0301", Replacement: "é"}}},
		{"decomposed ê has no replacement", "fe\u0302te", []Forcer{{Start: 1, End: 4, Char: "e\u0302"}}},
		{"zero-width space", "a\u200bb", []Forcer{{Start: 1, End: 4, Char: "\u200b", Remove: true}}},
		{"zwj after a letter", "a\u200db", []Forcer{{Start: 0, End: 4, Char: "a\u200d", Replacement: "a"}}},
		{"leading forcer", "«x", []Forcer{{Start: 0, End: 2, Char: "«", Replacement: `"`}}},
		{"crlf then combining", "\r\n\u0301", []Forcer{{Start: 2, End: 4, Char: "\u0301"}}},
		{"invalid bytes", "a\xffb\xe2\x80", []Forcer{
			{Start: 1, End: 2, Char: "\xff"},
			{Start: 3, End: 4, Char: "\xe2"},
			{Start: 4, End: 5, Char: "\x80"},
		}},
		{"backtick and tab", "`a`\tb", []Forcer{
			{Start: 0, End: 1, Char: "`", Replacement: "'"},
			{Start: 2, End: 3, Char: "`", Replacement: "'"},
			{Start: 3, End: 4, Char: "\t", Replacement: " "},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SMS(tt.text, nil, 0).Forcers
			if len(got) != len(tt.want) {
				t.Fatalf("forcers = %+v; want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("forcer %d = %+v; want %+v", i, got[i], tt.want[i])
				}
				if tt.text[got[i].Start:got[i].End] != got[i].Char {
					t.Errorf("forcer %d: Char %q is not text[%d:%d]", i, got[i].Char, got[i].Start, got[i].End)
				}
			}
		})
	}
}

func TestSMSGSMParts(t *testing.T) {
	tests := []struct {
		name            string
		text            string
		parts, gsmParts int
	}{
		// 100 letters + ’ : UCS-2 needs 2 parts, with ' it is 1.
		{"apostrophe", "l’" + strings.Repeat("a", 99), 2, 1},
		// Forcers without a replacement count 1 septet each.
		{"ê", strings.Repeat("ê", 160), 3, 1},
		{"ê×161", strings.Repeat("ê", 161), 3, 2},
		// … becomes "..." (3 septets): 158 + 3 = 161 → 2 parts.
		{"ellipsis grows", digits(158) + "…", 3, 2},
		// Zero-width spaces are deleted.
		{"zero width", digits(160) + "\u200b", 3, 1},
		// A decomposed é counts as one é, not e + 1.
		{"decomposed", digits(159) + "e\u0301", 3, 1},
		// Mixed: three 3-part UCS-2 messages that are 1 part in GSM-7.
		{"mixed", "“" + digits(150) + "” — ok", 3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SMS(tt.text, nil, 0)
			if got.Encoding != UCS2 || got.Parts != tt.parts || got.GSMParts != tt.gsmParts {
				t.Errorf("SMS = %s, %d parts, GSMParts %d; want UCS-2, %d, %d",
					got.Encoding, got.Parts, got.GSMParts, tt.parts, tt.gsmParts)
			}
		})
	}
}

func TestSMSPlaceholders(t *testing.T) {
	const hello = "Hello {{first_name}}, see you"
	ph := []Span{{6, 20}}
	if hello[6:20] != "{{first_name}}" {
		t.Fatal("bad span")
	}
	// 6 + 12 + 9 = 27 septets instead of 29.
	if got := SMS(hello, ph, 12); got.Encoding != GSM7 || got.Units != 27 || got.Parts != 1 {
		t.Errorf("SMS(%q) = %+v; want GSM-7, 27 units, 1 part", hello, got)
	}

	// A placeholder whose own text holds ’ or an emoji does not force UCS-2.
	quoted := "Hi {{l’ami 😜}}!"
	qs := []Span{{3, strings.Index(quoted, "!")}}
	if got := SMS(quoted, qs, 12); got.Encoding != GSM7 || got.Units != 16 || len(got.Forcers) != 0 {
		t.Errorf("SMS(%q) = %+v; want GSM-7, 16 units, no forcers", quoted, got)
	}
	// Without the span it does.
	if got := SMS(quoted, nil, 12); got.Encoding != UCS2 || len(got.Forcers) != 2 {
		t.Errorf("SMS(%q) without span = %+v; want UCS-2, 2 forcers", quoted, got)
	}

	// Under UCS-2 a placeholder counts assumedWidth UTF-16 units.
	fr := "Bonjour {{prénom}}, à bientôt"
	fs := []Span{{8, strings.Index(fr, ",")}}
	got := SMS(fr, fs, 12)
	if got.Encoding != UCS2 || got.Units != 8+12+11 || len(got.Forcers) != 1 || got.Forcers[0].Char != "ô" {
		t.Errorf("SMS(%q) = %+v; want UCS-2, 31 units, forcer ô", fr, got)
	}
	if got.GSMParts != 1 {
		t.Errorf("GSMParts = %d; want 1", got.GSMParts)
	}

	// Placeholders fill parts like any other characters: 150 + 11 = 161.
	long := digits(150) + "{{x}}"
	if got := SMS(long, []Span{{150, 155}}, 11); got.Units != 161 || got.Parts != 2 {
		t.Errorf("long: %d units, %d parts; want 161, 2", got.Units, got.Parts)
	}
	// 2 + 200 + 2 septets in 153-septet parts; the run crosses a part boundary.
	run := "ab{{x}}cd"
	if got := SMS(run, []Span{{2, 7}}, 200); got.Units != 204 || got.Parts != 2 {
		t.Errorf("run: %d units, %d parts; want 204, 2", got.Units, got.Parts)
	}
	if got := SMS(run, []Span{{2, 7}}, 400); got.Units != 404 || got.Parts != 3 {
		t.Errorf("run: %d units, %d parts; want 404, 3", got.Units, got.Parts)
	}
	// A combining mark right after a placeholder does not reach into it.
	comb := "{{x}}\u0301"
	if got := SMS(comb, []Span{{0, 5}}, 3); len(got.Forcers) != 1 || got.Forcers[0].Start != 5 {
		t.Errorf("comb: %+v; want one forcer at 5", got.Forcers)
	}
	// Nor does a forcer's cluster run into a placeholder.
	before := "😜{{\u200dx}}"
	if got := SMS(before, []Span{{4, len(before)}}, 3); len(got.Forcers) != 1 || got.Forcers[0].End != 4 {
		t.Errorf("before: %+v; want one forcer ending at 4", got.Forcers)
	}

	// Invalid spans are ignored, not trusted.
	for _, tt := range []struct {
		spans []Span
		units int
	}{
		{[]Span{{-1, 3}}, 6},
		{[]Span{{3, 2}}, 6},
		{[]Span{{0, 100}}, 6},
		{[]Span{{5, 6}, {2, 4}}, 5 + 50},     // out of order: second ignored
		{[]Span{{1, 4}, {3, 5}}, 1 + 50 + 2}, // overlapping: second ignored
	} {
		if got := SMS("abcdef", tt.spans, 50); got.Units != tt.units {
			t.Errorf("spans %v: %d units; want %d", tt.spans, got.Units, tt.units)
		}
	}
	if got := SMS("é(x)", []Span{{1, 4}}, 1); got.Units != 4 {
		t.Errorf("span starting inside é: %d units; want 4 (span ignored)", got.Units)
	}
	if got := SMS("ab", []Span{{1, 1}}, 4); got.Units != 2 {
		t.Errorf("empty span: %d units; want 2 (span ignored)", got.Units)
	}
	if got := SMS("ab", []Span{{0, 2}}, -3); got.Units != 0 || got.Parts != 0 {
		t.Errorf("negative width: %+v; want 0 units, 0 parts", got)
	}
}

func TestSMSAllocs(t *testing.T) {
	ascii := strings.Repeat("Hello {name}, your code is 1234. ", 10)
	if n := testing.AllocsPerRun(100, func() { SMS(ascii, []Span{{6, 12}}, 10) }); n != 0 {
		t.Errorf("pure GSM-7: %v allocs; want 0", n)
	}
	latin := strings.Repeat("Très bien, à demain ! Ça marche. ", 10)
	if n := testing.AllocsPerRun(100, func() { SMS(latin, nil, 0) }); n != 0 {
		t.Errorf("GSM-7 with accents: %v allocs; want 0", n)
	}
}

// reference is a direct, slow SMS count without placeholders, for the fuzz
// test to compare against.
func reference(text string) (enc Encoding, units, parts int) {
	gsm := true
	var ws []int
	for _, r := range text { // invalid bytes decode to RuneError, which is not GSM-7
		ok, n := IsGSM7(r)
		gsm = gsm && ok
		ws = append(ws, n)
	}
	single, per := 160, 153
	if !gsm {
		enc, single, per = UCS2, 70, 67
		ws = ws[:0]
		for _, u := range utf16.Encode([]rune(text)) {
			if utf16.IsSurrogate(rune(u)) {
				ws = append(ws, 1) // half a pair; pairs merged below
			} else {
				ws = append(ws, 0)
			}
		}
		merged := ws[:0]
		for i := 0; i < len(ws); i++ {
			if ws[i] == 1 {
				merged = append(merged, 2)
				i++
			} else {
				merged = append(merged, 1)
			}
		}
		ws = merged
	} else {
		enc = GSM7
	}
	for _, w := range ws {
		units += w
	}
	if units == 0 {
		return enc, 0, 0
	}
	if units <= single {
		return enc, units, 1
	}
	fill := 0
	parts = 1
	for _, w := range ws {
		if fill+w > per {
			parts++
			fill = 0
		}
		fill += w
	}
	return enc, units, parts
}

func FuzzSMS(f *testing.F) {
	f.Add("", 0, 0, uint8(0))
	f.Add(digits(161), 0, 0, uint8(0))
	f.Add("€"+digits(159), 3, 5, uint8(12))
	f.Add("😜"+digits(133), 0, 4, uint8(1))
	f.Add("L’été… «\u00a0ça\u00a0» être", 1, 4, uint8(3))
	f.Add("Hello {{first_name}}, see you", 6, 14, uint8(12))
	f.Add("a\xffb\xe2\x80 cafe\u0301 👨‍👩‍👧", 2, 3, uint8(200))
	f.Add("\r\n\u0301\u200d😜{{x}}", 5, 5, uint8(7))
	f.Fuzz(func(t *testing.T, text string, start, length int, width uint8) {
		var spans []Span
		if length >= 0 {
			spans = []Span{{start, start + length}}
		}
		info := SMS(text, spans, int(width))

		if (info.Parts == 0) != (info.Units == 0) {
			t.Fatalf("Parts %d with Units %d", info.Parts, info.Units)
		}
		if info.Units < 0 || info.GSMParts < 0 {
			t.Fatalf("negative: %+v", info)
		}
		switch info.Encoding {
		case GSM7:
			if len(info.Forcers) != 0 || info.GSMParts != info.Parts {
				t.Fatalf("GSM-7 with forcers or GSMParts %d != %d", info.GSMParts, info.Parts)
			}
			if info.Units > 0 && (info.Parts == 1) != (info.Units <= 160) {
				t.Fatalf("GSM-7: %d units in %d parts", info.Units, info.Parts)
			}
			if info.Parts > 1 && (info.Parts < ceil(info.Units, 153) || info.Parts > ceil(info.Units, 152)) {
				t.Fatalf("GSM-7: %d units in %d parts", info.Units, info.Parts)
			}
		case UCS2:
			if len(info.Forcers) == 0 {
				t.Fatal("UCS-2 without forcers")
			}
			if (info.Parts == 1) != (info.Units <= 70) {
				t.Fatalf("UCS-2: %d units in %d parts", info.Units, info.Parts)
			}
			if info.Parts > 1 && (info.Parts < ceil(info.Units, 67) || info.Parts > ceil(info.Units, 66)) {
				t.Fatalf("UCS-2: %d units in %d parts", info.Units, info.Parts)
			}
		default:
			t.Fatalf("encoding %q", info.Encoding)
		}

		// Forcers: in order, inside the text, on rune boundaries, their own
		// text, never inside a placeholder, replacements GSM-7.
		pos := 0 // rune walk; forcer offsets only grow
		onBoundary := func(off int) bool {
			for pos < off {
				_, size := utf8.DecodeRuneInString(text[pos:])
				pos += size
			}
			return pos == off
		}
		validSpan := length > 0 && start >= 0 && start+length <= len(text) &&
			(start == len(text) || utf8.RuneStart(text[start])) &&
			(start+length == len(text) || utf8.RuneStart(text[start+length]))
		last := 0
		for _, fc := range info.Forcers {
			if fc.Start < last || fc.End <= fc.Start || fc.End > len(text) {
				t.Fatalf("forcer span %d:%d after %d in %d bytes", fc.Start, fc.End, last, len(text))
			}
			if !onBoundary(fc.Start) || !onBoundary(fc.End) {
				t.Fatalf("forcer span %d:%d not on rune boundaries", fc.Start, fc.End)
			}
			if validSpan && fc.Start < start+length && start < fc.End {
				t.Fatalf("forcer %d:%d overlaps placeholder %d:%d", fc.Start, fc.End, start, start+length)
			}
			if text[fc.Start:fc.End] != fc.Char {
				t.Fatalf("forcer Char %q != text %q", fc.Char, text[fc.Start:fc.End])
			}
			if fc.Remove && fc.Replacement != "" {
				t.Fatalf("forcer %+v: Remove with a replacement", fc)
			}
			for _, r := range fc.Replacement {
				if ok, _ := IsGSM7(r); !ok {
					t.Fatalf("replacement %q is not GSM-7", fc.Replacement)
				}
			}
			last = fc.End
		}

		// Without placeholders: same as the naive reference.
		info = SMS(text, nil, 0)
		enc, units, parts := reference(text)
		if info.Encoding != enc || info.Units != units || info.Parts != parts {
			t.Fatalf("SMS = %s %d units %d parts; reference %s %d %d",
				info.Encoding, info.Units, info.Parts, enc, units, parts)
		}
		if text != "" && info.Parts < 1 {
			t.Fatalf("non-empty text in %d parts", info.Parts)
		}
	})
}

func ceil(a, b int) int { return (a + b - 1) / b }

var (
	benchFrench = "Bonjour Amélie, votre commande n°4521 est prête\u202f! Retrait dès demain à l’accueil du magasin à Lyon. À très bientôt… Répondez STOP pour arrêter ces SMS"
	benchASCII  = "Hi Amelia, your order #4521 is ready! Pick it up from tomorrow at the front desk of our Lyon store. See you soon. Reply STOP to opt out of these texts"
)

func TestBenchTexts(t *testing.T) {
	for _, s := range []string{benchFrench, benchASCII} {
		if n := utf8.RuneCountInString(s); n != 150 {
			t.Errorf("%d characters; want 150: %q", n, s)
		}
	}
	if got := SMS(benchFrench, nil, 0); got.Encoding != UCS2 || len(got.Forcers) != 8 || got.Parts != 3 || got.GSMParts != 1 {
		t.Errorf("French: %s, %d forcers, %d parts, GSMParts %d", got.Encoding, len(got.Forcers), got.Parts, got.GSMParts)
	}
}

func BenchmarkSMS(b *testing.B) {
	for _, bc := range []struct{ name, text string }{
		{"french", benchFrench},
		{"ascii", benchASCII},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.text)))
			for b.Loop() {
				SMS(bc.text, nil, 0)
			}
		})
	}
}
