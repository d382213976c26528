package loadgen

import (
	"io"
	"net/http"
)

// texts are Messenger-length messages, English and French.
var texts = [...]string{
	"Your order #4821 has shipped and arrives Thursday between 9:00 and 13:00. You can follow it from your account.",
	"Votre commande n° 4821 est partie : elle arrive jeudi entre 9 h et 13 h. Vous pouvez la suivre depuis votre compte.",
	"Hi Anna, your table for two at Le Comptoir is booked for Friday at 8pm. Reply here if you need to change it.",
	"Bonjour Anne, votre rendez-vous du 3 mars à 10 h 30 est confirmé. Répondez ici pour le déplacer ou l'annuler.",
	"Your refund of €42.90 for order 118-4471 was approved today. It will reach your bank account within 3 to 5 working days.",
	"Thanks for your message! A member of our team will answer within 24 hours, Monday to Friday from 9am to 6pm.",
}

// Text returns the text of request i: one of six ordinary Messenger
// messages (an order, a booking, a refund, an answer-time notice) in
// English or French, in turn.
func Text(i int) string { return texts[i%len(texts)] }

// SendAPI is a stand-in for the Send API that answers every request at
// once, as the Send API does a successful send.
func SendAPI() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"recipient_id":"1254477777772919","message_id":"m_AG5Hz2U"}`)
	})
}
