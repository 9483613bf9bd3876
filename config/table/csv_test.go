package table

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

type row struct {
	line  int
	cells []string
}

// readAll reads every row of a table, failing the test on an error.
func readAll(t *testing.T, data []byte, opts Options) []row {
	t.Helper()
	rows, err := readRows(data, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func readRows(data []byte, opts Options) ([]row, error) {
	r, err := Open(data, opts)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var rows []row
	for r.Next() {
		rows = append(rows, row{r.Place().Row, append([]string{}, r.Row()...)})
	}
	return rows, r.Err()
}

func TestCSVRows(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want []row
	}{
		{"LF", "a,b\n1,2\n", []row{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}},
		{"CRLF, no final line end", "a,b\r\n1,2", []row{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}},
		{"lone CR", "a,b\r1,2\r", []row{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}},
		{"trailing empty cells kept", "a,b,\n1,,\n,", []row{{1, []string{"a", "b", ""}}, {2, []string{"1", "", ""}}, {3, []string{"", ""}}}},
		{"rows of different lengths", "Title\n\na,b,c\n1,2,3\nNote: x\n", []row{
			{1, []string{"Title"}}, {2, nil}, {3, []string{"a", "b", "c"}}, {4, []string{"1", "2", "3"}}, {5, []string{"Note: x"}}}},
		{"empty lines are rows", "a\r\n\r\n\nb\n", []row{{1, []string{"a"}}, {2, nil}, {3, nil}, {4, []string{"b"}}}},
		{"quoted separators and quotes", `"x,y","say ""hi""",""` + "\n", []row{{1, []string{"x,y", `say "hi"`, ""}}}},
		{"quoted line breaks: the row is the line it starts on", "h\n\"one\r\ntwo\nthree\",4\nnext,5\n", []row{
			{1, []string{"h"}}, {2, []string{"one\ntwo\nthree", "4"}}, {5, []string{"next", "5"}}}},
		{"a quote inside an unquoted cell is text", `5" disk,a"b` + "\n", []row{{1, []string{`5" disk`, `a"b`}}}},
		{"spaces are kept", " a , b \n", []row{{1, []string{" a ", " b "}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := readAll(t, []byte(tc.text), Options{Separator: ','})
			for i := range got {
				if len(got[i].cells) == 0 {
					got[i].cells = nil
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestCSVSeparators(t *testing.T) {
	for _, tc := range []struct {
		name string
		sep  rune
		text string
		want [][]string
	}{
		{"semicolon", ';', "Land;Wert\nDE;1,5\n", [][]string{{"Land", "Wert"}, {"DE", "1,5"}}},
		{"tab", '\t', "a\tb c\n1\t2,3\n", [][]string{{"a", "b c"}, {"1", "2,3"}}},
		{"bar", '|', "a|b\n|\n", [][]string{{"a", "b"}, {"", ""}}},
		{"multi-byte", '；', "地区；人口\n北京；2189\n", [][]string{{"地区", "人口"}, {"北京", "2189"}}},
		{"quoted with a multi-byte separator", '；', "\"a；b\"；c\n", [][]string{{"a；b", "c"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, sep := range []rune{tc.sep, 0} {
				if sep == 0 && tc.sep == '；' {
					continue // not a candidate of the detection
				}
				rows := readAll(t, []byte(tc.text), Options{Separator: sep})
				var got [][]string
				for _, r := range rows {
					got = append(got, r.cells)
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("separator %q: got %q, want %q", sep, got, tc.want)
				}
			}
		})
	}
	// Excel's "sep=" line names the separator and is not a row.
	rows := readAll(t, []byte("sep=;\r\nLand;Wert\r\nDE;1,5\r\n"), Options{})
	if want := []row{{2, []string{"Land", "Wert"}}, {3, []string{"DE", "1,5"}}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("sep= line: got %v, want %v", rows, want)
	}
	if _, err := Open([]byte("a"), Options{Separator: '"'}); err == nil {
		t.Error("a quote as separator was accepted")
	}
}

func TestCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		line, col  int
		says       string
	}{
		{"unclosed quote", "a,b\n1,\"2\n3,4\n", 2, 2, "not closed: its opening quote is on line 2"},
		{"text after a closing quote", "a,b\n\"x\ny\"z,1\n", 3, 1, `followed by 'z' after its closing quote: expected the separator ","`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := readRows([]byte(tc.text), Options{Separator: ','})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v (rows %v), want an *Error", err, rows)
			}
			if e.Place.Row != tc.line || e.Column != tc.col || !strings.Contains(e.Msg, tc.says) {
				t.Errorf("got line %d column %d %q, want line %d column %d saying %q", e.Place.Row, e.Column, e.Msg, tc.line, tc.col, tc.says)
			}
			if len(rows) != 1 {
				t.Errorf("rows before the error: %v, want the first one", rows)
			}
		})
	}
}

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCSVEncodings(t *testing.T) {
	const zh = "指标,2020年\n国内生产总值(亿元),1013567\n"
	const fr = "Région;Valeur\nÎle-de-France;1,5\n"
	want := func(s string, sep string) [][]string {
		var out [][]string
		for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
			out = append(out, strings.Split(l, sep))
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		data     []byte
		encoding string
		want     [][]string
	}{
		{"UTF-8", []byte(zh), "", want(zh, ",")},
		{"UTF-8 with BOM", append([]byte("\uFEFF"), zh...), "", want(zh, ",")},
		{"UTF-8 with BOM wins over a name", append([]byte("\uFEFF"), zh...), "gb18030", want(zh, ",")},
		{"UTF-8 named", []byte(zh), "UTF-8", want(zh, ",")},
		{"UTF-16LE by BOM", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), zh), "", want(zh, ",")},
		{"UTF-16BE by BOM", encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), zh), "", want(zh, ",")},
		{"UTF-16LE named, no BOM", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), zh), "utf-16le", want(zh, ",")},
		{"GB18030", encode(t, simplifiedchinese.GB18030, zh), "gb18030", want(zh, ",")},
		{"GBK", encode(t, simplifiedchinese.GBK, zh), "GBK", want(zh, ",")},
		{"Windows-1252", encode(t, charmap.Windows1252, fr), "windows-1252", want(fr, ";")},
		{"Latin-1 by its IANA name", encode(t, charmap.ISO8859_1, fr), "ISO_8859-1:1987", want(fr, ";")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got [][]string
			for _, r := range readAll(t, tc.data, Options{Encoding: tc.encoding}) {
				got = append(got, r.cells)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCSVEncodingErrors(t *testing.T) {
	gb := encode(t, simplifiedchinese.GB18030, "a,b\n1,2\n地区,人口\n")
	for _, tc := range []struct {
		name     string
		data     []byte
		encoding string
		line     int
		says     []string
	}{
		{"GB18030 read as UTF-8", gb, "", 3, []string{"invalid UTF-8: byte 0xB5 at offset 8", "it looks like gb18030"}},
		{"GB18030 named UTF-8", gb, "utf-8", 3, []string{"its encoding is set to utf-8", "gb18030"}},
		{"Windows-1252 read as UTF-8", encode(t, charmap.Windows1252, "a\nCafé au lait\n"), "", 2, []string{"byte 0xE9", "windows-1252"}},
		{"bytes GB18030 does not define", append(encode(t, simplifiedchinese.GB18030, "地区\n"), 0x81, 0x20, '\n'), "gb18030", 2, []string{"not gb18030"}},
		{"unknown encoding", []byte("a"), "klingon", 1, []string{`unknown encoding "klingon"`}},
		{"NUL byte", []byte("a\nb\x00c\n"), "", 2, []string{"not a text file: a NUL byte at offset 3"}},
		{"UTF-16 without BOM", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "year,value\n2020,1\n"), "", 1, []string{"utf-16le without a byte order mark"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(tc.data, Options{Encoding: tc.encoding})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want an *Error", err)
			}
			if e.Place.Row != tc.line {
				t.Errorf("line %d, want %d: %v", e.Place.Row, tc.line, err)
			}
			for _, s := range tc.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%q does not say %q", err, s)
				}
			}
		})
	}
}

