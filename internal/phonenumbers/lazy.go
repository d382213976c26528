package phonenumbers

// This file is presend's, not upstream's: see README.md in this folder.

import (
	"regexp"
	"sync"
)

var metadataOnce sync.Once

// metadata returns the active metadata container, loading the embedded
// metadata on first use (upstream loads it in init, which every program
// linking the package paid at start-up, whether it parsed a number or not).
func metadata() *metadataContainer {
	metadataOnce.Do(initMetadata)
	return currentMetadata
}

// lazyRegexp returns a function that compiles pattern on its first call and
// then returns the same read-only Regexp: upstream's package-level patterns,
// compiled at first use rather than at start-up.
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

// protoInit builds the protocol buffer descriptors and message types of
// phonenumber.proto and phonemetadata.proto, which upstream's generated
// code built in init: every program linking the package paid for them at
// start-up (about 0.1 ms and a few pages of memory for presend) whether it
// parsed a number or not. Each generated method that reflects on a message
// or the enum (ProtoReflect, the enum's Descriptor and Type) calls it
// first: proto.Unmarshal, Merge and String all go through them.
func protoInit() {
	protoOnce.Do(func() {
		file_phonenumber_proto_init()
		file_phonemetadata_proto_init()
	})
}

var protoOnce sync.Once
