package input

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/lint"
)

// Catalogs are files of many messages, each under a key: JSON, YAML and TOML
// translation files, Java .properties and gettext .po. Each string leaf is a
// message whose ID is its key and whose Map points into the catalog file,
// at the exact character (or escape sequence) each byte was written as.
//
// Keys: the names of nested tables or objects joined by "."; an array
// element adds "[i]" (0-based) to the key of its array: "fr.steps[2]". Only
// strings are messages; numbers, booleans, dates and nulls are skipped, and
// so are empty strings (nothing to lint).
//
// Language: the file's locale, when its name or its place says it
// (fr.yml, messages_fr.properties, messages-fr_FR.json, app.fr.po,
// fr/LC_MESSAGES/app.po, locales/fr/common.json), or when the whole catalog
// sits under one locale key (Rails' "fr:" root), or a po file's Language
// header; else "" and the linter guesses per message. The language is the
// locale's base code: "fr" for fr-CA.
//
// ICU MessageFormat: a string with a {n, plural, ...}, {n, selectordinal,
// ...} or {x, select, ...} argument becomes one message per branch (see
// expandICU).

// maxCatalog bounds the size of a catalog file, so that offsets fit the
// int32 marks of a segMap.
const maxCatalog = 1 << 28

// The catalog formats accepted by Read.
const (
	FormatCatalogJSON = "json-catalog"
	FormatYAML        = "yaml"
	FormatTOML        = "toml"
	FormatProperties  = "properties"
	FormatPO          = "po"
	FormatPOT         = "pot" // a gettext template: the msgids are the messages
)

// isCatalog reports whether format is a catalog format.
func isCatalog(format string) bool {
	switch format {
	case FormatCatalogJSON, FormatYAML, FormatTOML, FormatProperties, FormatPO, FormatPOT:
		return true
	}
	return false
}

// readCatalog reads a catalog file and expands its ICU messages.
func readCatalog(data []byte, name, format string) ([]lint.Message, error) {
	if len(data) > maxCatalog {
		return nil, &Error{File: name, Msg: fmt.Sprintf("catalog is %d bytes, over presend's limit of %d", len(data), maxCatalog)}
	}
	var msgs []lint.Message
	var err error
	switch format {
	case FormatCatalogJSON:
		msgs, err = readJSONCatalog(data, name)
	case FormatYAML:
		msgs, err = readYAML(data, name)
	case FormatTOML:
		msgs, err = readTOML(data, name)
	case FormatProperties:
		msgs, err = readProperties(data, name)
	case FormatPO:
		msgs, err = readPO(data, name)
	case FormatPOT:
		msgs, err = readPOT(data, name)
	}
	if err != nil {
		return nil, err
	}
	if lang := langFromPath(name); lang != "" {
		for i := range msgs {
			if msgs[i].Lang == "" {
				msgs[i].Lang = lang
			}
		}
	}
	out := msgs[:0:0]
	for _, m := range msgs {
		out = append(out, expandICU(m)...)
	}
	return out, nil
}

// maxKeyBytes bounds a catalog key (the dotted path of a message): every
// message under a key repeats it in its own, so a long key over many
// messages would cost their product (a 100 KB table name over 10,000
// strings: 1 GB).
const maxKeyBytes = 4096

// keyTooLong is the message of a key over maxKeyBytes.
func keyTooLong(key string) string {
	return fmt.Sprintf("key %s is over presend's limit of %d bytes", quote.Q(key), maxKeyBytes)
}

// keyJoin appends a key part to a dotted key.
func keyJoin(prefix, part string) string {
	if prefix == "" {
		return part
	}
	return prefix + "." + part
}

// keyIndex appends an array index to a key.
func keyIndex(prefix string, i int) string {
	return fmt.Sprintf("%s[%d]", prefix, i)
}

// langFromPath returns the base language code a catalog's path names, or "".
func langFromPath(path string) string {
	path = filepath.ToSlash(path)
	base := path[strings.LastIndexByte(path, '/')+1:]
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	if l := localeLang(stem); l != "" {
		return l
	}
	parts := strings.FieldsFunc(stem, func(r rune) bool { return r == '.' || r == '_' || r == '-' })
	if n := len(parts); n >= 2 {
		// messages_fr_FR, messages-pt-BR: a language, then a region.
		if n >= 3 && isRegion(parts[n-1]) {
			if l := localeLang(parts[n-2]); l != "" {
				return l
			}
		}
		if l := localeLang(parts[n-1]); l != "" {
			return l
		}
	}
	// A folder named after the locale, among the three nearest, in a locale
	// layout: under a folder such as locales/ or i18n/, or above
	// LC_MESSAGES. Elsewhere a two-letter folder is just a folder ("my/",
	// "hr/", "it/"), and reading it as a language would drop its messages.
	dirs := strings.Split(path, "/")
	dirs = dirs[:len(dirs)-1]
	for i := len(dirs) - 1; i >= 0 && i >= len(dirs)-3; i-- {
		l := localeLang(dirs[i])
		if l == "" {
			continue
		}
		if i+1 < len(dirs) && dirs[i+1] == "LC_MESSAGES" || slices.ContainsFunc(dirs[:i], isLocaleDir) {
			return l
		}
	}
	return ""
}

// localeLang returns the base language of a locale code such as fr, fr-FR,
// fr_CA or pt-BR (ISO 639-1 code in lower case, optional region), or "".
func localeLang(s string) string {
	lang, region, hasRegion := strings.Cut(strings.ReplaceAll(s, "_", "-"), "-")
	if hasRegion && !isRegion(region) {
		return ""
	}
	if len(lang) != 2 || !strings.Contains(iso639, " "+lang+" ") {
		return ""
	}
	return lang
}

// isRegion reports whether s looks like a region subtag: FR, BR, 419.
func isRegion(s string) bool {
	if len(s) == 2 {
		return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
	}
	return len(s) == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9'
}

// iso639 lists the ISO 639-1 language codes.
const iso639 = " aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy" +
	" da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz" +
	" ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo" +
	" lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps" +
	" pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn" +
	" to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu "

// SupportedLang reports whether presend lints a language code: "" (guess),
// "auto", "en" or "fr".
func SupportedLang(lang string) bool {
	switch lang {
	case "", "auto", "en", "fr":
		return true
	}
	return false
}

// isLocaleDir reports whether a folder name is one that holds a folder per
// locale.
func isLocaleDir(name string) bool {
	switch strings.ToLower(name) {
	case "locales", "locale", "i18n", "l10n", "lang", "langs", "languages", "translations", "intl":
		return true
	}
	return false
}
