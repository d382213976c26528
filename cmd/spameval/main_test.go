package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadSamples(t *testing.T) {
	in := "spam\tWin now\n\nham\tSee you at 6\nsmishing\tVerify your account\r\n"
	got, err := readSamples("x.tsv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || !got[0].spam || got[1].spam || !got[2].spam || got[1].line != 3 || got[2].text != "Verify your account" {
		t.Errorf("got %+v", got)
	}
	for _, c := range []struct{ in, want string }{
		{"ham\tok\nspamm\tbad label\n", `x.tsv:2: unknown label "spamm" (want spam, smishing, promo, promotional or marketing; ham, transactional or utility)`},
		{"ham no tab\n", "x.tsv:1: no tab between label and text"},
	} {
		if _, err := readSamples("x.tsv", strings.NewReader(c.in)); err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v, want %s", c.in, err, c.want)
		}
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mini.tsv")
	data := "spam\tWINNER!! claim your £900 prize, call 09061701461\n" +
		"spam\tHello there\n" +
		"ham\t20 % off this weekend, reply STOP to opt out\n" +
		"ham\tYour code is 482913\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-misses", "2", "-hist", path}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	s := out.String()
	for _, want := range []string{
		"mini.tsv: 4 messages (2 spam, 2 ham)",
		"warn >= 5        1     0     2     1    100.0 %   50.0 %    0.0 %   0.577",
		"error >= 9       1     0     2     1",
		"false negatives, lowest score first (1):",
		"line 2, score 0: no signal",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte("maybe\ttext\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := run([]string{bad}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "bad.tsv:1: unknown label") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
	if code := run(nil, &out, &errb); code != 2 {
		t.Errorf("no files: exit %d", code)
	}
}

// -signals counts, per signal, the positive and negative messages it fired
// on: spammy-content at any score, promo-under-tag in the promotional
// messages.
func TestSignalCounts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mini.tsv")
	data := "spam\tWINNER!! claim your £900 prize, call 09061701461\n" +
		"spam\tYou have won a prize, call 09061701461\n" +
		"ham\tAct now: our sale ends tonight, 20 % off. Reply STOP to opt out\n" +
		"ham\tYour code is 482913\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-signals", path}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{
		"  signal                                  pos    neg\n",
		"  premium-rate number                       2      0\n",
		"  prize wording                             2      0\n",
		"  urgency                                   0      1\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run([]string{"-signals", "-rule", "promo-under-tag", path}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"  discount                                  0      1\n", "  sale                                      0      1\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("promo-under-tag output lacks %q:\n%s", want, out.String())
		}
	}
}

// A folder of catalogs gets the share of messages each rule warns on, per
// language; a labelled JSONL gets the confusion matrix; -rule
// promo-under-tag measures the promotional-content detector.
func TestSharesAndLabelledJSONL(t *testing.T) {
	dir := t.TempDir()
	cat := filepath.Join(dir, "locales")
	if err := os.MkdirAll(cat, 0o755); err != nil {
		t.Fatal(err)
	}
	en := "en:\n  ok: \"Your code is 482913.\"\n  bad: \"We recieved your ordre.\"\n"
	fr := "fr:\n  ok: \"Votre code est 482913.\"\n"
	if err := os.WriteFile(filepath.Join(cat, "en.yml"), []byte(en), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cat, "fr.yml"), []byte(fr), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{cat}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{
		cat + " [en]: 2 messages, 50.0 % (1/2) with a warning or worse",
		"  spelling               50.0 % (1/2)",
		cat + " [fr]: 1 messages, 0.0 % (0/1) with a warning or worse",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	promo := filepath.Join(dir, "promo.jsonl")
	data := `{"label": "promo", "text": "Enjoy 20% off your next order with code THANKS20!"}` + "\n" +
		`{"label": "transactional", "text": "Your order 4821 has shipped and arrives Thursday."}` + "\n"
	if err := os.WriteFile(promo, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := run([]string{"-rule", "promo-under-tag", promo}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"promo.jsonl: 2 messages (1 promotional, 1 not)", "warning          1     0     1     0    100.0 %  100.0 %    0.0 %   1.000"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"label": "promo"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := run([]string{bad}, &out, &errb); code != 2 || !strings.Contains(errb.String(), `bad.jsonl:1: a record needs "label" and "text"`) {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
	if code := run([]string{"-rule", "nope", promo}, &out, &errb); code != 2 {
		t.Errorf("unknown rule: exit %d", code)
	}
}

// -ham lints the negative messages of a labelled file with every rule and
// prints the share each rule warns on; the positives are left out.
func TestHamShares(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mini.tsv")
	data := "spam\tWe recieved your ordre.\n" +
		"ham\tWe recieved your ordre.\n" +
		"ham\tYour code is 482913.\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-ham", path}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{
		"mini.tsv (negatives) [en]: 2 messages, 50.0 % (1/2) with a warning or worse",
		"  spelling               50.0 % (1/2)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run([]string{path}, &out, &errb); code != 0 || strings.Contains(out.String(), "negatives") {
		t.Errorf("without -ham: exit %d, output %s", code, out.String())
	}
}

// -words N follows each rule's shares with the N texts it flags most, with
// counts, the rest counted: what a user tuning vocab reads first.
func TestWords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mini.tsv")
	data := "ham\tWe recieved your ordre, we recieved it.\n" +
		"ham\tThe ordre ships tomorow.\n" +
		"ham\tYour code is 482913.\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-ham", "-words", "2", path}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	want := `  spelling flags 5 texts (3 distinct): "ordre" 2, "recieved" 2, … 1 more` + "\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out.String())
	}
	out.Reset()
	if code := run([]string{"-ham", path}, &out, &errb); code != 0 || strings.Contains(out.String(), "flags") {
		t.Errorf("without -words: exit %d, output %s", code, out.String())
	}
}

// -signals on an unlabelled path counts, per signal, the legitimate
// messages it fired on at any score (under the warning line too).
func TestLegitSignals(t *testing.T) {
	dir := t.TempDir()
	cat := filepath.Join(dir, "locales")
	if err := os.MkdirAll(cat, 0o755); err != nil {
		t.Fatal(err)
	}
	en := "en:\n  a: \"Click here to see your receipt.\"\n  b: \"Click here to rate us.\"\n  c: \"Your code is 482913.\"\n"
	if err := os.WriteFile(filepath.Join(cat, "en.yml"), []byte(en), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-signals", cat}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{
		cat + ": 3 legitimate messages, signals at any score:",
		"  click bait                                0      2",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
