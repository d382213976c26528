package lint

// OrderDependent is implemented by compiled rule state (what
// Compiler.Compile returns) whose findings on a message can depend on the
// messages of the same source checked before it: spelling, with
// brand-after, stops flagging a capitalised word once it has flagged it in
// that many messages of one file. Such messages must be checked one after
// another, in order, for the output to be the same every run.
type OrderDependent interface {
	OrderDependent() bool
}

// OrderFree reports whether a message's result never depends on the other
// messages the Linter checked before it (history stores aside, which a
// caller orders itself): then the messages of one file may be checked in
// any order, in parallel, and give the results of one after another. It is
// false when an enabled rule's compiled state is OrderDependent.
func (l *Linter) OrderFree() bool {
	for _, ar := range l.rules {
		if d, ok := ar.compiled.(OrderDependent); ok && d.OrderDependent() {
			return false
		}
	}
	return true
}
