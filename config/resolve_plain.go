package config

import (
	"strconv"
	"strings"
	"time"
)

// resolvePlain resolves an unquoted scalar as yaml.v3 v3.0.6 does (its
// resolve.go, for a scalar without a tag): the fast readers must tag every
// scalar exactly as the yaml.v3 path would, or a file would mean something
// else depending on its size. other is the tag of a tagOther result
// ("!!timestamp"). ok is false for what the fast readers leave to yaml.v3:
// the empty scalar (an implicit null, placed oddly by yaml.v3) and the
// merge key "<<".
//
// It follows resolve's steps in its order, but skips a step where it
// certainly fails: strconv's errors allocate, and a million-figure file is
// mostly floats that ParseInt would reject.
func resolvePlain(in string) (tag scalarTag, other string, ok bool) {
	if in == "" {
		return 0, "", false
	}
	switch c := in[0]; {
	case c == '+' || c == '-' || (c >= '0' && c <= '9'):
		return resolveNumeric(in)
	case c == '.':
		switch in {
		case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF":
			return tagFloat, "", true
		}
		if _, err := strconv.ParseFloat(in, 64); err == nil {
			return tagFloat, "", true
		}
		return tagStr, "", true
	case strings.IndexByte("yYnNtTfFoO~<", c) >= 0:
		switch in {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return tagBool, "", true
		case "~", "null", "Null", "NULL":
			return tagNull, "", true
		case "<<":
			return 0, "", false
		}
	}
	return tagStr, "", true
}

// resolveNumeric is resolve's case for a scalar that starts with a sign or
// a digit: ±.inf, a timestamp, an integer (any base, underscores
// dropped), a float, or else text.
func resolveNumeric(in string) (scalarTag, string, bool) {
	switch in {
	case "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return tagFloat, "", true
	}
	if isTimestamp(in) {
		return tagOther, "!!timestamp", true
	}
	plain := in
	if strings.IndexByte(in, '_') >= 0 {
		plain = strings.ReplaceAll(in, "_", "")
	}
	if mayParseInt(plain) {
		if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return tagInt, "", true
		}
		if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return tagInt, "", true
		}
	}
	if isYAMLFloat(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return tagFloat, "", true
		}
	}
	var digits string
	var base int
	negative := false
	switch {
	case strings.HasPrefix(plain, "0b"):
		digits, base = plain[2:], 2
	case strings.HasPrefix(plain, "-0b"):
		digits, base, negative = "-"+plain[3:], 2, true
	case strings.HasPrefix(plain, "0o"):
		digits, base = plain[2:], 8
	case strings.HasPrefix(plain, "-0o"):
		digits, base, negative = "-"+plain[3:], 8, true
	default:
		return tagStr, "", true
	}
	if _, err := strconv.ParseInt(digits, base, 64); err == nil {
		return tagInt, "", true
	}
	if !negative {
		if _, err := strconv.ParseUint(digits, base, 64); err == nil {
			return tagInt, "", true
		}
	}
	return tagStr, "", true
}

// mayParseInt is false when strconv.ParseInt(s, 0, 64) and ParseUint
// certainly fail: s holds a byte no Go integer literal has.
func mayParseInt(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F',
			c == 'x', c == 'X', c == 'o', c == 'O', c == '+', c == '-':
		default:
			return false
		}
	}
	return true
}

// isYAMLFloat matches yaml.v3's yamlStyleFloat,
// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$, without a
// regular expression.
func isYAMLFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// isTimestamp is yaml.v3's parseTimestamp without the time: four digits
// and a dash, then one of the layouts it tries.
func isTimestamp(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, layout := range [...]string{
		"2006-1-2T15:4:5.999999999Z07:00",
		"2006-1-2t15:4:5.999999999Z07:00",
		"2006-1-2 15:4:5.999999999",
		"2006-1-2",
	} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}
