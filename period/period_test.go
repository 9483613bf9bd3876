package period

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Period
	}{
		// years
		{"2011", Period{Kind: Year, Year: 2011}},
		{"2011年", Period{Kind: Year, Year: 2011}},
		{"FY2011", Period{Kind: Year, Year: 2011}},
		{"fy2011", Period{Kind: Year, Year: 2011}},
		{"FY 2011", Period{Kind: Year, Year: 2011}},
		{"2011.0", Period{Kind: Year, Year: 2011}},
		{"2011.00", Period{Kind: Year, Year: 2011}},
		{" 2011 ", Period{Kind: Year, Year: 2011}},
		{"２０１１年", Period{Kind: Year, Year: 2011}},
		{"1900", Period{Kind: Year, Year: 1900}},
		{"0800", Period{Kind: Year, Year: 800}},
		// quarters
		{"2011-Q1", Period{Kind: Quarter, Year: 2011, Quarter: 1}},
		{"2011-q2", Period{Kind: Quarter, Year: 2011, Quarter: 2}},
		{"2011Q3", Period{Kind: Quarter, Year: 2011, Quarter: 3}},
		{"2011 Q4", Period{Kind: Quarter, Year: 2011, Quarter: 4}},
		{"Q1 2011", Period{Kind: Quarter, Year: 2011, Quarter: 1}},
		{"Q4-2011", Period{Kind: Quarter, Year: 2011, Quarter: 4}},
		{"2011年第一季度", Period{Kind: Quarter, Year: 2011, Quarter: 1}},
		{"2011年第二季度", Period{Kind: Quarter, Year: 2011, Quarter: 2}},
		{"2011年第三季度", Period{Kind: Quarter, Year: 2011, Quarter: 3}},
		{"2011年第四季度", Period{Kind: Quarter, Year: 2011, Quarter: 4}},
		{"2011年第1季度", Period{Kind: Quarter, Year: 2011, Quarter: 1}},
		{"2011年一季度", Period{Kind: Quarter, Year: 2011, Quarter: 1}},
		{"2011年4季度", Period{Kind: Quarter, Year: 2011, Quarter: 4}},
		{"2011年第二季", Period{Kind: Quarter, Year: 2011, Quarter: 2}},
		{"２０１１年第３季度", Period{Kind: Quarter, Year: 2011, Quarter: 3}},
		// months
		{"2011-03", Period{Kind: Month, Year: 2011, Month: 3}},
		{"2011-3", Period{Kind: Month, Year: 2011, Month: 3}},
		{"2011-12", Period{Kind: Month, Year: 2011, Month: 12}},
		{"2011M03", Period{Kind: Month, Year: 2011, Month: 3}},
		{"2011年3月", Period{Kind: Month, Year: 2011, Month: 3}},
		{"2011年03月", Period{Kind: Month, Year: 2011, Month: 3}},
		{"2011年12月", Period{Kind: Month, Year: 2011, Month: 12}},
		{"Mar 2011", Period{Kind: Month, Year: 2011, Month: 3}},
		{"March 2011", Period{Kind: Month, Year: 2011, Month: 3}},
		{"march 2011", Period{Kind: Month, Year: 2011, Month: 3}},
		{"MAR 2011", Period{Kind: Month, Year: 2011, Month: 3}},
		{"Mar. 2011", Period{Kind: Month, Year: 2011, Month: 3}},
		{"Mar-2011", Period{Kind: Month, Year: 2011, Month: 3}},
		{"March, 2011", Period{Kind: Month, Year: 2011, Month: 3}},
		{"Sept 2011", Period{Kind: Month, Year: 2011, Month: 9}},
		{"Sep 2011", Period{Kind: Month, Year: 2011, Month: 9}},
		{"January 2011", Period{Kind: Month, Year: 2011, Month: 1}},
		{"1990-T1", Period{Kind: Quarter, Year: 1990, Quarter: 1}},
		{"2023T4", Period{Kind: Quarter, Year: 2023, Quarter: 4}},   // INE
		{"2023K2", Period{Kind: Quarter, Year: 2023, Quarter: 2}},   // SSB, SCB
		{"2023JJ00", Period{Kind: Year, Year: 2023}},                // CBS
		{"2023KW03", Period{Kind: Quarter, Year: 2023, Quarter: 3}}, // CBS
		{"2023MM11", Period{Kind: Month, Year: 2023, Month: 11}},    // CBS
		// the UK's ONS time series: year first, then the month in capitals
		{"1948 JAN", Period{Kind: Month, Year: 1948, Month: 1}},
		{"2024 DEC", Period{Kind: Month, Year: 2024, Month: 12}},
		{"2024 Sept", Period{Kind: Month, Year: 2024, Month: 9}},
		{"Dec 2011", Period{Kind: Month, Year: 2011, Month: 12}},
		{"May 2011", Period{Kind: Month, Year: 2011, Month: 5}},
		// dates
		{"2011-03-31", Period{Kind: Day, Year: 2011, Month: 3, Day: 31}},
		{"2011-3-5", Period{Kind: Day, Year: 2011, Month: 3, Day: 5}},
		{"2012-02-29", Period{Kind: Day, Year: 2012, Month: 2, Day: 29}},
		{"2011年3月31日", Period{Kind: Day, Year: 2011, Month: 3, Day: 31}},
		{"2011-03-31T00:00:00", Period{Kind: Day, Year: 2011, Month: 3, Day: 31}},
		{"2011-03-31T00:00:00Z", Period{Kind: Day, Year: 2011, Month: 3, Day: 31}},
		{"2011-03-31 00:00:00", Period{Kind: Day, Year: 2011, Month: 3, Day: 31}},
		{"2011-03-31 00:00:00.000", Period{Kind: Day, Year: 2011, Month: 3, Day: 31}},
		{"2011-01-01", Period{Kind: Day, Year: 2011, Month: 1, Day: 1}},
	} {
		got, err := Parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestNotAPeriod(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "not a period",
		"2011/03/31":          "not a period",
		"20110331":            "not a period",
		"201103":              "not a period",
		"11":                  "not a period",
		"201":                 "not a period",
		"02011":               "not a period",
		"2011.5":              "not a period",
		"2011.":               "not a period",
		"2011-":               "not a period",
		"2011--03":            "not a period",
		"2011-003":            "not a period",
		"2011-03-":            "not a period",
		"2011-03-031":         "not a period",
		"2011-03-31T12:00:00": "not a period",
		"2011-03-31x":         "not a period",
		"2011Q":               "not a period",
		"2011-Q12":            "not a period",
		"2011M3":              "not a period",
		"2011年第五季度":           "not a period",
		"2011年3":              "not a period",
		"2011年3月31":           "not a period",
		"2011年1-3月":           "not a period",
		"FY11":                "not a period",
		"FY2011/12":           "not a period",
		"Q1":                  "not a period",
		"Q1 11":               "not a period",
		"Mar 11":              "not a period",
		"Marc 2011":           "not a period",
		"Mar":                 "not a period",
		"total":               "not a period",
		"-2011":               "not a period",
		"+2011":               "not a period",
		"2011-2012":           "not a period",
		"2011-Q5":             "no quarter 5: quarters are 1 to 4",
		"2011-Q0":             "no quarter 0: quarters are 1 to 4",
		"2011年0季度":            "no quarter 0: quarters are 1 to 4",
		"2011-13":             "no month 13: months are 1 to 12",
		"2011-00":             "no month 0: months are 1 to 12",
		"2011M13":             "no month 13: months are 1 to 12",
		"2011年13月":            "no month 13: months are 1 to 12",
		"2011-02-29":          "no day 29 in February 2011: it has 28 days",
		"2011-04-31":          "no day 31 in April 2011: it has 30 days",
		"2011-04-00":          "no day 0 in April 2011: it has 30 days",
		"0000":                "year 0000 is not a year",
		"2011KW05":            "not a period",
		"2011JJ01":            "not a period",
		"2011MM13":            "no month 13: months are 1 to 12",
		"2011T5":              "no quarter 5: quarters are 1 to 4",
	} {
		p, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", in, p)
			continue
		}
		if !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Parse(%q): %v, want %s", in, err, want)
		}
		if p != (Period{}) {
			t.Errorf("Parse(%q) = %+v with its error, want the zero Period", in, p)
		}
	}
}