func TestDetectSeparator(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want rune
	}{
		{"comma", "a,b,c\n1,2,3\n", ','},
		{"semicolon with decimal commas", "Land;Jahr;Wert\nDE;2020;1,5\nFR;2020;2,25\nIT;2020;3,125\n", ';'},
		{"semicolon, every value with a comma, header with one", "Land;Wert (1.000, EUR)\nDE;1,5\nFR;2,5\n", ';'},
		{"tab with commas in text", "name\tnote\nx\ta, b, c\ny\td\n", '\t'},
		{"bar", "a|b\n1|2\n", '|'},
		{"quoted commas do not count", "a;b\n\"1,2,3\";4\n\"5,6\";7\n", ';'},
		{"quoted line breaks do not count", "a,b\n\"x;\ny;\nz;\",1\n", ','},
		{"title rows above the header", "\"Data Source\",\"World Development Indicators\",\n\n\"Last Updated Date\",\"2025-01-28\",\n\n\"Country Name\",\"Country Code\",\"1960\",\"1961\",\n\"Aruba\",\"ABW\",\"54608\",\"55811\",\n\"Angola\",\"AGO\",\"5357195\",\"5441333\",\n", ','},
		{"a Chinese title without separators", "表1 主要指标\n指标\t2019年\t2020年\n国内生产总值(亿元)\t986515\t1013567\n人口(万人)\t141008\t141212\n", '\t'},
		{"one column", "value\n1\n2\n", ','},
		{"Excel's sep= line", "sep=|\r\na,b;c\r\n1,2;3\r\n", '|'},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DetectSeparator([]byte(tc.text)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFormatOf(t *testing.T) {
	// Workbooks that are not .xlsx are opened as XLSX, whose opening
	// tells from their content what they are (TestNotWorkbook).
	for path, want := range map[string]Format{"a.csv": CSV, "b/c.TSV": CSV, "d.txt": CSV, "e.xlsx": XLSX, "f.Json": JSON, "g.xls": XLSX, "h.ODS": XLSX, "i.xlsm": XLSX, "j.xlsb": XLSX} {
		if got, ok := FormatOf(path); !ok || got != want {
			t.Errorf("FormatOf(%q) = %v, %v; want %v", path, got, ok, want)
		}
	}
	if _, ok := FormatOf("k.pdf"); ok {
		t.Error("FormatOf accepted .pdf")
	}
}

func TestPlaceAndErrorText(t *testing.T) {
	if s := (Place{Row: 12}).String(); s != "12" {
		t.Errorf("got %q", s)
	}
	if s := (Place{Sheet: "Data", Row: 3}).String(); s != "sheet Data row 3" {
		t.Errorf("got %q", s)
	}
	if s := (&Error{Place: Place{Row: 4}, Column: 2, Msg: "m"}).Error(); s != "line 4, column 2: m" {
		t.Errorf("got %q", s)
	}
	if s := (&Error{Place: Place{Sheet: "D", Row: 4}, Msg: "m"}).Error(); s != "sheet D row 4: m" {
		t.Errorf("got %q", s)
	}
}
