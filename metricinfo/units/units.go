// Package units is the list of units a metric may declare with unit: or
// end its name with, and what each means for a reader: its symbol, its
// Grafana unit, its dashboard row and its kind.
//
// It imports nothing of the project, so that config can check a declared
// unit against the list while metricinfo, which reads config, applies it.
// docs/units.md is the list for users; TestDocsListEveryUnit keeps the two
// the same.
package units

import "strings"

// Kind is what a metric's values are, which decides how a reader is shown
// them.
type Kind int

const (
	// Count is a number of things: schools, persons, person-times.
	Count Kind = iota
	// Amount is a quantity in a unit: yuan, meters, hectares, years.
	Amount
	// Share is a part of a whole: a ratio (0.0034, shown 0.34%) or a
	// percentage (12.5, shown 12.5%).
	Share
	// Growth is a figure divided by the same figure of a base (1.218,
	// shown 1.218× and +21.8%). Only a metric that declares base: is
	// growth; see metricinfo.
	Growth
)

func (k Kind) String() string {
	switch k {
	case Amount:
		return "amount"
	case Share:
		return "share"
	case Growth:
		return "growth"
	}
	return "count"
}

// Unit is one unit of the list.
type Unit struct {
	// Name is how the unit is declared and written in docs: yuan, usd,
	// person_times, ratio.
	Name string
	// Also are other spellings accepted for unit: and as name endings:
	// cny and rmb for yuan. Matching ignores case, so CNY is cny.
	Also []string
	// Symbol is written before the value for currencies (CN¥1,234) and
	// after it otherwise, with a space unless it is % (12.5%, 78.5 a).
	Symbol string
	// Prefix says the symbol goes before the value.
	Prefix bool
	// Grafana is the unit id of a panel's field config.
	Grafana string
	// Row is the title of the dashboard row of the metrics in this unit.
	Row string
	// Kind is Count, Amount or Share; Growth is declared, not a unit.
	Kind Kind
	// Order places the unit's row on the dashboard: money first, because
	// a report's headline figures are usually sums of money, then counts,
	// physical quantities, and shares last.
	Order int
}

// Spellings are the unit's name and other spellings, lowercase.
func (u Unit) Spellings() []string {
	return append([]string{u.Name}, u.Also...)
}

