package backfill

import (
	"fmt"
	"time"
)

// Stamp is when in its year a figure is put: the end of the year, its
// start, or a given day and time of year. Times are UTC.
type Stamp struct {
	month             time.Month
	day               int
	hour, minute, sec int
}

// EndOfYear is the last second of the year, 12-31T23:59:59 UTC: the
// figures of a yearly report describe the year as a whole, and that is
// the last moment still in it.
func EndOfYear() Stamp { return Stamp{month: time.December, day: 31, hour: 23, minute: 59, sec: 59} }

// StartOfYear is the first second of the year, 01-01T00:00:00 UTC.
func StartOfYear() Stamp { return Stamp{month: time.January, day: 1} }

// ParseStamp reads "end", "start", "MM-DD" (midnight UTC) or
// "MM-DDTHH:MM:SS" (UTC).
func ParseStamp(s string) (Stamp, error) {
	switch s {
	case "end":
		return EndOfYear(), nil
	case "start":
		return StartOfYear(), nil
	}
	layout := "01-02T15:04:05"
	if len(s) == len("01-02") {
		layout = "01-02"
	}
	// 2001 is not a leap year, so 02-29 is refused: most years have no
	// such day.
	t, err := time.Parse("2006-"+layout, "2001-"+s)
	if err != nil {
		return Stamp{}, fmt.Errorf("cannot read %q as a time of year: expected end, start, MM-DD or MM-DDTHH:MM:SS (UTC), such as 06-30 or 06-30T12:00:00", s)
	}
	return Stamp{month: t.Month(), day: t.Day(), hour: t.Hour(), minute: t.Minute(), sec: t.Second()}, nil
}

// Time is the stamp in the given year.
func (s Stamp) Time(year int) time.Time {
	return time.Date(year, s.month, s.day, s.hour, s.minute, s.sec, 0, time.UTC)
}

// String writes the stamp as ParseStamp reads it.
func (s Stamp) String() string {
	switch s {
	case EndOfYear():
		return "end"
	case StartOfYear():
		return "start"
	}
	return fmt.Sprintf("%02d-%02dT%02d:%02d:%02d", int(s.month), s.day, s.hour, s.minute, s.sec)
}
