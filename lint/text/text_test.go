package text

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

func kinds(a *Analysis) string {
	var b strings.Builder
	for i, t := range a.Tokens {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Kind.String() + ":" + a.TokenText(i))
	}
	return b.String()
}

func TestTokens(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Hi {{first_name}}, {{ order.id }}", "word:Hi placeholder:{{first_name}} punct:, placeholder:{{ order.id }}"},
		{"{name} {0} {count, plural, one {# item} other {# items}}", "placeholder:{name} placeholder:{0} placeholder:{count, plural, one {# item} other {# items}}"},
		{"%s %1$s %.2f %{x} ${y} %(name)s", "placeholder:%s placeholder:%1$s placeholder:%.2f placeholder:%{x} placeholder:${y} placeholder:%(name)s"},
		{"20%off 50 % de remise", "number:20 punct:% word:off number:50 punct:% word:de word:remise"},
		{"Hello :name, at 12:30 :smile: Note: x", "word:Hello placeholder::name punct:, word:at number:12:30 punct:: word:smile punct:: word:Note punct:: word:x"},
		{"@contact.name @jane a@b.fr", "placeholder:@contact.name mention:@jane email:a@b.fr"},
		{"See https://ex.com/a?b=1. Or www.ex.fr, bit.ly/x7!", "word:See url:https://ex.com/a?b=1 punct:. word:Or url:www.ex.fr punct:, url:bit.ly/x7 punct:!"},
		{"amzn.in/d/x7 flipkart.in, log in.", "url:amzn.in/d/x7 url:flipkart.in punct:, word:log word:in punct:."},
		{"Sent today.In case of doubt, call.De plus FLIPKART.IN Acme.Com", "word:Sent word:today punct:. word:In word:case word:of word:doubt punct:, word:call punct:. word:De word:plus url:FLIPKART.IN url:Acme.Com"},
		{"(https://ex.com/a_(b))", "punct:( url:https://ex.com/a_(b) punct:)"},
		{"3.5 12h30 1,000 12/03/2026 4pm 10h", "number:3.5 number:12h30 number:1,000 number:12/03/2026 number:4pm number:10h"},
		{"1 250,00 € 06 12 34 56 78", "number:1 250,00 symbol:€ number:06 12 34 56 78"},
		{"SM-425 #4821 #soldes", "code:SM-425 code:#4821 hashtag:#soldes"},
		{"l'homme d’Orange aujourd'hui don't", "word:l' word:homme word:d’ word:Orange word:aujourd'hui word:don't"},
		{"Wow!!! Vraiment ?! 👍🏽👨‍👩‍👧", "word:Wow punct:!!! word:Vraiment punct:?! emoji:👍🏽 emoji:👨‍👩‍👧"},
		{"e.g. i.e. etc.", "word:e punct:. word:g punct:. word:i punct:. word:e punct:. word:etc punct:."},
	}
	for _, c := range cases {
		if got := kinds(Analyze(c.in, Options{})); got != c.want {
			t.Errorf("%q\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func sentences(a *Analysis) []string {
	var out []string
	for _, s := range a.Sentences {
		out = append(out, a.Text[s.Start:s.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"Mr. Smith paid $3.50 at 12h30. See you soon!", []string{"Mr. Smith paid $3.50 at 12h30.", "See you soon!"}},
		{"M. Dupont arrive à 12h30. Mme. Martin aussi… Et vous ?", []string{"M. Dupont arrive à 12h30.", "Mme. Martin aussi…", "Et vous ?"}},
		{"Go to https://ex.com/a.b. Then reply.", []string{"Go to https://ex.com/a.b.", "Then reply."}},
		{"It costs approx. ten euros, e.g. for two. Fine.", []string{"It costs approx. ten euros, e.g. for two.", "Fine."}},
		{"Great 🎉 see you Friday. 👋 Bye", []string{"Great 🎉 see you Friday.", "👋 Bye"}},
		{"Bonjour,\nVotre commande est prête.", []string{"Bonjour,", "Votre commande est prête."}},
		{"We wrote to\nlet you know.", []string{"We wrote to\nlet you know."}},
		{"He said \"stop.\" Then left.", []string{"He said \"stop.\"", "Then left."}},
		{"ok? let me know", []string{"ok?", "let me know"}},
		{"Version 2.5 is out. {{name}} will love it.", []string{"Version 2.5 is out.", "{{name}} will love it."}},
		{"Boarding at Gate B. Boarding starts at 9:40.", []string{"Boarding at Gate B.", "Boarding starts at 9:40."}},
		{"Valid for 10 min. Never share it.", []string{"Valid for 10 min.", "Never share it."}},
		{"Doors open at 8 p.m. See you then!", []string{"Doors open at 8 p.m.", "See you then!"}},
		{"Shoes, bags, etc. Sale ends Sunday.", []string{"Shoes, bags, etc.", "Sale ends Sunday."}},
		{"Call me. We close at 6.", []string{"Call me.", "We close at 6."}},
		{"Code valable 5 min. Ne le partagez pas.", []string{"Code valable 5 min.", "Ne le partagez pas."}},
		{"Dear Dr. Petit, see you. J. Smith", []string{"Dear Dr. Petit, see you.", "J. Smith"}},
	}
	for _, c := range cases {
		got := sentences(Analyze(c.in, Options{}))
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	a := Analyze("One. Two.\n\nThree.\n \nFour\nfive.", Options{})
	if len(a.Paragraphs) != 3 {
		t.Fatalf("got %d paragraphs, want 3", len(a.Paragraphs))
	}
	if p := a.Paragraphs[0]; p.Last-p.First != 2 || a.Text[p.Start:p.End] != "One. Two." {
		t.Errorf("paragraph 1: %+v %q", p, a.Text[p.Start:p.End])
	}
	if p := a.Paragraphs[2]; p.Lines != 2 {
		t.Errorf("paragraph 3 lines %d, want 2", p.Lines)
	}
}

func TestLang(t *testing.T) {
	cases := map[string]string{
		"Your order has shipped and will arrive tomorrow.": "en",
		"Votre commande est partie et arrivera demain.":    "fr",
		"Merci !":               "fr",
		"Code 482913":           "en",
		"Réservation confirmée": "fr",
		"L'équipe vous remercie pour votre confiance.":      "fr",
		"Thanks for your order, it's on its way to you now": "en",
		// Decided at the fourth English word ahead: what follows does not count.
		"Thanks for your order. Votre commande est partie, vous la recevrez demain avec le colis et la facture.": "en",
	}
	for in, want := range cases {
		if got := Analyze(in, Options{}).Lang; got != want {
			t.Errorf("%q: lang %s, want %s", in, got, want)
		}
	}
	if a := Analyze("Your order.", Options{Lang: "fr"}); a.Lang != "fr" || a.LangGuess {
		t.Errorf("forced lang: %s guess=%v", a.Lang, a.LangGuess)
	}
}

func TestLengthAndPlaceholders(t *testing.T) {
	a := Analyze("Hi {{first_name}} 👍🏽 é", Options{PlaceholderWidth: 10})
	n, ph := a.Length(0, len(a.Text))
	// "Hi " 3 + placeholder 10 + " " 1 + emoji 1 + " " 1 + "é" 1
	if n != 17 || ph != 1 {
		t.Errorf("length %d placeholders %d, want 17 and 1", n, ph)
	}
	if g := a.Graphemes(0, len(a.Text)); g != 3+14+1+1+1+1 {
		t.Errorf("graphemes %d", g)
	}
	if off := a.OffsetOfChar(5); off != 3 {
		t.Errorf("char 5 is inside the placeholder, offset %d want 3", off)
	}
	if off := a.OffsetOfChar(14); a.Text[off:] != "👍🏽 é" {
		t.Errorf("char 14 at %q", a.Text[off:])
	}
	if c := a.Column(strings.Index(a.Text, "é")); c != 17 {
		t.Errorf("column of é %d, want 17", c)
	}
}

func TestPreview(t *testing.T) {
	cases := []struct {
		in        string
		width     int
		text      string
		truncated bool
		split     string
	}{
		{"Short one.", 50, "Short one.", false, ""},
		{"Hello\n\n  world", 50, "Hello world", false, ""},
		{"Your parcel arrives tomorrow morning", 20, "Your parcel arrives…", true, ""},
		{"Your parcel arrives tomorrow morning", 24, "Your parcel arrives tom…", true, "tomorrow"},
		{"Pay €1,250.00 now", 8, "Pay €1,…", true, "1,250.00"},
		{"Hi {{first_name}}, hello", 10, "Hi…", true, "{{first_name}}"},
		{"👍🏽👍🏽👍🏽👍🏽", 3, "👍🏽👍🏽…", true, ""},
	}
	for _, c := range cases {
		a := Analyze(c.in, Options{})
		cut := a.Preview(c.width)
		split := ""
		if cut.Split >= 0 {
			split = a.TokenText(cut.Split)
		}
		if cut.Text != c.text || cut.Truncated != c.truncated || split != c.split {
			t.Errorf("Preview(%q, %d) = %q truncated=%v split=%q; want %q %v %q", c.in, c.width, cut.Text, cut.Truncated, split, c.text, c.truncated, c.split)
		}
		if !utf8.ValidString(cut.Text) || cut.End > len(c.in) {
			t.Errorf("Preview(%q): invalid text or end %d", c.in, cut.End)
		}
	}
}

func TestStemmerCaches(t *testing.T) {
	s := NewStemmer()
	if got := s.Stem("fr", "offres"); got != s.Stem("fr", "offre") {
		t.Errorf("offres/offre stems differ: %s", got)
	}
	if got := s.Stem("en", "discounted"); got != "discount" {
		t.Errorf("discounted → %s", got)
	}
	if s.fr.Len() != 2 || s.en.Len() != 1 {
		t.Errorf("cache sizes fr %d en %d", s.fr.Len(), s.en.Len())
	}
	if st, ok := s.fr.Get("offres"); !ok || st.stem != s.Stem("fr", "offres") || st.hash != tokenHash(st.stem) {
		t.Errorf("offres not cached with its hash: %v %v", st, ok)
	}
}

func TestPhraseSet(t *testing.T) {
	st := NewStemmer()
	ps, err := CompilePhrases(st, map[string][]string{"en": {"hope this finds you well"}, "fr": {"nous espérons que vous allez bien"}})
	if err != nil {
		t.Fatal(err)
	}
	a := Analyze("Hi, hoping this finds you well! Bye.", Options{Lang: "en", Stems: st})
	if m := ps.Find(a, 0, len(a.Tokens)); len(m) != 1 || a.Text[m[0].Start:m[0].End] != "hoping this finds you well" {
		t.Errorf("en matches %+v", m)
	}
	a = Analyze("Nous espérons, que vous allez bien.", Options{Lang: "fr", Stems: st})
	if m := ps.Find(a, 0, len(a.Tokens)); len(m) != 1 {
		t.Errorf("fr match across a comma: %+v", m)
	}
	a = Analyze("We hope. This finds you well.", Options{Lang: "en", Stems: st})
	if m := ps.Find(a, 0, len(a.Tokens)); len(m) != 0 {
		t.Errorf("matched across a sentence end: %+v", m)
	}
	if _, err := CompilePhrases(st, map[string][]string{"en": {"..."}}); err == nil {
		t.Error("a phrase with no words compiled")
	}
}

// FuzzAnalyze checks that analysis never panics and keeps its spans valid,
// whatever the input, including invalid UTF-8.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"", "Hi {{x}}, 3.5 € at 12h30. Bye!", "M. Dupont… « Oui » ?", "\xff\xfe{{", "{{{", "%1$", "@a.", ":x:",
		"https://", "a@b.c", "1 250,00", "👨‍👩‍👧 👍🏽", "\r\n\r\n", "{a, plural, one {", "l'", "#", "www.",
	} {
		f.Add(s, 50)
	}
	f.Fuzz(func(t *testing.T, s string, width int) {
		width = width%200 + 1
		if width < 1 {
			width = -width + 1
		}
		a := Analyze(s, Options{})
		prev := int32(0)
		for i, tok := range a.Tokens {
			if tok.Start < prev || tok.End <= tok.Start || int(tok.End) > len(s) {
				t.Fatalf("token %d %+v out of order or range (len %d)", i, tok, len(s))
			}
			prev = tok.End
		}
		// Every brace literal, as an ICU catalog's quoted ones: the tokens
		// still tile the text in order, and no placeholder holds a brace.
		var lit []Span
		for i := 0; i < len(s); i++ {
			if s[i] == '{' || s[i] == '}' {
				lit = append(lit, Span{i, i + 1})
			}
		}
		prev = 0
		for i, tok := range Analyze(s, Options{Literal: lit}).Tokens {
			if tok.Start < prev || tok.End <= tok.Start || int(tok.End) > len(s) {
				t.Fatalf("literal braces: token %d %+v out of order or range (len %d)", i, tok, len(s))
			}
			if tok.Kind == Placeholder && strings.ContainsAny(s[tok.Start:tok.End], "{}") {
				t.Fatalf("literal braces: placeholder %q", s[tok.Start:tok.End])
			}
			prev = tok.End
		}
		end := 0
		for _, se := range a.Sentences {
			if se.Start < end || se.End < se.Start || se.End > len(s) || se.First >= se.Last {
				t.Fatalf("bad sentence %+v", se)
			}
			end = se.End
		}
		if n, want := a.Graphemes(0, len(s)), uniseg.GraphemeClusterCount(s); n != want {
			t.Fatalf("%d graphemes, uniseg counts %d", n, want)
		}
		cut := a.Preview(width)
		if cut.End < 0 || cut.End > len(s) {
			t.Fatalf("preview end %d out of range", cut.End)
		}
		if cut.Split >= len(a.Tokens) {
			t.Fatalf("split %d out of range", cut.Split)
		}
		if off := a.OffsetOfChar(width); off < 0 || off > len(s) {
			t.Fatalf("OffsetOfChar %d out of range", off)
		}
		if a.Lang != "en" && a.Lang != "fr" {
			t.Fatalf("lang %q", a.Lang)
		}
	})
}

// TestBareDomains checks that bare government and country domains are links,
// so that no rule reads "login.gov" as words.
func TestBareDomains(t *testing.T) {
	for _, s := range []string{"login.gov", "service-public.gouv.fr", "ameli.fr", "harvard.edu", "post.lu"} {
		a := Analyze("Sign in at "+s+" today", Options{Lang: "en"})
		found := false
		for i, tok := range a.Tokens {
			if tok.Kind == URL && a.TokenText(i) == s {
				found = true
			}
		}
		if !found {
			t.Errorf("%q is not one URL token", s)
		}
	}
}

// TestPlaceholderPatterns checks extra placeholder syntaxes from the
// configuration: a match on token boundaries is one placeholder token; a
// match that starts or ends inside a token is left alone.
func TestPlaceholderPatterns(t *testing.T) {
	pats := []*regexp.Regexp{
		regexp.MustCompile(`\[\[\w+\]\]`),
		regexp.MustCompile(`§\w+§`),
		regexp.MustCompile(`our`), // inside "Bonjour" and "pour": never a token
	}
	a := Analyze("Bonjour [[prenom]], code §otp§ pour x[[a]]", Options{Lang: "fr", Placeholders: pats})
	var got []string
	for i, tok := range a.Tokens {
		if tok.Kind == Placeholder {
			got = append(got, a.TokenText(i))
		}
	}
	if strings.Join(got, " ") != "[[prenom]] §otp§ [[a]]" {
		t.Errorf("placeholders %q, want [[prenom]], §otp§ and [[a]]", got)
	}
	if len(a.Placeholders()) != 3 || a.Words(0) == 0 {
		t.Errorf("Placeholders() = %v", a.Placeholders())
	}
}

// TestLiteral: a placeholder that overlaps text an ICU catalog quoted is
// tokenized as characters; placeholders elsewhere stay.
func TestLiteral(t *testing.T) {
	s := "Hi {name}, code {SAVE10} today"
	kinds := func(a *Analysis) []string {
		var out []string
		for i, tok := range a.Tokens {
			if tok.Kind == Placeholder {
				out = append(out, a.TokenText(i))
			}
		}
		return out
	}
	if got := kinds(Analyze(s, Options{Lang: "en"})); !slices.Equal(got, []string{"{name}", "{SAVE10}"}) {
		t.Errorf("placeholders without literal spans: %q", got)
	}
	open := strings.Index(s, "{SAVE10}")
	lit := []Span{{open, open + 1}, {open + 7, open + 8}} // the quoted braces
	a := Analyze(s, Options{Lang: "en", Literal: lit})
	if got := kinds(a); !slices.Equal(got, []string{"{name}"}) {
		t.Errorf("placeholders with the braces literal: %q", got)
	}
	var words []string
	for i, tok := range a.Tokens {
		if int(tok.Start) >= open && int(tok.End) <= open+8 {
			words = append(words, a.TokenText(i))
		}
	}
	if !slices.Equal(words, []string{"{", "SAVE10", "}"}) {
		t.Errorf("tokens of the quoted text: %q", words)
	}
	if len(a.Placeholders()) != 1 {
		t.Errorf("Placeholders() = %v", a.Placeholders())
	}

	// '{'{code}'}': quoted braces around a real argument, which stays one.
	s2 := "Votre code {{code}} expire demain."
	open2 := strings.Index(s2, "{{")
	b := Analyze(s2, Options{Lang: "fr", Literal: []Span{{open2, open2 + 1}, {open2 + 7, open2 + 8}}})
	if got := kinds(b); !slices.Equal(got, []string{"{code}"}) {
		t.Errorf("placeholders between literal braces: %q", got)
	}
}

func TestPlaceholderWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{"{{expected_date}}", "expected date"},
		{"%{orderId}", "order id"},
		{":amount", "amount"},
		{"{0}", ""},
		{"%s", ""},
		{"%1$s", ""},
		{"${Lien-Suivi}", "lien suivi"},
		{"{{ user.first_name }}", "user first name"},
	} {
		if got := strings.Join(PlaceholderWords(c.in), " "); got != c.want {
			t.Errorf("PlaceholderWords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOtherLang(t *testing.T) {
	for _, c := range []struct {
		text, lang, want string
	}{
		{"Ihre Bestellung ist unterwegs und wird morgen bei Ihnen sein. Bitte halten Sie die Nummer bereit.", "", "de"},
		{"Su pedido está en camino y llegará mañana. Gracias por su compra.", "", "es"},
		{"Your order is on its way and will arrive tomorrow. Thanks for shopping with us.", "", ""},
		{"Votre commande est en route et arrivera demain. Merci pour votre achat.", "", ""},
		{"Ihre Bestellung ist unterwegs und wird morgen bei Ihnen sein.", "en", ""}, // a given language is trusted
		// Letters spaced out for effect are no Portuguese "e" and "o" or
		// Spanish "y"; Portuguese with its one-letter words still is.
		{"P E A C E & L O V E ! !", "", ""},
		{"T O D A Y   O N L Y : S A V E   B I G", "", ""},
		{"J O Y E U X   N O Ë L", "", ""},
		{"O seu pedido foi enviado e chega amanhã. Obrigado!", "", "pt"},
		{"Seu pedido chegou e o entregador está na porta.", "", "pt"},
	} {
		a := Analyze(c.text, Options{Lang: c.lang})
		if got, _ := a.OtherLang(); got != c.want {
			t.Errorf("OtherLang(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
