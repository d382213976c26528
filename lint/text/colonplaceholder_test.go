package text

import "testing"

// A :name placeholder stands after a number sign, a quote, the end of an
// HTML tag or a no-break space as well as after a space, as Laravel
// catalogs write it; still not after a letter or a digit, nor as an emoji
// shortcode.
func TestColonPlaceholderAfterPunctuation(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Order #:order_number shipped", "word:Order punct:# placeholder::order_number word:shipped"},
		{"Event ':name' is confirmed", "word:Event punct:' placeholder::name punct:' word:is word:confirmed"},
		{`User ":name" left`, `word:User punct:" placeholder::name punct:" word:left`},
		{"See <b>:url</b>", "word:See symbol:< word:b symbol:> placeholder::url symbol:< punct:/ word:b symbol:>"},
		{"Commande\u00a0: :id", "word:Commande punct:: placeholder::id"},
		{"Commande :\u00a0:id", "word:Commande punct:: placeholder::id"},
		{"page d'état:app_name", "word:page word:d' word:état punct:: word:app_name"},
		{"at 12:30 ':smile:'", "word:at number:12:30 punct:' punct:: word:smile punct:: punct:'"},
	}
	for _, c := range cases {
		if got := kinds(Analyze(c.in, Options{})); got != c.want {
			t.Errorf("%q\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}