func TestStringReadsBack(t *testing.T) {
	for in, want := range map[string]string{
		"2011":           "2011",
		"FY2011":         "2011",
		"2011年":          "2011",
		"0800":           "0800",
		"2011Q1":         "2011-Q1",
		"2011年第四季度":      "2011-Q4",
		"Mar 2011":       "2011-03",
		"2011-3":         "2011-03",
		"2011年3月31日":     "2011-03-31",
		"2011-3-5":       "2011-03-05",
		"2011-03-31 0:0": "",
	} {
		p, err := Parse(in)
		if want == "" {
			if err == nil {
				t.Errorf("Parse(%q) = %v, want an error", in, p)
			}
			continue
		}
		if err != nil || p.String() != want {
			t.Errorf("Parse(%q).String() = %q, %v; want %q", in, p.String(), err, want)
			continue
		}
		if again, err := Parse(p.String()); err != nil || again != p {
			t.Errorf("%q does not read back: %+v, %v", p.String(), again, err)
		}
	}
	if got := (Period{}).String(); got != "no period" {
		t.Errorf("zero Period is %q", got)
	}
}

func TestStartAndEnd(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, time.UTC)
	}
	for _, tc := range []struct {
		in         string
		start, end time.Time
	}{
		{"2011", utc(2011, 1, 1, 0, 0, 0), utc(2011, 12, 31, 23, 59, 59)},
		{"2011-Q1", utc(2011, 1, 1, 0, 0, 0), utc(2011, 3, 31, 23, 59, 59)},
		{"2011-Q2", utc(2011, 4, 1, 0, 0, 0), utc(2011, 6, 30, 23, 59, 59)},
		{"2011-Q3", utc(2011, 7, 1, 0, 0, 0), utc(2011, 9, 30, 23, 59, 59)},
		{"2011-Q4", utc(2011, 10, 1, 0, 0, 0), utc(2011, 12, 31, 23, 59, 59)},
		{"2011-02", utc(2011, 2, 1, 0, 0, 0), utc(2011, 2, 28, 23, 59, 59)},
		{"2012-02", utc(2012, 2, 1, 0, 0, 0), utc(2012, 2, 29, 23, 59, 59)},
		{"2011-12", utc(2011, 12, 1, 0, 0, 0), utc(2011, 12, 31, 23, 59, 59)},
		{"2011-03-31", utc(2011, 3, 31, 0, 0, 0), utc(2011, 3, 31, 23, 59, 59)},
		{"2011-12-31", utc(2011, 12, 31, 0, 0, 0), utc(2011, 12, 31, 23, 59, 59)},
		{"1900", utc(1900, 1, 1, 0, 0, 0), utc(1900, 12, 31, 23, 59, 59)},
	} {
		p := MustParse(tc.in)
		if got := p.Start(); !got.Equal(tc.start) || got.Location() != time.UTC {
			t.Errorf("%s: Start() = %v, want %v", tc.in, got, tc.start)
		}
		if got := p.End(); !got.Equal(tc.end) || got.Location() != time.UTC {
			t.Errorf("%s: End() = %v, want %v", tc.in, got, tc.end)
		}
	}
}

