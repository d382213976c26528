package spam

import "github.com/presend/presend/lint/text"

// scanOfficialFine fires official-fine when fine wording fired and the
// message gives a link or an e-mail address (to pay or appeal) that is not
// on a trusted domain, or names a government body or the police: the fine
// scam. Authorities send fines by
// post; a text that announces one and asks to pay online, or that speaks
// in the State's name, is what the scam writes.
func (d *Detector) scanOfficialFine(a *text.Analysis, norm *normText, st *state) {
	if !st.fired[sigFine] || d.weights[sigOfficialFine] == 0 {
		return
	}
	if st.links > st.ownLinks || st.authority {
		fine := st.ev[sigFine]
		st.fireOrig(sigOfficialFine, fine.start, fine.end)
		return
	}
	for i, t := range a.Tokens {
		if t.Kind == text.Word && t.Len() >= 3 && d.authority.hasWord(d.stems, a.Lower(i)) {
			st.fireNorm(sigOfficialFine, norm, int(t.Start), int(t.End))
			return
		}
	}
}
