package web

import "testing"

func TestReadable(t *testing.T) {
	cases := []struct {
		metric      string
		v           float64
		value, note string
	}{
		{"aid_yuan", 840264000, "840,264,000 yuan", "= 840.264 million"},
		{"cooperation_investment_yuan", 120128000000, "120,128,000,000 yuan", "= 120.128 billion"},
		{"social_donations_yuan", 59994900, "59,994,900 yuan", "≈ 59.995 million"},
		{"roads_built_meters", 1012710, "1,012,710 meters", "= 1,012.71 km"},
		{"roads_built_meters", 999, "999 meters", ""},
		{"farmland_built_mu", 52500, "52,500 mu", "≈ 3,500 hectares"},
		{"ratio_to_base_year", 1.218, "1.218×", "+21.8%"},
		{"ratio_to_base_year", 3.9, "3.9×", "+290%"},
		{"price_ratio", 0.75, "0.75×", "−25%"},
		{"schools_built", 147, "147", ""},
		{"labor_export_person_times", 188733, "188,733", ""},
		{"training_person_times", 436615, "436,615", ""},
		{"drinking_water_people_served", 1234567, "1,234,567", "≈ 1.235 million"},
		{"balance", -1234.5, "−1,234.5", ""},
		{"tiny", 0.000123, "0.000123", ""},
		{"huge", 1e21, "1,000,000,000,000,000,000,000", "= 1,000,000,000 trillion"},
		{"share_percent", 12.5, "12.5%", ""},
		{"uptime_seconds", 3600, "3,600 seconds", ""},
	}
	for _, c := range cases {
		got := readable(c.metric, c.v)
		if got.Value != c.value || got.Note != c.note {
			t.Errorf("readable(%s, %v) = %q, %q; want %q, %q", c.metric, c.v, got.Value, got.Note, c.value, c.note)
		}
	}
}

func TestGroupThousands(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 12345.678: "12,345.678",
		100000: "100,000", 1e6: "1,000,000", -1e6: "−1,000,000",
	} {
		if got := groupThousands(v); got != want {
			t.Errorf("groupThousands(%v) = %q, want %q", v, got, want)
		}
	}
}
