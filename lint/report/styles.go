package report

import (
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-isatty"
	"github.com/muesli/termenv"

	"github.com/presend/presend/lint"
)

// Every colour and border of the text format lives in this file. Colours are
// the 16 basic ANSI colours, so they look the same on every colour profile
// and follow the user's terminal theme; none is adaptive, because adaptive
// colours make lipgloss query the terminal for its background.
var (
	colorRed    = lipgloss.Color("1")
	colorGreen  = lipgloss.Color("2")
	colorYellow = lipgloss.Color("3")
	colorBlue   = lipgloss.Color("4")
	colorCyan   = lipgloss.Color("6")
	colorGrey   = lipgloss.Color("8")
)

// cardBorder is the border of the preview card.
var cardBorder = lipgloss.RoundedBorder()

// styles holds the styles of one Write call, bound to its renderer.
type styles struct {
	source ink // file name in the header
	id     ink // #id in the header
	pass   ink // verdicts
	warn   ink
	block  ink

	info    ink // severities in finding lines
	warning ink
	error   ink
	rule    ink // rule name in finding lines
	fix     ink // "safe fix:" and "suggestion:" labels
	detail  ink // "detail:" label (--verbose)

	border ink // card border and the dashes of its title line
	title  ink // card title
	cut    ink // the "…" where the channel cuts the preview
}

// ink is a style of one-line text: lipgloss renders it when the output has
// colour; without colour the text is written as is, since the characters are
// the same either way and rendering every piece of every result is most of
// the cost of the text format on a large repository.
type ink struct {
	style lipgloss.Style
	plain bool
}

// Render returns s in the style, or s itself on a plain output.
func (k ink) Render(s string) string {
	if k.plain {
		return s
	}
	return k.style.Render(s)
}

// write writes the parts, as one piece of text in the style.
func (k ink) write(b *strings.Builder, parts ...string) {
	if k.plain {
		for _, p := range parts {
			b.WriteString(p)
		}
		return
	}
	b.WriteString(k.style.Render(strings.Join(parts, "")))
}

func newStyles(r *lipgloss.Renderer) *styles {
	plain := r.ColorProfile() == termenv.Ascii
	k := func(s lipgloss.Style) ink { return ink{style: s, plain: plain} }
	return &styles{
		source: k(r.NewStyle().Bold(true)),
		id:     k(r.NewStyle().Foreground(colorCyan)),
		pass:   k(r.NewStyle().Bold(true).Foreground(colorGreen)),
		warn:   k(r.NewStyle().Bold(true).Foreground(colorYellow)),
		block:  k(r.NewStyle().Bold(true).Foreground(colorRed)),

		info:    k(r.NewStyle().Foreground(colorBlue)),
		warning: k(r.NewStyle().Foreground(colorYellow)),
		error:   k(r.NewStyle().Bold(true).Foreground(colorRed)),
		rule:    k(r.NewStyle().Foreground(colorCyan)),
		fix:     k(r.NewStyle().Foreground(colorGreen)),
		detail:  k(r.NewStyle().Foreground(colorGrey)),

		border: k(r.NewStyle().Foreground(colorGrey)),
		title:  k(r.NewStyle().Bold(true)),
		cut:    k(r.NewStyle().Bold(true).Foreground(colorYellow)),
	}
}

func (s *styles) verdict(v lint.Verdict) ink {
	switch v {
	case lint.VerdictPass:
		return s.pass
	case lint.VerdictWarn:
		return s.warn
	case lint.VerdictBlock:
		return s.block
	}
	return s.title
}

func (s *styles) severity(sev lint.Severity) ink {
	switch sev {
	case lint.Info:
		return s.info
	case lint.Warning:
		return s.warning
	case lint.Error:
		return s.error
	}
	return s.title
}

// newRenderer returns a lipgloss renderer bound to w, with its colour profile
// forced from opts.Color (see Options), so no output depends on lipgloss's
// global renderer or on detection it would do later.
func newRenderer(w io.Writer, opts Options) *lipgloss.Renderer {
	p := colorProfile(opts.Color, isTerminal(w), opts.Getenv)
	r := lipgloss.NewRenderer(w, termenv.WithEnvironment(environ(opts.Getenv)), termenv.WithProfile(p))
	r.SetColorProfile(p)
	return r
}

// colorProfile decides the colour profile. tty tells whether the writer is a
// terminal; getenv reads NO_COLOR, TERM, COLORTERM.
//
//   - never: Ascii (no escape sequences).
//   - auto: Ascii unless tty and NO_COLOR is unset or empty; then the profile
//     detected from TERM and COLORTERM (Ascii for TERM=dumb).
//   - always: the detected profile, ANSI256 when detection finds none;
//     NO_COLOR is not consulted.
func colorProfile(mode string, tty bool, getenv func(string) string) termenv.Profile {
	detect := func() termenv.Profile {
		// WithTTY(true): the caller has already decided that colour is wanted;
		// only ask the environment how much.
		return termenv.NewOutput(io.Discard, termenv.WithEnvironment(environ(getenv)),
			termenv.WithTTY(true), termenv.WithProfile(termenv.Ascii)).ColorProfile()
	}
	switch mode {
	case ColorAlways:
		if p := detect(); p != termenv.Ascii {
			return p
		}
		return termenv.ANSI256
	case ColorNever:
		return termenv.Ascii
	default: // auto
		if !tty || getenv("NO_COLOR") != "" {
			return termenv.Ascii
		}
		return detect()
	}
}

// isTerminal reports whether w writes to a terminal. Only a writer with a file
// descriptor (an *os.File) can.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// environ adapts a getenv function to termenv.Environ.
type environ func(string) string

func (e environ) Getenv(key string) string { return e(key) }
func (e environ) Environ() []string        { return nil }