// list is every unit. Grafana's table of value formats has no yuan (there
// is no "currencyCNY"); "currency:X" is its custom currency form, which
// scales like the built-in ones (CN¥840M) and keeps "CN¥" distinct from the
// yen's "JP¥". "suffix:X" is its custom suffix, which puts the space
// before X itself.
var list = []Unit{
	{Name: "yuan", Also: []string{"cny", "rmb"}, Symbol: "CN¥", Prefix: true, Grafana: "currency:CN¥", Row: "Money (yuan)", Kind: Amount, Order: 0},
	{Name: "usd", Also: []string{"us_dollars"}, Symbol: "$", Prefix: true, Grafana: "currencyUSD", Row: "Money (US dollars)", Kind: Amount, Order: 0},
	{Name: "eur", Also: []string{"euros"}, Symbol: "€", Prefix: true, Grafana: "currencyEUR", Row: "Money (euros)", Kind: Amount, Order: 0},
	{Name: "gbp", Also: []string{"pounds_sterling"}, Symbol: "£", Prefix: true, Grafana: "currencyGBP", Row: "Money (pounds sterling)", Kind: Amount, Order: 0},
	{Name: "jpy", Also: []string{"yen"}, Symbol: "JP¥", Prefix: true, Grafana: "currencyJPY", Row: "Money (yen)", Kind: Amount, Order: 0},
	{Name: "persons", Also: []string{"people"}, Symbol: "persons", Grafana: "locale", Row: "People", Kind: Count, Order: 1},
	{Name: "person_times", Symbol: "person-times", Grafana: "locale", Row: "Person-times", Kind: Count, Order: 1},
	{Name: "meters", Also: []string{"metres"}, Symbol: "m", Grafana: "lengthm", Row: "Lengths (meters)", Kind: Amount, Order: 2},
	{Name: "kilometers", Also: []string{"kilometres"}, Symbol: "km", Grafana: "lengthkm", Row: "Lengths (kilometers)", Kind: Amount, Order: 2},
	{Name: "square_meters", Also: []string{"square_metres"}, Symbol: "m²", Grafana: "areaM2", Row: "Areas (square meters)", Kind: Amount, Order: 3},
	{Name: "hectares", Symbol: "ha", Grafana: "suffix:ha", Row: "Areas (hectares)", Kind: Amount, Order: 3},
	{Name: "mu", Symbol: "mu", Grafana: "suffix:mu", Row: "Areas (mu)", Kind: Amount, Order: 4},
	{Name: "tonnes", Also: []string{"tons"}, Symbol: "t", Grafana: "masst", Row: "Masses (tonnes)", Kind: Amount, Order: 5},
	{Name: "kilograms", Symbol: "kg", Grafana: "masskg", Row: "Masses (kilograms)", Kind: Amount, Order: 5},
	{Name: "years", Symbol: "a", Grafana: "suffix:a", Row: "Durations (years)", Kind: Amount, Order: 6},
	{Name: "seconds", Symbol: "s", Grafana: "s", Row: "Durations (seconds)", Kind: Amount, Order: 6},
	{Name: "bytes", Symbol: "B", Grafana: "bytes", Row: "Sizes (bytes)", Kind: Amount, Order: 7},
	{Name: "celsius", Symbol: "°C", Grafana: "celsius", Row: "Temperatures (°C)", Kind: Amount, Order: 8},
	{Name: "ratio", Symbol: "%", Grafana: "percentunit", Row: "Shares", Kind: Share, Order: 9},
	{Name: "percent", Symbol: "%", Grafana: "percent", Row: "Shares", Kind: Share, Order: 9},
}

// All is every unit, in the order of the docs.
func All() []Unit { return append([]Unit(nil), list...) }

// Lookup finds a unit by any of its spellings, ignoring case: yuan, CNY
// and RMB are the same unit.
func Lookup(s string) (Unit, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, u := range list {
		for _, sp := range u.Spellings() {
			if s == sp {
				return u, true
			}
		}
	}
	return Unit{}, false
}

// Names lists the declared names of every unit, for a problem that says
// what unit: accepts.
func Names() []string {
	names := make([]string, len(list))
	for i, u := range list {
		names[i] = u.Name
	}
	return names
}

// Ending is the unit a metric name ends with, by Prometheus' convention
// that the unit is the name's last word (aid_yuan, roads_built_meters,
// gdp_USD), and the ending itself as written in the name ("USD"), which is
// what OpenMetrics' # UNIT must say. The longest ending wins, so that
// housing_square_meters is in square meters, not meters. A name that is
// only a unit (yuan) has no unit ending.
func Ending(name string) (Unit, string, bool) {
	lower := strings.ToLower(name)
	var best Unit
	bestLen := 0
	for _, u := range list {
		for _, sp := range u.Spellings() {
			if len(sp) > bestLen && len(lower) > len(sp)+1 && strings.HasSuffix(lower, "_"+sp) {
				best, bestLen = u, len(sp)
			}
		}
	}
	if bestLen == 0 {
		return Unit{}, "", false
	}
	return best, name[len(name)-bestLen:], true
}

// EndsWith reports whether name ends with u (as _ and one of its
// spellings), and with which spelling as written in the name: the unit a
// # UNIT line may give that name.
func EndsWith(name string, u Unit) (string, bool) {
	lower := strings.ToLower(name)
	best := ""
	for _, sp := range u.Spellings() {
		if len(sp) > len(best) && len(lower) > len(sp)+1 && strings.HasSuffix(lower, "_"+sp) {
			best = sp
		}
	}
	if best == "" {
		return "", false
	}
	return name[len(name)-len(best):], true
}
