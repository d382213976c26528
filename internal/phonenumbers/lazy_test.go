package phonenumbers

import (
	"os"
	"strings"
	"sync"
	"testing"

	"google.golang.org/protobuf/proto"
)

// loadedAtStart is whether the metadata was loaded before any test ran:
// package initialization must not load it. descriptorsAtStart is the same
// for the protocol buffer descriptors (protoInit).
var loadedAtStart, descriptorsAtStart bool

func TestMain(m *testing.M) {
	loadedAtStart = currentMetadata != nil
	descriptorsAtStart = File_phonenumber_proto != nil || File_phonemetadata_proto != nil
	os.Exit(m.Run())
}

func TestDescriptorsNotBuiltAtInit(t *testing.T) {
	if descriptorsAtStart {
		t.Fatal("protocol buffer descriptors built during package initialization; want them built on first use")
	}
}

// TestDescriptorsOnFirstUse reflects on each message type and the enum
// through the generated methods, which must build the descriptors first.
func TestDescriptorsOnFirstUse(t *testing.T) {
	n := &PhoneNumber{CountryCode: proto.Int32(33), NationalNumber: proto.Uint64(612345678)}
	if got := n.String(); !strings.Contains(got, "612345678") {
		t.Errorf("PhoneNumber.String() = %q, want the national number in it", got)
	}
	if got := PhoneNumber_FROM_DEFAULT_COUNTRY.String(); got != "FROM_DEFAULT_COUNTRY" {
		t.Errorf("enum String() = %q", got)
	}
	for _, m := range []proto.Message{&NumberFormat{}, &PhoneNumberDesc{}, &PhoneMetadata{}, &PhoneMetadataCollection{}, n} {
		if d := m.ProtoReflect().Descriptor(); d == nil || d.FullName() == "" {
			t.Errorf("%T: no descriptor", m)
		}
	}
	c := proto.Clone(n).(*PhoneNumber)
	if c.GetNationalNumber() != 612345678 || c.GetCountryCode() != 33 {
		t.Errorf("proto.Clone = %v", c)
	}
}

func TestMetadataNotLoadedAtInit(t *testing.T) {
	if loadedAtStart {
		t.Fatal("metadata loaded during package initialization; want it loaded on first use")
	}
}

// TestLazyLoadConcurrent parses from several goroutines at once, the first
// use of the metadata and patterns among them (run with -race).
func TestLazyLoadConcurrent(t *testing.T) {
	cases := []struct{ in, e164, region string }{
		{"+33 6 12 34 56 78", "+33612345678", "FR"},
		{"+1 (305) 555-0123", "+13055550123", "US"},
		{"+1 416 555 0123", "+14165550123", "CA"},
		{"+44 20 7946 0958", "+442079460958", "GB"},
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(cases))
	for range 4 {
		for _, c := range cases {
			wg.Go(func() {
				p, err := Parse(c.in, "")
				if err != nil {
					errs <- c.in + ": " + err.Error()
					return
				}
				if got := Format(p, E164); got != c.e164 {
					errs <- c.in + ": E.164 " + got + ", want " + c.e164
				}
				if got := GetRegionCodeForNumber(p); got != c.region {
					errs <- c.in + ": region " + got + ", want " + c.region
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestGeocodingEnglishOnly(t *testing.T) {
	p, err := Parse("+1 305 555 0123", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "fr"} { // fr falls back to English
		if got, err := GetGeocodingForNumber(p, lang); err != nil || got != "Florida" {
			t.Errorf("GetGeocodingForNumber(%s) = %q, %v; want Florida", lang, got, err)
		}
	}
}
