package config

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBadFiles loads each set of files under testdata/files_bad and holds the
// problems to the exact messages, each naming its file and line (both
// places for a conflict between files). DIR/ stands for the case's
// directory.
func TestBadFiles(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		want []string
	}{
		{"bad_pattern", []string{
			`DIR/figures.yml:2: figure_files[0]: pattern "reports/[.yml" is malformed: syntax error in pattern`,
		}},
		{"bad_sources", []string{
			`DIR/figures.yml:1: source.title: expected text, found an empty string`,
			`DIR/figures.yml:3: figure_files[0].source: a source needs a title or a publisher`,
			`DIR/figures.yml:11: metrics[0].figures[0].source: expected a mapping with title, publisher, url or page, found the text "East-West report"`,
			`DIR/figures.yml:14: metrics[0].figures[1].source.pages: unknown key "pages": expected title, publisher, url and page`,
		}},
		{"csv_bad_header", []string{
			`DIR/tables/aid.csv:1: year: column "year" appears twice in the header`,
			`DIR/tables/aid.csv:1: source: column "source" is reserved: the figures of a CSV file take their source from its figure_files entry (source: title, publisher, url, page)`,
			`DIR/tables/aid.csv:1: 2nd: column "2nd" is not a label name: expected metric, value, or a label (letters, digits and _, not starting with a digit or __)`,
			`DIR/tables/aid.csv:1: no value column: expected a header such as metric,year,value`,
			`DIR/tables/aid.csv:1: amount: column "amount" is not a label of any declared metric`,
		}},
		{"csv_bad_values", []string{
			`DIR/tables/aid.csv:2: value: cannot read "840.264 million Yuan" as a number: unexpected "Yuan" after the scale: units belong in the metric name (such as aid_yuan), not in the value`,
			`DIR/tables/aid.csv:3: value: cannot read "1,01" as a number: thousands separators must group three digits, as in 1,012.71`,
			`DIR/tables/aid.csv:4: value: cannot read "NaN" as a number: NaN and infinities are not figures`,
			`DIR/tables/aid.csv:5: value: cannot read "12 dozen" as a number: unknown scale or unit "dozen": only thousand, million, billion, trillion, 千, 万, 百万, 千万, 亿, 万亿 or % may follow the number; units belong in the metric name`,
			`DIR/tables/aid.csv:6: value: cannot read "" as a number: the value is empty; expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%`,
			`DIR/tables/aid.csv:7: value: cannot read "84026.4万元" as a number: unexpected "元" after the scale: units belong in the metric name (such as aid_yuan), not in the value`,
		}},
		{"csv_bare_quote", []string{
			`DIR/tables/aid.csv:3: invalid CSV at column 12: bare " in non-quoted-field (a field with a quote, comma or line break must be quoted, with quotes doubled: "say ""hi""")`,
			`DIR/tables/aid.csv:4: invalid CSV at column 18: extraneous or missing " in quoted-field (a field with a quote, comma or line break must be quoted, with quotes doubled: "say ""hi""")`,
		}},
		{"csv_column_of_no_metric", []string{
			`DIR/tables/aid.csv:1: city: column "city" is not a label of any declared metric`,
		}},
		{"csv_empty", []string{
			`DIR/tables/aid.csv: the file is empty: expected a header row such as metric,year,value`,
		}},
		{"csv_empty_label", []string{
			`DIR/tables/aid.csv:2: year: empty label value: every aid_yuan row needs its year`,
			`DIR/tables/aid.csv:3: year: label value " 2013" has spaces around it: remove them, or this series would differ from the same label written without them`,
			`DIR/tables/aid.csv:4: year: contains the control character U+0001 at character 3: expected printable text (tab and newline are allowed)`,
		}},
		{"csv_entry_metric_undeclared", []string{
			`DIR/tables/aid.csv: metric "aid_yaun", named for this file by its figure_files entry (DIR/figures.yml:2), is not declared: declare it (name, help, labels) in a YAML figures file`,
		}},
		{"csv_extra_label_column", []string{
			`DIR/tables/aid.csv:1: city: column "city" is not a label of aid_by_province_yuan, which has labels province, year`,
		}},
		{"csv_field_count", []string{
			`DIR/tables/aid.csv:3: wrong number of fields: expected 3, as in the header (metric,year,value), found 4; a value with commas, such as 1,000, must be quoted: "1,000"`,
			`DIR/tables/aid.csv:4: wrong number of fields: expected 3, as in the header (metric,year,value), found 2`,
		}},
		{"csv_header_lacks_label", []string{
			`DIR/tables/donations.csv:3: metric: the header has no column for label form, which social_donations_yuan needs (it has labels year, form)`,
		}},
		{"csv_label_of_another_metric", []string{
			`DIR/tables/donations.csv:3: form: column form is not a label of aid_yuan, which has label year: leave it empty in this row`,
		}},
		{"csv_metric_twice", []string{
			`DIR/tables/aid.csv:1: metric: the file has a metric column, but its figure_files entry (DIR/figures.yml:2) names the metric of every row (aid_yuan): keep one or the other`,
		}},
		{"csv_missing_label_column", []string{
			`DIR/tables/aid.csv:1: the header has no column for label year, which aid_by_province_yuan needs (it has labels province, year)`,
		}},
		{"csv_no_metric", []string{
			`DIR/tables/aid.csv:1: no metric column: add one, or name the metric of every row in the file's figure_files entry ({path: tables/*.csv, metric: NAME})`,
		}},
		{"csv_not_utf8", []string{
			`DIR/tables/aid.csv:3: invalid UTF-8: byte 0xB9 at offset 84 is not part of a UTF-8 character: figures files must be UTF-8 text (was it saved as Latin-1, GBK or another encoding?)`,
		}},
		{"csv_undeclared_metric", []string{
			`DIR/tables/aid.csv:3: metric: metric "aid_yaun" is not declared: declare it (name, help, labels) in a YAML figures file`,
		}},
		{"figure_files_in_included_file", []string{
			`DIR/more.yml:1: figure_files: figure_files is read only in the main figures file (the one given to --config.file): list these patterns there`,
		}},
		{"figure_page_without_file_source", []string{
			`DIR/figures.yml:8: metrics[0].figures[0].source: a source needs a title or a publisher: a figure's source with only url or page refines its file's source, but this file names none`,
		}},
		{"help_conflict", []string{
			`DIR/more.yml:3: metrics[0].help: metric "aid_yuan" is declared with a different help at DIR/figures.yml:4: "Financial aid, in yuan." there, "Aid, in yuan." here; declare it once, or with the same help everywhere`,
		}},
		{"labels_conflict", []string{
			`DIR/more.yml:4: metrics[0].labels: metric "aid_yuan" is declared with labels year, province here but label year at DIR/figures.yml:4`,
		}},
		{"main_csv", []string{
			`DIR/figures.csv: a CSV file cannot be the main figures file: its rows give figures, but metrics are declared (name, help, labels) in YAML; write a main .yml file that declares them and lists this file under figure_files`,
		}},
		{"metric_option_not_csv", []string{
			`DIR/figures.yml:2: figure_files[0].metric: metric: names the metric of every row of CSV files, but "more.yml" matched DIR/more.yml, which is not a CSV file`,
		}},
		{"missing_file", []string{
			`DIR/figures.yml:2: figure_files[0]: reports/2011.yml: no such file: expected a figures file`,
		}},
		{"no_figures", []string{
			`DIR/figures.yml:4: metrics[0]: metric "aid_yuan" has no figures: give it figures here, or in a file listed under figure_files`,
		}},
		{"reference_labels_conflict", []string{
			`DIR/more.yml:3: metrics[0].labels: metric "aid_yuan" has label province here but is declared with label year at DIR/figures.yml:4`,
		}},
		{"reference_without_figures", []string{
			`DIR/more.yml:2: metrics[0]: missing keys help and figures: declare the metric with help (and labels), give figures to a metric declared in another file, or both`,
		}},
		{"series_twice_csv", []string{
			`DIR/tables/aid.csv:3: duplicate series aid_yuan{year="2011"}: the same labels as the figure at DIR/figures.yml:8`,
			`DIR/tables/aid.csv:4: duplicate series aid_yuan{year="2012"}: the same labels as the figure at line 2`,
		}},
		{"series_twice_yaml", []string{
			`DIR/reports/2011.yml:6: metrics[0].figures[1]: duplicate series aid_yuan{year="2011"}: the same labels as the figure at DIR/figures.yml:8`,
		}},
		{"source_label", []string{
			`DIR/figures.yml:4: metrics[0].labels[1]: label name "source" is reserved: a figure's "source" key names where it comes from (title, publisher, url, page); call the label something else, such as origin`,
		}},
		{"undeclared_reference", []string{
			`DIR/more.yml:2: metrics[0].name: metric "aid_yua" is not declared: no figures file gives its help; add help: (and labels:) here, or declare it in another file`,
		}},
		{"unknown_type", []string{
			`DIR/notes/README.md: unknown file type ".md": expected .yml, .yaml, .json, .toml or .csv`,
		}},
		{"wildcard_dir", []string{
			`DIR/figures.yml:2: figure_files[0]: pattern "*/2011.yml" has wildcards in its directory: only the file name may have them (reports/*.yml), so that the exporter knows which directory to watch for new files`,
		}},
		{"yaml_flow_comma", []string{
			`DIR/figures.yml:7: metrics[0].figures[1].012.71 million: unknown key "012.71 million": expected year, value and source; inside {…} a comma ends a value: quote values with thousands separators, as in value: "1,012.71"`,
		}},
		{"yaml_bad_values", []string{
			`DIR/figures.yml:6: metrics[0].figures[0].value: cannot read "840.264 million Yuan" as a number: unexpected "Yuan" after the scale: units belong in the metric name (such as aid_yuan), not in the value`,
			`DIR/figures.yml:7: metrics[0].figures[1].value: cannot read "1,01" as a number: thousands separators must group three digits, as in 1,012.71`,
			`DIR/figures.yml:8: metrics[0].figures[2].value: expected a finite number, found .nan: NaN and infinities are not figures`,
			`DIR/figures.yml:9: metrics[0].figures[3].value: cannot read "12 dozen" as a number: unknown scale or unit "dozen": only thousand, million, billion, trillion, 千, 万, 百万, 千万, 亿, 万亿 or % may follow the number; units belong in the metric name`,
			`DIR/figures.yml:10: metrics[0].figures[4].value: expected a number, found an empty string`,
			`DIR/figures.yml:11: metrics[0].figures[5].value: cannot read "84026.4万元" as a number: unexpected "元" after the scale: units belong in the metric name (such as aid_yuan), not in the value`,
			`DIR/figures.yml:12: metrics[0].figures[6].value: cannot read "0x10" as a number: only decimal numbers are accepted, not hexadecimal`,
			`DIR/figures.yml:13: metrics[0].figures[7].value: expected a number, found the boolean true`,
		}}} {
		t.Run(tc.dir, func(t *testing.T) {
			dir := filepath.Join("testdata", "files_bad", tc.dir)
			main := filepath.Join(dir, "figures.yml")
			if tc.dir == "main_csv" {
				main = filepath.Join(dir, "figures.csv")
			}
			set, err := Load(main, Options{})
			if err == nil {
				t.Fatalf("loaded %d metrics, want problems", len(set.Metrics))
			}
			if _, ok := err.(Problems); !ok {
				t.Errorf("error is %T, want config.Problems", err)
			}
			want := strings.ReplaceAll(strings.Join(tc.want, "\n"), "DIR/", dir+"/")
			if got := err.Error(); got != want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
