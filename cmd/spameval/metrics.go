package main

import "math"

// confusion is a confusion matrix: spam is the positive class.
type confusion struct{ TP, FP, TN, FN int }

// add counts one message: whether it is spam and whether it was flagged.
func (c *confusion) add(spam, flagged bool) {
	switch {
	case spam && flagged:
		c.TP++
	case spam:
		c.FN++
	case flagged:
		c.FP++
	default:
		c.TN++
	}
}

func (c confusion) n() int { return c.TP + c.FP + c.TN + c.FN }

// ratio returns num/den, or false when den is 0.
func ratio(num, den int) (float64, bool) {
	if den == 0 {
		return 0, false
	}
	return float64(num) / float64(den), true
}

// precision is the share of flagged messages that are spam.
func (c confusion) precision() (float64, bool) { return ratio(c.TP, c.TP+c.FP) }

// recall is the share of spam that is flagged.
func (c confusion) recall() (float64, bool) { return ratio(c.TP, c.TP+c.FN) }

// fpr (false-positive rate) is the share of legitimate messages flagged.
func (c confusion) fpr() (float64, bool) { return ratio(c.FP, c.FP+c.TN) }

// mcc is the Matthews correlation coefficient, from -1 (always wrong)
// through 0 (chance) to 1 (always right). It is undefined when a row or a
// column of the matrix is empty.
func (c confusion) mcc() (float64, bool) {
	tp, fp, tn, fn := float64(c.TP), float64(c.FP), float64(c.TN), float64(c.FN)
	den := (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
	if den == 0 {
		return 0, false
	}
	return (tp*tn - fp*fn) / math.Sqrt(den), true
}