func TestCompare(t *testing.T) {
	in := []string{"2012", "2011-03-31", "2011-Q2", "2011", "2011-03", "2011-Q1", "2010-12"}
	ps := make([]Period, len(in))
	for i, s := range in {
		ps[i] = MustParse(s)
	}
	slices.SortFunc(ps, Period.Compare)
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	want := []string{"2010-12", "2011", "2011-Q1", "2011-03", "2011-03-31", "2011-Q2", "2012"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted %v, want %v", got, want)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Year: "year", Quarter: "quarter", Month: "month", Day: "date", 0: "Kind(0)"} {
		if k.String() != want {
			t.Errorf("%d: %q, want %q", int(k), k.String(), want)
		}
	}
}

func TestIsTimeLabelName(t *testing.T) {
	for _, name := range []string{"year", "Year", "YEAR", "quarter", "Quarter", "month", "date", "Date", "period", "time_period", "TIME_PERIOD", "time", "Time"} {
		if !IsTimeLabelName(name) {
			t.Errorf("%q is not a time label name", name)
		}
	}
	for _, name := range []string{"", "years", "fiscal_year", "entity", "timestamp", "day", "yr", "time-period", "source"} {
		if IsTimeLabelName(name) {
			t.Errorf("%q is a time label name", name)
		}
	}
}

func TestTimeLabel(t *testing.T) {
	for _, tc := range []struct {
		labels   []string
		declared string
		want     string
		ok       bool
	}{
		{[]string{"entity", "year"}, "", "year", true},
		{[]string{"entity", "Year"}, "", "Year", true},
		{[]string{"TIME_PERIOD", "geo"}, "", "TIME_PERIOD", true},
		{[]string{"quarter", "year"}, "", "quarter", true},
		{[]string{"entity", "form"}, "", "", false},
		{nil, "", "", false},
		{[]string{"entity", "fiscal_year"}, "fiscal_year", "fiscal_year", true},
		{[]string{"year", "fiscal_year"}, "fiscal_year", "fiscal_year", true},
		{[]string{"year"}, "fy", "fy", false},
	} {
		got, ok := TimeLabel(tc.labels, tc.declared)
		if got != tc.want || ok != tc.ok {
			t.Errorf("TimeLabel(%q, %q) = %q, %v; want %q, %v", tc.labels, tc.declared, got, ok, tc.want, tc.ok)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	values := []string{"2011", "2011-Q1", "2011-03", "2011-03-31", "2011年第一季度", "Mar 2011", "total"}
	for b.Loop() {
		for _, v := range values {
			Parse(v)
		}
	}
}

func TestIn(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind Kind
		want string
	}{
		{"2011-03-31", Year, "2011"},
		{"2011-03-31", Quarter, "2011-Q1"},
		{"2011-11-30", Quarter, "2011-Q4"},
		{"2011-03-31", Month, "2011-03"},
		{"2011-Q3", Year, "2011"},
		{"2011-05", Quarter, "2011-Q2"},
		{"2011", Month, "2011"},       // not finer: itself
		{"2011-Q3", Month, "2011-Q3"}, // a quarter is coarser than a month
		{"2011-Q2", Quarter, "2011-Q2"},
	} {
		p, err := Parse(c.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.in, err)
		}
		if got := p.In(c.kind).String(); got != c.want {
			t.Errorf("%s in a %v = %s, want %s", c.in, c.kind, got, c.want)
		}
	}
}
