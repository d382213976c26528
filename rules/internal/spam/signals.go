package spam

// signal indexes the signal table.
type signal uint8

// The signals, in the order presend explain lists them.
const (
	sigCapitals signal = iota
	sigShouting
	sigEmoji
	sigPrize
	sigUrgency
	sigThreat
	sigFine
	sigOfficialFine
	sigVagueAlert
	sigDisputeLink
	sigVerify
	sigClickBait
	sigGuarantee
	sigDearFriend
	sigCredentials
	sigSecret
	sigDating
	sigChatReply
	sigSelfPromo
	sigOwnContent
	sigEngagement
	sigUnsolicited
	sigShoutingPromo
	sigPromoMobile
	sigPromoShortener
	sigCash
	sigLoanOffer
	sigEarnings
	sigMoneyPrize
	sigAdvanceFee
	sigSubscription
	sigParcelFee
	sigPremiumRate
	sigMobileContact
	sigSeveralNumbers
	sigShortCode
	sigFinePrint
	sigPaidReply
	sigCallPressure
	sigShortener
	sigRawIP
	sigUnsafeLink
	sigLookalikeDomain
	sigRiskyHost
	sigBrandMismatch
	sigManyLinks
	sigFreeEmail
	sigBrokenLink
	sigDisguisedLink
	sigInvisible
	sigLookalikeLetters
	sigSpacedLetters
	sigLeetspeak
	numSignals
)

// Signal describes one signal: what it looks for and its default weight.
type Signal struct {
	Name   string  // kebab-case, as weights overrides name it
	Group  string  // shouting, wording, solicitation, money, links or obfuscation
	Label  string  // how a finding names it, lower case
	Weight float64 // default weight
	Doc    string  // what fires it, one sentence
}

