package lint

import "testing"

// TestTallyGuessConfirm: a guess made as the Tally stands is confirmed when
// nothing counted in between changes its answers, and rejected, counting
// nothing, when a message counted in between makes the word reach the
// threshold; an id counted twice counts once, a message without an id
// each time.
func TestTallyGuessConfirm(t *testing.T) {
	tl := NewTally()
	tl.Seen("f", "a", "Acme", 3)
	tl.Seen("f", "a", "Acme", 3) // the same message again: still one
	g1, g2 := tl.Guess(), tl.Guess()
	if r, f := g1.Seen("f", "b", "Acme", 3); r || f {
		t.Fatalf("guess b: reached %v first %v, want neither", r, f)
	}
	if r, f := g2.Seen("f", "c", "Acme", 3); r || f {
		t.Fatalf("guess c: reached %v first %v, want neither", r, f)
	}
	g2.Seen("f", "c", "Other", 3)
	if !tl.Confirm(g1) {
		t.Fatal("b's guess rejected: nothing changed its answer")
	}
	// c is the third message with Acme: its guess (not reached) is wrong,
	// and Confirm counts none of its calls.
	if tl.Confirm(g2) {
		t.Fatal("c's guess confirmed, but c is the third message with Acme")
	}
	if r, f := tl.Seen("f", "c", "Acme", 3); !r || !f {
		t.Fatalf("c in its turn: reached %v first %v, want both", r, f)
	}
	if r, f := tl.Seen("f", "d", "Other", 2); r || f {
		t.Fatalf("Other after the rejected guess: reached %v first %v, want neither (d is its first message)", r, f)
	}
	if r, f := tl.Seen("g", "", "Acme", 2); r || f {
		t.Fatal("another source shares the count")
	}
	if r, f := tl.Seen("g", "", "Acme", 2); !r || !f {
		t.Fatal("a message without an id is not counted each time")
	}
	if tl.Confirm(tl.Guess()) != true {
		t.Fatal("a guess that asked nothing is rejected")
	}
}
