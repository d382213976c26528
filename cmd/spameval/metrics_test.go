package main

import (
	"math"
	"testing"
)

func near(t *testing.T, what string, got float64, ok bool, want float64) {
	t.Helper()
	if !ok {
		t.Errorf("%s: undefined, want %.6f", what, want)
		return
	}
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %.9f, want %.9f", what, got, want)
	}
}

func TestConfusionMetrics(t *testing.T) {
	c := confusion{TP: 90, FP: 10, TN: 880, FN: 20}
	if c.n() != 1000 {
		t.Errorf("n = %d, want 1000", c.n())
	}
	p, ok := c.precision()
	near(t, "precision", p, ok, 0.9)
	r, ok := c.recall()
	near(t, "recall", r, ok, 90.0/110)
	f, ok := c.fpr()
	near(t, "fpr", f, ok, 10.0/890)
	// (90·880 − 10·20) / √(100·110·890·900) = 79000 / √8811000000
	m, ok := c.mcc()
	near(t, "mcc", m, ok, 79000/math.Sqrt(8811000000))
	near(t, "mcc (decimal)", math.Round(m*1e4)/1e4, ok, 0.8416)

	perfect := confusion{TP: 5, TN: 7}
	m, ok = perfect.mcc()
	near(t, "perfect mcc", m, ok, 1)
	inverted := confusion{FP: 7, FN: 5}
	m, ok = inverted.mcc()
	near(t, "inverted mcc", m, ok, -1)
}

func TestConfusionUndefined(t *testing.T) {
	// A file of legitimate messages only: no positive, so recall and MCC
	// are undefined, precision too when nothing is flagged.
	c := confusion{TN: 58, FP: 2}
	if _, ok := c.recall(); ok {
		t.Error("recall defined without positives")
	}
	if _, ok := c.mcc(); ok {
		t.Error("mcc defined without positives")
	}
	p, ok := c.precision()
	near(t, "precision", p, ok, 0)
	f, ok := c.fpr()
	near(t, "fpr", f, ok, 2.0/60)
	if _, ok := (confusion{TN: 3}).precision(); ok {
		t.Error("precision defined with nothing flagged")
	}
}

func TestConfusionAdd(t *testing.T) {
	var c confusion
	c.add(true, true)
	c.add(true, false)
	c.add(false, true)
	c.add(false, false)
	c.add(false, false)
	if c != (confusion{TP: 1, FN: 1, FP: 1, TN: 2}) {
		t.Errorf("add: %+v", c)
	}
}
