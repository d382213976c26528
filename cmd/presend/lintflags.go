package main

import "github.com/spf13/pflag"

// addConfigFlags registers the flags that choose the configuration and lay
// over it, which lint and serve share: --config (its help is the command's: where
// it looks for presend.toml without it), --channel, --lang, --fail-on
// and --min-score. The caller sets minScoreSet after parsing.
func (f *lintFlags) addConfigFlags(fs *pflag.FlagSet, configHelp string) {
	fs.StringVar(&f.config, "config", "", configHelp)
	fs.StringVar(&f.channel, "channel", "", "channel of messages that name none: messenger, instagram, sms, whatsapp, push, email-subject, voice (default from config: messenger; a catalog key naming a spoken script, such as otp.voice, chooses voice)")
	fs.StringVar(&f.lang, "lang", "", "language: auto, en or fr (default from config: auto)")
	fs.StringVar(&f.failOn, "fail-on", "", "lowest severity that blocks a message: info, warning, error or never (default from config: error)")
	fs.IntVar(&f.minScore, "min-score", 0, "block messages scoring under this, 0–100 (default from config: 0, off)")
}
