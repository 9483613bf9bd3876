package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ValueError says why a figure's text could not be read as a number.
type ValueError struct {
	Text   string
	Reason string
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("cannot read %q as a number: %s", e.Text, e.Reason)
}

// ParseValue reads a figure as reports write it. (Placeholder: plain numbers.)
func ParseValue(text string) (float64, error) {
	s := strings.TrimSpace(text)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || strings.ContainsAny(s, "xXnN") {
		return 0, &ValueError{Text: text, Reason: "expected a number such as 840264000"}
	}
	return v, nil
}
