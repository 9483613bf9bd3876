package table

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestJSONRecords(t *testing.T) {
	doc := `[
  {"entity": "World", "year": 2011, "deaths": 1.50,
   "source": {"name": "EM-DAT", "page": 3}},
  {"entity": "Asia", "year": 2012, "deaths": 1e3, "flag": true, "note": null,
   "source": {"name": "EM-DAT"}, "tags": [1, "a"]},
  {"year": -0, "entity": "Europe"}
]`
	got := readAll(t, []byte(doc), Options{Format: JSON})
	want := []row{
		{1, []string{"entity", "year", "deaths", "source.name", "source.page", "flag", "note", "tags"}},
		{2, []string{"World", "2011", "1.50", "EM-DAT", "3", "", "", ""}},
		{4, []string{"Asia", "2012", "1e3", "EM-DAT", "", "true", "", `[1,"a"]`}},
		{6, []string{"Europe", "-0", "", "", "", "", "", ""}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestJSONRecordsPath(t *testing.T) {
	doc := `{"meta": {"page": 1},
 "data": {"items": [
   {"year": "2011", "value": 3}
 ]}}`
	got := readAll(t, []byte(doc), Options{Format: JSON, Records: "data.items"})
	want := []row{{2, []string{"year", "value"}}, {3, []string{"2011", "3"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// The World Bank's API answers [paging, records]: an index picks one.
	wb := `[{"page":1,"pages":1},[{"country":{"id":"BE","value":"Belgium"},"date":"2019","value":11488980}]]`
	got = readAll(t, []byte(wb), Options{Format: JSON, Records: "1"})
	want = []row{{1, []string{"country.id", "country.value", "date", "value"}}, {1, []string{"BE", "Belgium", "2019", "11488980"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// An empty array is a header of no columns and no rows.
	if got := readAll(t, []byte(`{"items": []}`), Options{Format: JSON, Records: "items"}); len(got) != 1 || len(got[0].cells) != 0 {
		t.Errorf("empty array: got %v", got)
	}
}

func TestJSONErrors(t *testing.T) {
	for _, tc := range []struct {
		name, doc, records string
		line               int
		says               string
	}{
		{"no such key", "{\"meta\": 1,\n \"rows\": []}", "data", 2, `records "data": the document has no key "data": its keys are "meta", "rows"`},
		{"not an array", `{"data": {"a": 1}}`, "data", 1, `"data" is an object: expected an array of records at "data"`},
		{"top level object", `{"data": []}`, "", 1, "the document is an object: expected an array of records at the top level (set records:"},
		{"index out of range", `[{"page": 1}]`, "1", 1, `records "1": the document has 1 elements, so no element 1`},
		{"a record is a number", "[\n{\"a\": 1},\n 2]", "", 3, "a record is a number: expected an object"},
		{"syntax", "[\n{\"a\": 1},\n{\"a\": }]", "", 3, "invalid JSON"},
		{"truncated", "[\n{\"a\": 1},\n", "", 3, "ends too early"},
		{"duplicate key", `[{"a": 1, "a": 2}]`, "", 1, "invalid JSON"},
		{"nested and dotted key", `[{"a": {"b": 1}, "a.b": 2}]`, "", 1, `the record has the key "a.b" twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readRows([]byte(tc.doc), Options{Format: JSON, Records: tc.records})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want an *Error", err)
			}
			if e.Place.Row != tc.line || !strings.Contains(e.Msg, tc.says) {
				t.Errorf("got line %d %q, want line %d saying %q", e.Place.Row, e.Msg, tc.line, tc.says)
			}
		})
	}
}

// TestRealJSON reads the BLS records of vega-datasets: one line, 1708
// records of six keys.
func TestRealJSON(t *testing.T) {
	rows := readAll(t, readReal(t, "unemployment-across-industries.json"), Options{Format: JSON})
	if len(rows) != 1709 {
		t.Errorf("%d rows, want a header and 1708 records", len(rows))
	}
	want := [][]string{
		{"series", "year", "month", "count", "rate", "date"},
		{"Government", "2000", "1", "430", "2.1", "2000-01-01T08:00:00.000Z"},
	}
	for i, w := range want {
		if !reflect.DeepEqual(rows[i].cells, w) || rows[i].line != 1 {
			t.Errorf("row %d: got %v, want line 1 %q", i, rows[i], w)
		}
	}
}
