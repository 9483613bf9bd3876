package config

import "testing"

// TestDefaultHasEveryFigureOfTheReport holds the embedded report to the
// numbers in the report's text, so that a typo in the YAML cannot pass.
func TestDefaultHasEveryFigureOfTheReport(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatalf("the embedded report does not load: %v", err)
	}
	want := map[string]float64{
		`eastern_provinces_participating{year="2011"}`:                                        15,
		`aid_yuan{year="2011"}`:                                                               840264000,
		`ratio_to_base_year{year="2011",figure="aid_yuan",base_year="2010"}`:                  1.218,
		`ratio_to_base_year{year="2011",figure="labor_export_person_times",base_year="2010"}`: 3.9,
		`schools_built{year="2011"}`:                                                          147,
		`hospitals_built{year="2011"}`:                                                        80,
		`roads_built_meters{year="2011"}`:                                                     1012710,
		`farmland_built_mu{year="2011"}`:                                                      52500,
		`drinking_water_people_served{year="2011"}`:                                           326300,
		`drinking_water_livestock_served{year="2011"}`:                                        154600,
		`social_donations_yuan{year="2011",form="cash"}`:                                      59994900,
		`social_donations_yuan{year="2011",form="in_kind"}`:                                   45578800,
		`volunteers_sent{year="2011"}`:                                                        288,
		`cooperative_enterprises{year="2011"}`:                                                195,
		`cooperation_agreements{year="2011"}`:                                                 2216,
		`cooperation_investment_yuan{year="2011"}`:                                            120128000000,
		`cadres_sent{year="2011"}`:                                                            473,
		`technologies_transferred{year="2011"}`:                                               15,
		`labor_export_person_times{year="2011"}`:                                              188733,
		`trainings_held{year="2011",program="cadre"}`:                                         123,
		`trainings_held{year="2011",program="technical"}`:                                     161,
		`trainings_held{year="2011",program="labor"}`:                                         156,
		`training_person_times{year="2011",program="cadre"}`:                                  4686,
		`training_person_times{year="2011",program="technical"}`:                              1035,
		`training_person_times{year="2011",program="labor"}`:                                  436615,
	}
	got := map[string]float64{}
	for _, m := range set.Metrics {
		if m.Help == "" {
			t.Errorf("%s has no help", m.Name)
		}
		for _, f := range m.Figures {
			got[seriesName(m.Name, m.Labels, f.LabelValues)] = f.Value
		}
	}
	for series, v := range want {
		if g, ok := got[series]; !ok {
			t.Errorf("missing %s", series)
		} else if g != v {
			t.Errorf("%s = %v, want %v", series, g, v)
		}
	}
	for series := range got {
		if _, ok := want[series]; !ok {
			t.Errorf("unexpected series %s", series)
		}
	}
	wantSource := Source{Title: "East-West pairing-off cooperation for poverty reduction in 2011", Publisher: "International Poverty Reduction Center in China"}
	if len(set.Sources) != 1 || set.Sources[0] != wantSource {
		t.Errorf("sources = %+v, want [%+v]", set.Sources, wantSource)
	}
}
