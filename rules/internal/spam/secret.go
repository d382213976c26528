package spam

import "github.com/presend/presend/lint/text"

// secretVerbs ask the reader to hand something over: "send", "reply with",
// "text us", "envoyez", "communiquez-nous" (a French verb with its pronoun
// is one word).
var secretVerbs = map[string]bool{
	"send": true, "sending": true, "reply": true, "replying": true, "text": true, "txt": true,
	"forward": true, // not "provide" or "submit": "submit your code in the app", "provide your PIN to the cashier"
	"envoyez": true, "envoyer": true, "envoyant": true, "répondez": true, "répondre": true,
	"communiquez": true, "communiquer": true, "communiquant": true, "transmettez": true,
	"transmettre": true, "transmettant": true, "renvoyez": true, "envoyez-nous": true,
	"communiquez-nous": true, "transmettez-nous": true, "renvoyez-nous": true,
}

// secretGap are the words that may come between the verb and the reader's
// possessive: "reply with your", "text us your", "send back your", "envoyez-nous
// votre", "répondez avec votre".
var secretGap = map[string]bool{
	"us": true, "back": true, "with": true, "in": true, "nous": true, "avec": true, "par": true,
	"sms": true,
}

// readerPossessive are the reader's possessives.
var readerPossessive = map[string]bool{
	"your": true, "ur": true, "yr": true, "votre": true, "vos": true, "ton": true, "ta": true, "tes": true,
}

// secretNouns name what no service asks for by text: a password, a PIN, a
// one-time or card security code. Two-word ones are matched on the pair.
var secretNouns = map[string]bool{
	"password": true, "passwords": true, "passcode": true, "pin": true, "otp": true, "cvv": true,
	"cvc": true, "cvv2": true, "cryptogramme": true, "passe": true, // "mot de passe"
}

// secretPairs are two-word secrets: "security code", "code confidentiel".
var secretPairs = map[[2]string]bool{
	{"security", "code"}: true, {"verification", "code"}: true, {"one-time", "code"}: true,
	{"one-time", "password"}: true, {"code", "confidentiel"}: true, {"code", "secret"}: true,
	{"code", "pin"}: true, // not "code reçu": "communiquez votre code reçu au livreur" hands a delivery code over in person
}

// negations before the verb turn a request into the opposite advice: "we
// will never ask you to send your PIN", "ne communiquez jamais votre code".
var negations = map[string]bool{
	"never": true, "not": true, "don't": true, "dont": true, "won't": true, "jamais": true,
	"ne": true, "n'": true, "pas": true, "we": true, "we'll": true, "will": true, "nous": true,
}

// secretWindow is how many words after the possessive the secret may come:
// "your correct Apple ID and password".
const secretWindow = 6

// scanSecret fires secret-request when the message asks the reader to send,
// text or reply with their password, PIN, one-time code or card security
// code ("by sending your Apple ID and password", "reply with your PIN",
// "envoyez-nous votre code confidentiel"). Banks and services never ask for
// one by message and say so ("we will never ask for your PIN"): a
// negation, or "we" as the one who sends, before the verb is no request.
func (d *Detector) scanSecret(a *text.Analysis, norm *normText, st *state) {
	if d.weights[sigSecret] == 0 {
		return
	}
	toks := a.Tokens
	for i, t := range toks {
		if t.Kind != text.Word || !d.secretKeys.MayHaveLower(a, i) {
			continue
		}
		if !secretVerbs[a.Lower(i)] || negated(a, i) {
			continue
		}
		k := i + 1
		for gap := 0; k < len(toks) && gap < 3 && toks[k].Kind == text.Word && secretGap[a.Lower(k)]; gap++ {
			k++
		}
		if k >= len(toks) || toks[k].Kind != text.Word || !readerPossessive[a.Lower(k)] {
			continue
		}
		for j, words := k+1, 0; j < len(toks) && words < secretWindow; j++ {
			n := toks[j]
			if n.Kind == text.Punct {
				if n.Has(text.Terminal) {
					break
				}
				continue
			}
			words++
			if n.Kind != text.Word {
				continue
			}
			s := a.Lower(j)
			pair := j+1 < len(toks) && toks[j+1].Kind == text.Word && secretPairs[[2]string{s, a.Lower(j + 1)}]
			if secretNouns[s] || pair {
				end := j
				if pair {
					end = j + 1
				}
				if end+1 < len(toks) && toks[end+1].Kind == text.Word && (a.Lower(end+1) == "reset" || a.Lower(end+1) == "réinitialisation") {
					break // "send your password reset link"
				}
				st.fireNorm(sigSecret, norm, int(t.Start), int(toks[end].End))
				return
			}
		}
	}
}

// negated reports whether one of the six words before token i, in its
// sentence, negates the request or makes the sender its subject: "never
// send", "we will never ask you to send", "ne communiquez jamais", "we will
// send".
func negated(a *text.Analysis, i int) bool {
	for k, n := i-1, 0; k >= 0 && n < 6; k-- {
		t := a.Tokens[k]
		if t.Kind == text.Punct {
			if t.Has(text.Terminal) {
				return false
			}
			continue
		}
		n++
		if t.Kind == text.Word && negations[a.Lower(k)] {
			return true
		}
	}
	// "ne communiquez jamais votre code": the negation follows the verb.
	return i+1 < len(a.Tokens) && a.Tokens[i+1].Kind == text.Word && (a.Lower(i+1) == "jamais" || a.Lower(i+1) == "pas")
}
