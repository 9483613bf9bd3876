package web

import (
	"math"
	"strconv"
	"strings"
)

// reading is a figure written for a person: the figure with its unit
// ("840,264,000 yuan"), and a note that puts it in a scale people read
// faster ("= 840.264 million").
type reading struct {
	Value string
	Note  string
}

// unitSuffixes name the unit a metric name ends with, in Prometheus's
// naming convention (the unit is the last word of the name, plural).
var unitSuffixes = []struct{ suffix, unit string }{
	{"_yuan", "yuan"},
	{"_meters", "meters"},
	{"_mu", "mu"},
	{"_seconds", "seconds"},
	{"_bytes", "bytes"},
	{"_percent", "%"},
}

// unitOf is the unit a metric's name gives, or "" for a count.
func unitOf(metric string) string {
	for _, u := range unitSuffixes {
		if strings.HasSuffix(metric, u.suffix) {
			return u.unit
		}
	}
	return ""
}

// isRatio reports whether the metric is a ratio by its name (the
// convention is a _ratio suffix; the default dataset says ratio_ first).
func isRatio(metric string) bool {
	return strings.HasSuffix(metric, "_ratio") || strings.HasPrefix(metric, "ratio_") || strings.Contains(metric, "_ratio_")
}

// readable writes a figure of the named metric for a person.
func readable(metric string, v float64) reading {
	if isRatio(metric) {
		change := roundTo((v-1)*100, 6)
		sign := "+"
		if change < 0 {
			sign = "−"
			change = -change
		}
		return reading{Value: groupThousands(roundTo(v, 6)) + "×", Note: sign + groupThousands(change) + "%"}
	}
	unit := unitOf(metric)
	r := reading{Value: groupThousands(v)}
	if unit != "" {
		if unit == "%" {
			r.Value += "%"
		} else {
			r.Value += " " + unit
		}
	}
	switch {
	case unit == "meters" && math.Abs(v) >= 1000:
		r.Note = "= " + groupThousands(roundTo(v/1000, 3)) + " km"
	case unit == "mu" && math.Abs(v) >= 150:
		// One mu is 2000/3 square meters, a fifteenth of a hectare.
		r.Note = "≈ " + groupThousands(roundTo(v/15, 1)) + " hectares"
	default:
		r.Note = scaleWords(v)
	}
	return r
}

// scales are the short-scale words reports use for large figures.
var scales = []struct {
	factor float64
	word   string
}{
	{1e12, "trillion"},
	{1e9, "billion"},
	{1e6, "million"},
}

// scaleWords writes a figure of a million or more in words, as reports
// write them ("= 840.264 million", "≈ 59.995 million"), and says nothing of
// smaller figures, which read well as they are.
func scaleWords(v float64) string {
	for _, s := range scales {
		if math.Abs(v) >= s.factor {
			scaled := roundTo(v/s.factor, 3)
			prefix := "≈ "
			if scaled*s.factor == v {
				prefix = "= "
			}
			return prefix + groupThousands(scaled) + " " + s.word
		}
	}
	return ""
}

// roundTo rounds v to the given number of decimals, so that 1.218-1
// prints as 0.218 and not 0.21799999999999997.
func roundTo(v float64, decimals int) float64 {
	p := math.Pow10(decimals)
	r := math.Round(v*p) / p
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return v // too large to scale: already without decimals
	}
	return r
}

// groupThousands writes v in full, without an exponent, with commas between
// groups of three digits: 840264000 is 840,264,000 and 1012.71 is 1,012.71.
func groupThousands(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "−", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
