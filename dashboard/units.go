package dashboard

import "strings"

// unit is what a metric's name says about its values: the row it belongs to
// and the Grafana unit its values are shown in.
type unit struct {
	// Row is the title of the dashboard row of every metric with this unit.
	Row string
	// Grafana is the unit id of the panel's field config.
	Grafana string
	// Decimals, when not zero, fixes the decimals shown; Grafana's
	// automatic choice rounds 1.218 to 122%, losing the report's figure.
	Decimals int
	// order places the row on the dashboard: money first, because a
	// report's headline figures are usually sums of money, then counts,
	// which are most figures, then physical quantities, and derived ratios
	// last.
	order int
}

// Grafana unit ids. Grafana's table of value formats has no yuan (there is
// no "currencyCNY"); "currency:X" is its custom currency form, which scales like the built-in ones (CN¥840M) and keeps
// "CN¥" distinct from the yen's "¥".
const (
	unitYuan    = "currency:CN¥"
	unitMeters  = "lengthm"
	unitSquareM = "areaM2"
	unitMu      = "suffix:mu" // Grafana puts the space before the suffix itself
	unitRatio   = "percentunit"
	unitPercent = "percent"
	unitSeconds = "s"
	unitBytes   = "bytes"
	// unitCount shows counts in full with thousands separators (436,615
	// person-times): a report's counts are exact, and "short" would round
	// them to 437 K.
	unitCount = "locale"
)

// unitOf reads the unit from a metric name the way Prometheus' naming
// conventions put it: as the last word (aid_yuan, roads_built_meters), or a
// leading ratio_ for ratios. Anything else is a count.
func unitOf(name string) unit {
	switch {
	case strings.HasSuffix(name, "_yuan"):
		return unit{Row: "Money (yuan)", Grafana: unitYuan, order: 0}
	case strings.HasSuffix(name, "_square_meters"):
		return unit{Row: "Areas (square meters)", Grafana: unitSquareM, order: 3}
	case strings.HasSuffix(name, "_mu"):
		return unit{Row: "Areas (mu)", Grafana: unitMu, order: 4}
	case strings.HasSuffix(name, "_meters"):
		return unit{Row: "Lengths (meters)", Grafana: unitMeters, order: 2}
	case strings.HasSuffix(name, "_seconds"):
		return unit{Row: "Durations (seconds)", Grafana: unitSeconds, order: 5}
	case strings.HasSuffix(name, "_bytes"):
		return unit{Row: "Sizes (bytes)", Grafana: unitBytes, order: 6}
	case strings.HasPrefix(name, "ratio_") || strings.HasSuffix(name, "_ratio"):
		return unit{Row: "Ratios", Grafana: unitRatio, Decimals: 1, order: 7}
	case strings.HasSuffix(name, "_percent"):
		return unit{Row: "Percentages", Grafana: unitPercent, order: 8}
	default:
		return unit{Row: "Counts", Grafana: unitCount, order: 1}
	}
}

// unitSuffixes are the name endings unitOf reads as units, longest first,
// so that a title can drop them.
func unitSuffixes() []string {
	return []string{"_square_meters", "_meters", "_yuan", "_mu", "_seconds", "_bytes", "_ratio", "_percent"}
}

// titleOf turns a metric name into a panel title: words instead of
// underscores, without the unit, which the panel's values show already
// (roads_built_meters is "Roads built"). Names are short where help
// sentences run to a hundred characters, so the help goes into the panel's
// description instead, shown by Grafana beside the title.
func titleOf(name string) string {
	t := name
	for _, s := range unitSuffixes() {
		if strings.HasSuffix(t, s) && len(t) > len(s) {
			t = strings.TrimSuffix(t, s)
			break
		}
	}
	t = strings.ReplaceAll(t, "_", " ")
	return strings.ToUpper(t[:1]) + t[1:]
}
