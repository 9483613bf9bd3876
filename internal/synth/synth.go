// Package synth generates synthetic figures of any size for benchmarks:
// 20 metrics × counties × 5 years, labelled county, province and year, the
// shape of a statistical yearbook. The same figures come out as a
// config.Set (for benchmarks of the exporter alone) and as figures files
// (for benchmarks of loading and of the whole binary), so that a benchmark
// of one can be compared with a benchmark of the other.
//
// Everything is deterministic: the same size gives the same bytes.
package synth

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/figures-exporter/figures_exporter/config"
)

// Years is the number of years each county has figures for.
const Years = 5

// firstYear is the first year of the figures.
const firstYear = 2011

// Provinces is how many provinces the counties are spread over.
const Provinces = 31

// labelNames are the label names of every synthetic metric.
func labelNames() []string { return []string{"county", "province", "year"} }

// metric is one synthetic metric: its name, help, and how its values look.
type metric struct {
	name, help string
	kind       valueKind
}

type valueKind int

const (
	count  valueKind = iota // a whole number up to a million
	amount                  // yuan: a whole number up to ten billion
	ratio                   // a fraction with four decimals
)

var metrics = [...]metric{
	{"county_population_persons", "Resident population at year end, in persons.", count},
	{"county_households", "Registered households at year end.", count},
	{"county_gdp_yuan", "Gross domestic product of the county, in yuan.", amount},
	{"county_fiscal_revenue_yuan", "General public budget revenue, in yuan.", amount},
	{"county_rural_poor_persons", "Rural residents below the poverty line, in persons.", count},
	{"county_poverty_incidence_ratio", "Share of rural residents below the poverty line (0.1 is 10%).", ratio},
	{"county_schools_built", "Schools built with pairing-off aid.", count},
	{"county_hospitals_built", "Hospitals built with pairing-off aid.", count},
	{"county_roads_built_meters", "Roads built with pairing-off aid, in meters.", count},
	{"county_farmland_built_mu", "Basic farmland built, in mu (one mu is about 667 square meters).", count},
	{"county_drinking_water_people_served", "People given safe drinking water.", count},
	{"county_aid_yuan", "Financial aid received from the paired eastern province, in yuan.", amount},
	{"county_investment_yuan", "Investment by enterprises of the paired eastern province, in yuan.", amount},
	{"county_cooperative_enterprises", "Enterprises set up through the cooperation.", count},
	{"county_trainings_held", "Training courses held.", count},
	{"county_training_person_times", "Person-times trained.", count},
	{"county_labor_export_person_times", "Person-times of organized labor export.", count},
	{"county_volunteers_received", "Volunteers received from the paired eastern province.", count},
	{"county_cadres_received", "Cadres received on assignment from the paired eastern province.", count},
	{"county_irrigation_coverage_ratio", "Share of farmland under irrigation (0.5 is 50%).", ratio},
}

// MaxMetrics is the number of distinct synthetic metrics.
const MaxMetrics = len(metrics)

// Shape splits a number of series into metrics × counties × Years: 20
// metrics when there are at least 100 series, fewer for tiny sets (30 series
// are 6 metrics of one county).
func Shape(series int) (nMetrics, counties int, err error) {
	if series <= 0 || series%Years != 0 {
		return 0, 0, fmt.Errorf("series must be a positive multiple of %d, got %d", Years, series)
	}
	nMetrics = min(MaxMetrics, series/Years)
	if series%(nMetrics*Years) != 0 {
		return 0, 0, fmt.Errorf("series must be a multiple of %d, got %d", MaxMetrics*Years, series)
	}
	return nMetrics, series / (nMetrics * Years), nil
}

// source is the source every synthetic set names.
func source() config.Source {
	return config.Source{Title: "Synthetic county yearbook", Publisher: "figures_exporter benchmark"}
}

// County, Province and Year are the label values of county c and year y.
func County(c int) string   { return fmt.Sprintf("county_%05d", c+1) }
func Province(c int) string { return fmt.Sprintf("province_%02d", c%Provinces+1) }
func Year(y int) string     { return fmt.Sprint(firstYear + y) }

// Value is the figure of metric m for county c in year y.
func Value(m, c, y int) float64 {
	r := mix(uint64(m)<<48 ^ uint64(c)<<8 ^ uint64(y))
	switch metrics[m].kind {
	case amount:
		return float64(r % 10_000_000_000)
	case ratio:
		return float64(r%10_000) / 10_000
	default:
		return float64(r % 1_000_000)
	}
}

// mix is splitmix64's finalizer: a cheap, well-spread hash.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Set builds the synthetic set of the given size directly, as config.Load
// would return it for the files this package writes (Files and Digest
// aside). Label values are shared between figures, as a compact loader
// would share them.
func Set(series int) (*config.Set, error) {
	nMetrics, counties, err := Shape(series)
	if err != nil {
		return nil, err
	}
	countyNames := make([]string, counties)
	provinceNames := make([]string, counties)
	for c := range counties {
		countyNames[c], provinceNames[c] = County(c), Province(c)
	}
	years := make([]string, Years)
	for y := range years {
		years[y] = Year(y)
	}
	labels := labelNames()
	set := &config.Set{Sources: []config.Source{source()}, Files: []string{fmt.Sprintf("synthetic:%d", series)}}
	for m := range nMetrics {
		figures := make([]config.Figure, 0, counties*Years)
		values := make([]string, 0, counties*Years*len(labels))
		for c := range counties {
			for y := range Years {
				values = append(values, countyNames[c], provinceNames[c], years[y])
				n := len(values)
				// Source 1: every figure comes from the set's one source.
				figures = append(figures, config.Figure{LabelValues: values[n-3 : n : n], Value: Value(m, c, y), Source: 1})
			}
		}
		set.Metrics = append(set.Metrics, config.Metric{
			Name: metrics[m].name, Help: metrics[m].help,
			Labels:  labels,
			Figures: figures,
		})
	}
	slices.SortFunc(set.Metrics, func(a, b config.Metric) int { return cmp.Compare(a.Name, b.Name) })
	return set, nil
}
