package channel

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestDefaults(t *testing.T) {
	want := map[string]Profile{
		"messenger":     {Name: "messenger", HardLimit: 2000, SoftLimit: 300, PreviewWidth: 50, Chat: true},
		"instagram":     {Name: "instagram", SoftLimit: 300, PreviewWidth: 50, Chat: true}, // its limit is in bytes: the policy's
		"whatsapp":      {Name: "whatsapp", HardLimit: 4096, SoftLimit: 300, PreviewWidth: 50, Chat: true},
		"sms":           {Name: "sms", HardParts: 10, SoftParts: 1, PreviewWidth: 50, Chat: true, SMS: true},
		"push":          {Name: "push", HardLimit: 160, SoftLimit: 80, PreviewWidth: 50},
		"email-subject": {Name: "email-subject", HardLimit: 78, SoftLimit: 50, PreviewWidth: 40},
		"voice":         {Name: "voice", Spoken: true}, // read aloud: no preview, no limits
	}
	got := Defaults()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Defaults() = %+v\nwant %+v", got, want)
	}
	for name, p := range got {
		if p.Name != name {
			t.Errorf("profile %q has Name %q", name, p.Name)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("default %q: %v", name, err)
		}
	}
}

func TestDefaultsIndependent(t *testing.T) {
	a := Defaults()
	a["messenger"] = Profile{Name: "messenger", HardLimit: 1}
	delete(a, "sms")
	a["fax"] = Profile{Name: "fax"}
	b := Defaults()
	if b["messenger"].HardLimit != 2000 {
		t.Errorf("changing one map changed another: messenger hard-limit %d", b["messenger"].HardLimit)
	}
	if _, ok := b["sms"]; !ok {
		t.Error("deleting from one map deleted from another")
	}
	if _, ok := b["fax"]; ok {
		t.Error("adding to one map added to another")
	}
}

func TestNames(t *testing.T) {
	want := []string{"email-subject", "instagram", "messenger", "push", "sms", "voice", "whatsapp"}
	if got := Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v; want %v", got, want)
	}
}

func TestValidate(t *testing.T) {
	ok := Profile{HardLimit: 2000, SoftLimit: 300, PreviewWidth: 50}
	tests := []struct {
		name string
		p    Profile
		want []string // substrings of the error; none means valid
	}{
		{"ok", ok, nil},
		{"no hard limit", Profile{SoftLimit: 5000, PreviewWidth: 1}, nil},
		{"soft equals hard", Profile{HardLimit: 10, SoftLimit: 10, PreviewWidth: 1}, nil},
		{"soft above hard", Profile{HardLimit: 2000, SoftLimit: 3000, PreviewWidth: 50},
			[]string{"soft-limit 3000 is above hard-limit 2000"}},
		{"parts", Profile{HardParts: 2, SoftParts: 3, PreviewWidth: 50},
			[]string{"soft-parts 3 is above hard-parts 2"}},
		{"preview zero", Profile{HardLimit: 10}, []string{"preview-width 0 is below 1"}},
		{"spoken, no preview", Profile{Spoken: true}, nil},
		{"hard-bytes negative", Profile{HardBytes: -1, PreviewWidth: 1}, []string{"hard-bytes -1 is negative"}},
		{"negatives", Profile{HardLimit: -1, SoftLimit: -2, PreviewWidth: -3, HardParts: -4, SoftParts: -5}, []string{
			"hard-limit -1 is negative", "soft-limit -2 is negative", "preview-width -3 is negative",
			"hard-parts -4 is negative", "soft-parts -5 is negative",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Errorf("Validate() = %v; want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil; want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q; want it to contain %q", err, w)
				}
			}
		})
	}
}

// The config generator prints each field's doc tag: one line, lowercase, no
// final period.
func TestProfileDocTags(t *testing.T) {
	typ := reflect.TypeFor[Profile]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		doc, ok := f.Tag.Lookup("doc")
		switch {
		case !ok || doc == "":
			t.Errorf("%s: no doc tag", f.Name)
		case strings.ContainsAny(doc, "\n\r"):
			t.Errorf("%s: doc tag spans lines", f.Name)
		case doc != strings.ToLower(doc):
			t.Errorf("%s: doc tag %q is not lowercase", f.Name, doc)
		case strings.HasSuffix(doc, "."):
			t.Errorf("%s: doc tag %q ends with a period", f.Name, doc)
		}
		if _, ok := f.Tag.Lookup("toml"); !ok {
			t.Errorf("%s: no toml tag", f.Name)
		}
	}
}
