package metricinfo

import (
	"math"
	"strconv"
	"strings"

	"github.com/figures-exporter/figures_exporter/metricinfo/units"
)

// Reading is a figure written for a person: the figure in its unit
// ("CN¥840,264,000", "0.34%", "78.5 a"), and a note that puts it in a
// scale people read faster ("= CN¥840.264 million") or says what it is
// relative to ("+21.8% on 2005").
type Reading struct {
	Value string
	Note  string
}

// Format writes a figure of the metric whose labels have these values
// (nil when they do not matter: the base of a growth figure is then not
// named).
func (i Info) Format(labelValues []string, v float64) Reading {
	switch i.Kind {
	case units.Growth:
		change := roundTo((v-1)*100, 6)
		sign := "+"
		if change < 0 {
			sign = "−"
			change = -change
		}
		r := Reading{Value: GroupThousands(roundTo(v, 6)) + "×", Note: sign + GroupThousands(change) + "%"}
		if base := i.baseOf(labelValues); base != "" {
			r.Note += " on " + base
		}
		return r
	case units.Share:
		if i.Unit.Name == "ratio" {
			// 0.0034 is 0.34%: a share is read as a percentage.
			return Reading{Value: GroupThousands(roundTo(v*100, 6)) + "%"}
		}
		return Reading{Value: GroupThousands(v) + "%"}
	}
	u := i.Unit
	r := Reading{Value: withSymbol(u, GroupThousands(v))}
	switch {
	case u.Name == "meters" && math.Abs(v) >= 1000:
		r.Note = "= " + GroupThousands(roundTo(v/1000, 3)) + " km"
	case u.Name == "mu" && math.Abs(v) >= 150:
		// One mu is 2000/3 square meters, a fifteenth of a hectare.
		r.Note = "≈ " + GroupThousands(roundTo(v/15, 1)) + " hectares"
	case u.Prefix:
		if n := scaleWords(v); n != "" {
			// "= CN¥840.264 million": the scale with the currency.
			mark, rest, _ := strings.Cut(n, " ")
			r.Note = mark + " " + withSymbol(u, rest)
		}
	default:
		r.Note = scaleWords(v)
	}
	return r
}

// baseOf is the base a growth figure is relative to: its value of the base
// label, or the declared base.
func (i Info) baseOf(labelValues []string) string {
	if i.BaseLabel < 0 {
		return i.Base
	}
	if i.BaseLabel < len(labelValues) {
		return labelValues[i.BaseLabel]
	}
	return ""
}

// withSymbol writes a number with its unit's symbol: before it for a
// currency (with the sign before both: −CN¥5), after it otherwise.
func withSymbol(u units.Unit, number string) string {
	switch {
	case u.Name == "":
		return number
	case u.Prefix:
		if rest, neg := strings.CutPrefix(number, "−"); neg {
			return "−" + u.Symbol + rest
		}
		return u.Symbol + number
	}
	return number + " " + u.Symbol
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
			return prefix + GroupThousands(scaled) + " " + s.word
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

// GroupThousands writes v in full, without an exponent, with commas between
// groups of three digits: 840264000 is 840,264,000 and 1012.71 is 1,012.71.
func GroupThousands(v float64) string {
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
