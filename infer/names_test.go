package infer

import "testing"

func TestNames(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{"Deaths", "deaths"}, {"Province Name", "province_name"}, {"Année", "annee"}, {"GDP per capita, PPP", "gdp_per_capita_ppp"},
		{"国内生产总值", "gdp"}, {"年末总人口", "population_year_end"}, {"城镇居民人均可支配收入", "urban_residents_disposable_income_per_capita"}, {"黑龙江", ""},
	} {
		if got := readable(c.header); got != c.want {
			t.Errorf("readable(%q) = %q, want %q", c.header, got, c.want)
		}
	}
	for _, c := range []struct {
		header, base string
		u            unit
	}{
		{"国内生产总值(亿元)", "国内生产总值", unit{"yuan", "亿", ""}},
		{"农村贫困人口（万人）", "农村贫困人口", unit{"persons", "万", ""}},
		{"GDP (current US$)", "GDP", unit{"usd", "", "current"}},
		{"Population (thousands)", "Population", unit{"", "thousand", ""}},
		{"Unemployment, total (% of labor force)", "Unemployment, total", unit{"ratio", "%", "labor_force"}},
		{"Share %", "Share", unit{"ratio", "%", ""}},
	} {
		base, u, ok := splitUnit(c.header)
		if !ok || base != c.base || u != c.u {
			t.Errorf("splitUnit(%q) = %q %+v %v, want %q %+v", c.header, base, u, ok, c.base, c.u)
		}
	}
	if base, _, ok := splitUnit("Deaths (all causes)"); ok || base != "Deaths (all causes)" {
		t.Errorf("a parenthesis that is no unit was cut: %q", base)
	}
	if validMetric("go_stats") != "table_go_stats" || validMetric("2011") != "t_2011" {
		t.Error(validMetric("go_stats"), validMetric("2011"))
	}
}

// Our World in Data ends every header with its source and year: the
// name leaves them out, and a unit before them is still read.
func TestSourceVintageIsNotInTheName(t *testing.T) {
	for _, tc := range []struct {
		header, base string
		u            unit
		ok           bool
	}{
		{"Total population (World Bank (2017))", "Total population", unit{}, false},
		{"Armed forces personnel (% of total population) (World Bank (2017))", "Armed forces personnel", unit{suffix: "ratio", scale: "%", words: "total_population"}, true},
		{"GDP (current US$)", "GDP", unit{suffix: "usd", words: "current"}, true},
		{"Deaths (2017)", "Deaths (2017)", unit{}, false},
	} {
		base, u, ok := splitUnit(tc.header)
		if base != tc.base || u != tc.u || ok != tc.ok {
			t.Errorf("%q: %q %+v %v, want %q %+v %v", tc.header, base, u, ok, tc.base, tc.u, tc.ok)
		}
	}
}
