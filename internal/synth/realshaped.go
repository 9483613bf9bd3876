package synth

import (
	"fmt"
	"strings"
)

// RealShapedSeries is the number of figures of RealShapedYAML.
const RealShapedSeries = 3005

// RealShapedYAML is a figures file shaped like the public tables a new user
// brings (issue 15): 3,005 figures, with values made up but names, labels
// and counts as in the real tables —
//
//   - disaster_deaths: 803 rows of 118 entities by Year (the label spelt
//     with a capital, as Our World in Data writes it);
//   - gdp_usd: 62 countries a year for 30 years, each figure sourced to
//     the World Bank except the years before 2000, sourced to the IMF;
//   - state_engineers_ratio: a share per US state (0.0034 is 0.34%);
//   - us_employment_thousands, life_expectancy_years and western_aid_yuan, with
//     units only the name gives.
//
// It is deterministic: the same bytes every time.
func RealShapedYAML() []byte {
	var b strings.Builder
	b.WriteString("source:\n  title: Our World in Data\n  publisher: Global Change Data Lab\n  url: https://ourworldindata.org\nmetrics:\n")

	b.WriteString("  - name: disaster_deaths\n    help: Deaths from natural disasters, by country or region and year (EM-DAT).\n    labels: [Entity, Year]\n    figures:\n")
	for e, entity := range entities() {
		years := 6
		if e < 95 {
			years = 7
		}
		for y := range years {
			fmt.Fprintf(&b, "      - {Entity: %q, Year: \"%d\", value: %d}\n", entity, 2000+3*y, mix(uint64(e)<<8|uint64(y))%5000)
		}
	}

	b.WriteString("  - name: gdp_usd\n    help: GDP (current US$)\n    labels: [country, Year]\n    figures:\n")
	for c, country := range countries() {
		for y := 1994; y < 2024; y++ {
			src := "{title: World Development Indicators, publisher: World Bank}"
			if y < 2000 {
				src = "{title: World Economic Outlook, publisher: International Monetary Fund}"
			}
			v := float64(mix(uint64(c)<<16|uint64(y))%2_000_000) * 1e6
			fmt.Fprintf(&b, "      - {country: %q, Year: \"%d\", value: %g, source: %s}\n", country, y, v, src)
		}
	}

	b.WriteString("  - name: state_engineers_ratio\n    help: Engineers as a share of all employed persons, by state.\n    labels: [state]\n    figures:\n")
	for s, state := range states() {
		v := float64(10+mix(uint64(s))%90) / 10_000
		fmt.Fprintf(&b, "      - {state: %q, value: %g, source: {title: Occupational Employment and Wage Statistics, publisher: U.S. Bureau of Labor Statistics}}\n", state, v)
	}

	b.WriteString("  - name: us_employment_thousands\n    help: Employment in the US, in thousands of persons.\n    labels: [year]\n    figures:\n")
	for y := 1994; y < 2024; y++ {
		fmt.Fprintf(&b, "      - {year: \"%d\", value: %d}\n", y, 120_000+mix(uint64(y))%40_000)
	}

	b.WriteString("  - name: life_expectancy_years\n    help: Life expectancy at birth, in years.\n    labels: [country, Year]\n    figures:\n")
	for c, country := range countries() {
		for _, y := range []int{1990, 2000, 2010, 2020} {
			fmt.Fprintf(&b, "      - {country: %q, Year: \"%d\", value: %.1f}\n", country, y, 50+float64(mix(uint64(c)<<16|uint64(y))%350)/10)
		}
	}

	b.WriteString("  - name: western_aid_yuan\n    help: Financial aid to the western regions, in yuan.\n    labels: [year]\n    figures:\n")
	for y := 2011; y < 2024; y++ {
		fmt.Fprintf(&b, "      - {year: \"%d\", value: %d}\n", y, 800_000_000+mix(uint64(y))%100_000_000)
	}
	return []byte(b.String())
}

// countries are 62 countries, as a table of one figure per country a year
// has them.
func countries() []string {
	return strings.Split("Argentina,Australia,Austria,Bangladesh,Belgium,Brazil,Bulgaria,Canada,Chile,China,Colombia,Croatia,Czechia,Denmark,Egypt,Estonia,Ethiopia,Finland,France,Germany,Ghana,Greece,Hungary,Iceland,India,Indonesia,Iran,Ireland,Israel,Italy,Japan,Kenya,Latvia,Lithuania,Luxembourg,Malaysia,Mexico,Morocco,Netherlands,New Zealand,Nigeria,Norway,Pakistan,Peru,Philippines,Poland,Portugal,Romania,Saudi Arabia,Slovakia,Slovenia,South Africa,South Korea,Spain,Sweden,Switzerland,Thailand,Turkey,Ukraine,United Kingdom,United States,Vietnam", ",")
}

// states are the 50 US states and the District of Columbia.
func states() []string {
	return strings.Split("Alabama,Alaska,Arizona,Arkansas,California,Colorado,Connecticut,Delaware,District of Columbia,Florida,Georgia,Hawaii,Idaho,Illinois,Indiana,Iowa,Kansas,Kentucky,Louisiana,Maine,Maryland,Massachusetts,Michigan,Minnesota,Mississippi,Missouri,Montana,Nebraska,Nevada,New Hampshire,New Jersey,New Mexico,New York,North Carolina,North Dakota,Ohio,Oklahoma,Oregon,Pennsylvania,Rhode Island,South Carolina,South Dakota,Tennessee,Texas,Utah,Vermont,Virginia,Washington,West Virginia,Wisconsin,Wyoming", ",")
}

// entities are 118 countries and regions, as Our World in Data's tables
// mix them.
func entities() []string {
	more := strings.Split("Afghanistan,Africa,Albania,Algeria,Angola,Armenia,Asia,Azerbaijan,Bolivia,Bosnia and Herzegovina,Botswana,Burundi,Cambodia,Cameroon,Chad,Costa Rica,Cuba,Cyprus,Democratic Republic of Congo,Dominican Republic,Ecuador,El Salvador,Europe,Fiji,Georgia,Guatemala,Haiti,Honduras,Iraq,Jamaica,Jordan,Kazakhstan,Laos,Lebanon,Madagascar,Malawi,Mali,Mozambique,Myanmar,Nepal,Nicaragua,North America,Oceania,Panama,Somalia,South America,Sri Lanka,Sudan,Syria,Tanzania,Tunisia,Uganda,Uzbekistan,Venezuela,World,Zimbabwe", ",")
	return append(countries(), more...)
}