var table = [numSignals]Signal{
	sigCapitals: {"capitals", "shouting", "mostly capitals", 1.5,
		"60 % or more of the letters (at least 20) are in words written in capitals"},
	sigShouting: {"shouting", "shouting", "shouting", 1.5,
		"a word in capitals followed by two or more ! or ?, a run of three or more, or a hype word in capitals (\"WINNER!!\", \"???\", \"FREE\", \"GRATUIT\")"},
	sigEmoji: {"emoji", "shouting", "emoji and symbols", 1,
		"four or more emoji or decorative symbols making up a quarter of the words, or three identical ones in a row (\"💰💰💰\", \"$$$\")"},
	sigPrize: {"prize", "wording", "prize wording", 3.5,
		"prize, win and claim wording: \"you have won\", \"claim your\", \"winner\", \"entitled to\", \"vous avez gagné\", \"gagnant\", \"réclamez votre\"; in-game currency given away, an amount between or not (\"FREE 5000 V Bucks\", \"2000 Robux offerts\"); grant wording (\"you qualify for a grant\", \"éligible à une subvention\") only with a fee, a keyword to a short code, a premium or mobile number or a link neither the sender's nor a public body's"},
	sigUrgency: {"urgency", "wording", "urgency", 1.5,
		"time pressure: \"act now\", \"offer expires\", \"last chance\", \"within 24 hours\", \"dernière chance\", \"répondez vite\", \"immédiatement\", \"call 0906… now\""},
	sigThreat: {"account-threat", "wording", "account threat", 2.5,
		"pressure about an account, a card or a parcel: \"account suspended\", \"has been blocked\", \"card is now locked\", \"unusual activity\", \"parcel is on hold\", \"compte bloqué\", \"colis bloqué\""},
	sigFine: {"fine", "wording", "fine by text", 2.5,
		"a fine, a penalty or a toll to pay, announced by text: \"a fine of\", \"penalty notice\", \"unpaid toll\", \"une amende de\", \"avis de contravention\", \"péage impayé\"; authorities and toll operators write by post or in their app"},
	sigOfficialFine: {"official-fine", "wording", "fine to pay online or in an authority's name", 2.5,
		"a fine (the fine signal) with a link or an e-mail address to pay or appeal (not on a trusted domain), or in the name of a government body or the police (\"GOV.UK\", \"HMRC\", \"police\", \"ANTAI\", \"gendarmerie\", a gov.uk or gouv.fr link): the fine scam; with the fine wording it warns on its own"},
	sigVagueAlert: {"vague-alert", "wording", "payment alert that names no card or account", 3.5,
		"reports a payment, a transaction or a card use and asks to call a number or follow a link if it was not you (\"if not you, call…\", \"si ce n'est pas vous…\") without naming the card or account by its last digits: a bank's alert names them (\"card ending 4417\"), whoever texts numbers at random does not know them"},
	sigDisputeLink: {"dispute-link", "wording", "link to dispute a payment", 1.5,
		"a payment alert that names no card or account (vague-alert) and puts a link after \"if not you\" (\"if unauthorised follow https://…\", \"si ce n'est pas vous, cliquez sur https://…\"): banks ask to call them or to open their app, never to dispute a payment through a link; with vague-alert it warns"},
	sigVerify: {"verify-request", "wording", "asks to verify an account", 3,
		"asks to verify, confirm, update, unlock or re-activate an account, or to log in through a link: \"verify your account\", \"re-activate\", \"secure link\", \"vérifiez votre identité\"; a request to update a card in a billing notice (a payment that failed, or an update in the app or the account: \"your payment failed, update your card in the app\", \"mettez à jour votre carte dans l'application\") is none, unless a link built to deceive or a threat without a date goes with it"},
	sigClickBait: {"click-here", "wording", "click bait", 1,
		"a bare call to click: \"click here\", \"tap here\", \"click the link\", \"cliquez ici\""},
	sigGuarantee: {"guarantee", "wording", "guarantee", 1.5,
		"guarantees and no-risk promises: \"guaranteed\", \"100 %\", \"risk-free\", \"money back\", \"garanti\", \"sans risque\""},
	sigDearFriend: {"dear-friend", "wording", "impersonal greeting", 2,
		"an impersonal salutation: \"dear friend\", \"dear customer\", \"dear winner\", \"cher ami\", \"cher client\""},
	sigCredentials: {"credentials", "wording", "asks for personal details", 1.5,
		"asks for personal or banking details: \"send your name\", \"your card details\", \"vos coordonnées bancaires\""},
	sigSecret: {"secret-request", "wording", "asks for a password or secret code", 3,
		"asks the reader to send, text, reply with or pass on their password, PIN, one-time code or card security code (\"reply with your PIN\", \"by sending your Apple ID and password\", \"envoyez-nous votre code confidentiel\"): no bank or service asks for one in a message, and they say so (the phrases move here from credentials); \"we will never ask for your PIN\", \"ne communiquez jamais votre code\" and \"we will send your new PIN\" are no request"},
	sigDating: {"chat-line", "wording", "dating or chat-line lure", 3.5,
		"a dating or adult chat line's lure: someone introduced by a first name and an age (\"I'm Jess, 24,\", \"c'est Julie, 26 ans\", \"(25/F)\"), or who waits to meet or chat with the reader (\"hot singles in your area\", \"wants to meet you\", \"looking for fun\", \"rencontre coquine\", \"veut te rencontrer\"); lure wording with a mobile number to call or text adds mobile-contact (a name and an age alone do not); legitimate senders never write so to people who did not ask"},
	sigChatReply: {"chat-reply", "wording", "chat-line lure answered by a keyword", 1.5,
		"a chat-line lure (the chat-line signal's wording, not a name and an age alone) that asks for a reply with a keyword, no number needed (\"Reply YES to meet me\", \"text DATE\", \"Réponds OUI pour me rencontrer\"): with chat-line it warns; STOP, HELP and ARRET are no such keyword, and an appointment's \"Reply YES to confirm\" has no lure"},
	sigSelfPromo: {"self-promotion", "solicitation", "self-promotion", 3,
		"asks, in the first person, to look at, subscribe to or follow the writer's own things: \"check out my\", \"visit my\", \"subscribe to me\", \"follow me\", \"sub4sub\", \"allez voir ma\", \"suivez-moi\" (a business writes \"our\")"},
	sigOwnContent: {"own-content", "solicitation", "own content", 2,
		"\"my\", \"mon\", \"ma\" or \"mes\" followed, within two words, by a channel or video word (\"my channel\", \"my YouTube videos\", \"ma chaîne\"), or by a song, album, page, website or social account the writer made (\"my new song\", \"mon premier album\") or asks people to look at (\"check out my music\", \"follow my Instagram\"); \"my favourite song\" and a bare \"my website\" do not count"},
	sigEngagement: {"engagement-bait", "solicitation", "engagement bait", 2,
		"asks for likes, shares or subscriptions for their own sake: \"like this comment\", \"thumbs up if\", \"please subscribe\", \"sub back\", \"share this video\", \"likez si\", \"abonnez-vous svp\""},
	sigUnsolicited: {"unsolicited-promo", "solicitation", "promotion without opt-out", 1,
		"a promotional message (by the shared promotional-content classifier) that gives no way to opt out (\"reply STOP\", \"unsubscribe\", \"STOP au 36xxx\") nor, on chat channels, quick replies or buttons: US and French rules require one in SMS marketing; push and e-mail subjects are left out"},
	sigShoutingPromo: {"shouting-promo", "solicitation", "shouting promotion", 2,
		"a promotional message (by the shared promotional-content classifier) that shouts: mostly capitals and a run of two or more \"!\" (\"HUGE SALE TODAY ONLY!!!\"), opt-out or not; a polite promotion draws nothing"},
	sigPromoMobile: {"promo-mobile", "solicitation", "promotion to a mobile number", 4,
		"a promotion without opt-out (unsolicited-promo) that asks to call, text or WhatsApp a mobile number (as mobile-contact reads them), or signs off with one (nothing but punctuation after it): a business's marketing carries an opt-out and gives its own line or website, an advert sent to people who never asked and answered on a personal mobile does not; an advert short of a promotion (one offer, price, scarcity or credit cue and nothing transactional: \"flats for sale, call Sam on 07…\") counts too; with unsolicited-promo it warns on its own, and printing the opt-out clears both"},
	sigPromoShortener: {"promo-shortener", "solicitation", "promotion through a shortened link", 2,
		"a promotion without opt-out (unsolicited-promo, or an advert short of a promotion) whose link goes through a shortener (the shortener signal: bit.ly, or a path shaped like one): a business's marketing prints its opt-out and can link to its own domain, an advert sent to people who never asked and that hides where it leads cannot be told from a lure; with unsolicited-promo and shortener it warns on its own, and printing the opt-out or linking to a trusted domain clears it"},
	sigCash: {"cash", "money", "cash wording", 1.5,
		"cash and easy-money wording, loans and crypto included: \"cash\", \"make money online\", \"work from home\", \"passive income\", \"instant loan\", \"bitcoin\", \"argent facile\", \"prêt rapide\""},
	sigLoanOffer: {"loan-offer", "money", "loan offer", 3.5,
		"an offer of a loan with an amount: cash wording about a loan (\"need a loan\", \"borrow up to\", \"loans for any\", \"besoin d'un prêt\", \"empruntez jusqu'à\") and an amount in the same message, or credit offered to people refused elsewhere or debts offered to be written off (\"previously refused\", \"bad credit\", \"CCJs\", \"même fiché\", \"your debt could be written off\", \"effacer vos dettes\"), amount or not; a loan payment or balance is no offer"},
	sigEarnings: {"earnings", "money", "earnings claim", 2.5,
		"a claim of pay per day, week, month or hour: an earning word up to six words before an amount with a rate (\"earn $500 a day\", \"making £3,000 per month\", \"gagnez 300 € par jour\"); a price per month is no claim"},
	sigMoneyPrize: {"money-prize", "money", "cash prize", 2.5,
		"an amount (£900, $1,000, 500 €, Rs. 2,00,000; a replacement character standing for a lost currency sign counts) within eight words of a prize, cash, reward, gift or voucher word"},
	sigAdvanceFee: {"advance-fee", "money", "advance-fee story", 3.5,
		"the advance-fee story: a fortune waiting to be transferred to the reader (\"inheritance fund\", \"next of kin\", \"to transfer to you\", \"million dollars\", \"dear beneficiary\", \"héritage\", \"millions d'euros\", \"vous transférer la somme\"; a sum in millions only with someone to receive it: \"transfer\", \"beneficiary\", \"your share\", \"to you\", \"vous revient\", not \"thanks to you\"); banks and notaries write by post and name the estate"},
	sigSubscription: {"premium-subscription", "money", "premium subscription", 3.5,
		"a charge of 5 £/€/$ or less per message received, or per week for content delivered to the phone (ringtones, alerts, jokes, quizzes, \"to your mobile\"), with a request to join or a free start (\"£3/wk, reply GO to join\", \"1st week free\", \"pour vous abonner\"), or any such charge that runs until the reader texts STOP to a short code (\"until you text STOP to 87121\", \"jusqu'à ce que vous envoyiez STOP au 71010\", \"pour résilier, envoyez STOP au 81234\"): the premium SMS subscription people are signed up to by a text; with its fine print it warns. A weekly class, box or paper is no premium SMS"},
	sigParcelFee: {"parcel-fee", "money", "small parcel fee to pay by link", 5,
		"a parcel held or a delivery that failed (\"your parcel\", \"colis\", \"could not be delivered\"; a basket's or a meal's delivery fee is none) for a small fee (5 £/€/$ or less) to pay or settle (\"a £1.45 redelivery fee is due\", \"des frais de livraison de 1,99 € sont à régler\") with a link that is neither on a trusted domain, a public body's nor a listed brand's own site (royalmail.com, dhl.fr): the parcel scam; carriers ask for real duties in their app or on their own site, and a fee that merely applies (\"des frais de 2 € s'appliquent\") is no request, so it warns on its own"},
	sigPremiumRate: {"premium-rate", "money", "premium-rate number", 5,
		"a premium-rate phone number: UK 09xx and 0871–0873 (11 digits), UK 070 personal numbers, France 081x, 082x and 089x, US 1-900 and 1-976; legitimate messages do not ask people to call one, so it warns on its own; a UK 0870 or 084x or French 081x or 082x service number printed with the call price regulators make businesses state (\"7p per minute plus your phone company's access charge\", \"Service 0,15 €/min + prix appel\") is a helpline, and that price no fine print, unless the message also sells a prize, cash, a chat line, a short-code keyword or urgency; 0871–0873 and 089x stay premium-rate whatever they print"},
	sigMobileContact: {"mobile-contact", "money", "mobile number to contact", 2.5,
		"a mobile number (UK 07, France 06 and 07, India 6–9 as ten digits, any number after \"WhatsApp\") to call, text or write to, in a message about an account, a card, KYC, a loan, a job or a payment, with cash or earnings wording, or quoting a price or an amount (an advert): banks and shops give landlines and free numbers"},
	sigSeveralNumbers: {"several-numbers", "money", "several mobile numbers", 1.5,
		"a mobile number to call, text or write to followed by another number (\"Call 98765 43210 / 91234 56789\", \"PH:0612345678, 0698765432\"), as adverts list their lines; a business gives one"},
	sigShortCode: {"short-code", "money", "short-code keyword", 5,
		"a keyword to text to a short code of 4 to 6 digits (\"text WIN to 80082\", \"txt GO 2 80082\", \"rply YES to 62468\", \"envoyez JEU au 71010\", or a keyword in capitals right before it: \"SMS FLAT 53030\"); it warns on its own, but opt-out and help keywords (STOP, HELP, ARRET), which legitimate senders must print, never count"},
	sigFinePrint: {"fine-print", "money", "premium fine print", 1.5,
		"premium-service small print: \"T&C apply\", \"18+\", \"std txt rate\", a price per message, minute or week (\"150p/msg\", \"0,80 €/min\"), also run together with other letters and digits (\"Age18+only\", \"£1.50perWK\", \"150ppm\")"},
	sigPaidReply: {"paid-reply", "money", "charged replies", 3.5,
		"asks the reader to text or reply while every message or reply is charged (\"text me back, 150p per msg\", \"txt me, all replies cost £1.50\", \"écris-moi, réponses facturées 1 €\"): a premium chat or dating line; a business's texts cost the standard rate, and a STOP or HELP keyword is no request to write"},
	sigCallPressure: {"call-pressure", "money", "pressed to call a paid line", 1,
		"urgency (the urgency signal: \"call now\", \"last chance\") in a message that prices the call by the minute or per call (\"20p per min\", \"0,80 €/min\", \"£1 per call\"): a helpline prints its call charges without pressing, a premium line presses people to ring it; with urgency and the price (fine-print) it adds to both"},
	sigShortener: {"shortener", "links", "link shortener", 2,
		"a link through a shortener (bit.ly, tinyurl.com, goo.gl, is.gd…) that hides where it leads, or one shaped like it: a path of one 4–10 character token with a capital inside or letters and digits interleaved (\"/fCVbD\", \"/17j80\"), as unlisted shorteners make"},
	sigRawIP: {"raw-ip", "links", "link to an IP address", 5,
		"a link to a raw IP address instead of a domain (http://203.0.113.7/login): a business links to its own domain, so it warns on its own"},
	sigUnsafeLink: {"unsafe-link", "links", "link no business sends", 5,
		"a link to an app or a program to install outside the stores (\"/update.apk\", \".exe\") or through a tunnel to someone's own computer (ngrok, trycloudflare.com, loca.lt): businesses publish apps in the stores and link to their own domain, so it warns on its own"},
	sigLookalikeDomain: {"lookalike-domain", "links", "look-alike domain", 3,
		"a domain that imitates a brand: digits or hyphens (paypa1.com, pay-pal.com), the brand plus other words (paypal-verify.com), the brand in a subdomain of another domain (paypal.com.example.net), punycode (xn--), or a brand in a free e-mail address"},
	sigRiskyHost: {"risky-host", "links", "risky link host", 1.5,
		"a link on a top-level domain most abused for phishing (.tk, .xyz, .top…) or on a dynamic-DNS or free host (duckdns.org, 000webhostapp.com…)"},
	sigBrandMismatch: {"brand-mismatch", "links", "link away from the brand named", 1.5,
		"the message names a brand (PayPal, HMRC, Ameli…) but links elsewhere, a shortener included"},
	sigManyLinks: {"many-links", "links", "many links", 1,
		"three links or more in one message; two words run together with a full stop where a space or a hyphen belongs (\"check.in\", \"log.in\", \"merci.de\": a particle for a top-level domain, no brand or security word before it) are no link; three labels or a top-level domain abused for phishing (\"hmrc.now.click\", \"please.click\") stay links"},
	sigFreeEmail: {"free-email", "links", "free e-mail contact", 1.5,
		"an address at a free e-mail provider (gmail, yahoo, hotmail, outlook…) to write to"},
	sigBrokenLink: {"broken-link", "links", "broken link", 2.5,
		"a link written to slip past filters or that cannot work: \"http:/bit.ly/x\", \"http:// 203.0.113.7\", \"http:///x\", \"hxxp://\", a host with no top-level domain (\"http://mybank/login\"); a link spelled out or spaced so that it is not read as one (\"mybank-secure dot com\", \"exemple point com\", \"example[dot]com\", \"www . example . com\", \"example.c om/login\", a path cut from its host: \"example.com/ aB3dE\")"},
	sigDisguisedLink: {"disguised-link", "links", "two link tricks", 1,
		"two of the link tricks at once, on one link or two: a shortener, a risky host, a look-alike domain, a broken or spelled-out link (a shortener-shaped path on a .xyz host, \"http:/ow.ly/x\"): each alone has innocent uses (a business's bit.ly, a start-up on .xyz), links built two ways to deceive have none"},
	sigInvisible: {"invisible-chars", "obfuscation", "invisible characters", 2.5,
		"zero-width characters, soft hyphens or bidi controls inside or between words"},
	sigLookalikeLetters: {"lookalike-letters", "obfuscation", "look-alike letters", 3,
		"Cyrillic or Greek letters that look Latin inside a Latin word (\"Pаypal\" with a Cyrillic а), or styled letters (fullwidth, mathematical bold, circled)"},
	sigSpacedLetters: {"spaced-letters", "obfuscation", "spaced letters", 2,
		"a word spelt with spaces or dots between its letters (\"F R E E\", \"G.R.A.T.U.I.T\")"},
	sigLeetspeak: {"leetspeak", "obfuscation", "digits for letters", 2,
		"digits standing for letters in a spam word or a brand (\"fr33\", \"W1NNER\", \"V0DAFONE\")"},
}

// Signals returns the signals with their default weights, in a fixed order.
func Signals() []Signal {
	out := make([]Signal, numSignals)
	copy(out, table[:])
	return out
}

func signalByName(name string) (signal, bool) {
	for i := range table {
		if table[i].Name == name {
			return signal(i), true
		}
	}
	return 0, false
}
