package backfill

import (
	"fmt"
	"time"

	"github.com/figures-exporter/figures_exporter/period"
)

// Stamp is when in its period a figure is put: the end of the period
// (the zero Stamp), its start, or, for years only, a given day and time
// of the year. Times are UTC.
type Stamp struct {
	edge              edge
	month             time.Month
	day               int
	hour, minute, sec int
}

type edge int

const (
	atEnd edge = iota
	atStart
	ofYear
)

// End is the last second of the period (2011-12-31T23:59:59 for 2011,
// 2011-03-31T23:59:59 for 2011-Q1): the figures of a report describe the
// period as a whole, and that is the last moment still in it.
func End() Stamp { return Stamp{} }

// Start is the first second of the period (2011-01-01T00:00:00 for 2011).
func Start() Stamp { return Stamp{edge: atStart} }

// ParseStamp reads "end", "start", or for years only "MM-DD" (midnight
// UTC) or "MM-DDTHH:MM:SS" (UTC), such as 06-30 for fiscal years that end
// in June.
func ParseStamp(s string) (Stamp, error) {
	switch s {
	case "end":
		return End(), nil
	case "start":
		return Start(), nil
	}
	layout := "01-02T15:04:05"
	if len(s) == len("01-02") {
		layout = "01-02"
	}
	// 2001 is not a leap year, so 02-29 is refused: most years have no
	// such day.
	t, err := time.Parse("2006-"+layout, "2001-"+s)
	if err != nil {
		return Stamp{}, fmt.Errorf("cannot read %q as a place in a period: expected end, start, or for years MM-DD or MM-DDTHH:MM:SS (UTC), such as 06-30 or 06-30T12:00:00", s)
	}
	return Stamp{edge: ofYear, month: t.Month(), day: t.Day(), hour: t.Hour(), minute: t.Minute(), sec: t.Second()}, nil
}

// Time is the stamp in the period. A day of the year places years only.
func (s Stamp) Time(p period.Period) (time.Time, error) {
	switch s.edge {
	case atStart:
		return p.Start(), nil
	case ofYear:
		if p.Kind != period.Year {
			return time.Time{}, fmt.Errorf("--at %s places a figure in its year, but %s is a %s: use end or start", s, p, p.Kind)
		}
		return time.Date(p.Year, s.month, s.day, s.hour, s.minute, s.sec, 0, time.UTC), nil
	}
	return p.End(), nil
}

// String writes the stamp as ParseStamp reads it.
func (s Stamp) String() string {
	switch s.edge {
	case atEnd:
		return "end"
	case atStart:
		return "start"
	}
	return fmt.Sprintf("%02d-%02dT%02d:%02d:%02d", int(s.month), s.day, s.hour, s.minute, s.sec)
}
