package config

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

// acceptedValue is a form ParseValue must read, with the exact float64 it
// must return.
type acceptedValue struct {
	text string
	want float64
}

// acceptedValues returns one row per accepted form. Expected values are
// written as Go constants, which the compiler rounds exactly once from the
// decimal, so they are the float64 nearest to the decimal value.
func acceptedValues() []acceptedValue {
	return []acceptedValue{
		// Plain numbers (the fast path).
		{"840264000", 840264000},
		{"8.40264e+08", 840264000},
		{"8.40264E8", 840264000},
		{"-12.5", -12.5},
		{"+3", 3},
		{".5", 0.5},
		{"5.", 5},
		{"00012", 12},
		{"0", 0},
		{"-0", 0},
		{"  42\t\n", 42},
		{"0.3", 0.3},
		{"1e-400", 0}, // rounds to zero, as strconv.ParseFloat does
		{"1.7976931348623157e308", math.MaxFloat64},
		{"5e-324", math.SmallestNonzeroFloat64},
		{"9007199254740993", 9007199254740992}, // halfway: ties to even
		{"−5", -5},                             // U+2212 minus sign
		{"−.5e1", -5},

		// Thousands separators.
		{"1,012.71", 1012.71},
		{"52,500", 52500},
		{"1,234,567", 1234567},
		{"-1,000", -1000},
		{"−1,000", -1000},
		{"999,999.5", 999999.5},
		{"1,000.", 1000},
		{"1,000e3", 1000000},
		{"9,007,199,254,740,993", 9007199254740992},

		// English scale words.
		{"840.264 million", 840264000},
		{"840.264million", 840264000},
		{"840.264 MILLION", 840264000},
		{"840.264 Million", 840264000},
		{"840.264\u00a0million", 840264000}, // no-break space, as copied from PDFs
		{"840.264   million", 840264000},
		{"59.9949 million", 59994900},
		{"45.5788 million", 45578800},
		{"120.128 billion", 120128000000},
		{"1.5 thousand", 1500},
		{"2 trillion", 2e12},
		{"1,012.71 billion", 1012710000000},
		{"-3.5 billion", -3.5e9},
		{"0 million", 0},
		{"-0 million", 0},
		{"1.001 million", 1001000}, // 1.001*1e6 in float64 is 1.0009999999999999e+06
		{"8.4e2 million", 840000000},
		{"1e-400 trillion", 0},

		// Chinese units.
		{"84026.4万", 840264000},
		{"84026.4 万", 840264000},
		{"1201.28亿", 120128000000},
		{"3.5万亿", 3.5e12},
		{"12千", 12000},
		{"8.40264百万", 8402640},
		{"84.0264千万", 840264000},
		{"0.07亿", 7000000}, // 0.07*1e8 in float64 is 7.000000000000001e+06
		{"0.07万", 700},     // 0.07*1e4 in float64 is 700.0000000000001
		{"−2万", -20000},
		{"−840.264 million", -840264000},

		// Percentages.
		{"21.8%", 0.218},
		{"0.1%", 0.001},
		{"1.1%", 0.011}, // 1.1*0.01 in float64 is 0.011000000000000001
		{"0.7%", 0.007}, // 0.7*0.01 in float64 is 0.006999999999999999
		{"21.8 %", 0.218},
		{"21.8％", 0.218}, // full-width percent sign
		{"-3.2%", -0.032},
		{"1,200%", 12},
		{"100%", 1},
	}
}

// rejectedValue is a form ParseValue must refuse, with the exact message.
type rejectedValue struct {
	text string
	want string
}

func rejectedValues() []rejectedValue {
	const scaleHint = `only thousand, million, billion, trillion, 千, 万, 百万, 千万, 亿, 万亿 or % may follow the number; units belong in the metric name`
	return []rejectedValue{
		{"", `cannot read "" as a number: the value is empty; expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%`},
		{" \t ", `cannot read " \t " as a number: the value is empty; expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%`},
		{"NaN", `cannot read "NaN" as a number: NaN and infinities are not figures`},
		{"nan", `cannot read "nan" as a number: NaN and infinities are not figures`},
		{"Inf", `cannot read "Inf" as a number: NaN and infinities are not figures`},
		{"-Inf", `cannot read "-Inf" as a number: NaN and infinities are not figures`},
		{"+infinity", `cannot read "+infinity" as a number: NaN and infinities are not figures`},
		{"Infinity", `cannot read "Infinity" as a number: NaN and infinities are not figures`},
		{"0x10", `cannot read "0x10" as a number: only decimal numbers are accepted, not hexadecimal`},
		{"-0X1p4", `cannot read "-0X1p4" as a number: only decimal numbers are accepted, not hexadecimal`},
		{"true", `cannot read "true" as a number: booleans are not figures; write 1 or 0`},
		{"FALSE", `cannot read "FALSE" as a number: booleans are not figures; write 1 or 0`},
		{"twelve", `cannot read "twelve" as a number: expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%`},
		{".", `cannot read "." as a number: expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%`},
		{"e5", `cannot read "e5" as a number: expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%`},
		{"million", `cannot read "million" as a number: expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%`},
		{"万", `cannot read "万" as a number: expected a number such as 840264000, 1,012.71, 840.264 million, 84026.4万 or 21.8%`},

		// Signs.
		{"--5", `cannot read "--5" as a number: expected digits after the sign`},
		{"+-5", `cannot read "+-5" as a number: expected digits after the sign`},
		{"−−5", `cannot read "−−5" as a number: expected digits after the sign`},
		{"−-5", `cannot read "−-5" as a number: expected digits after the sign`},
		{"- 5", `cannot read "- 5" as a number: expected digits after the sign`},
		{"-", `cannot read "-" as a number: expected digits after the sign`},
		{"−", `cannot read "−" as a number: expected digits after the sign`},
		{"-.", `cannot read "-." as a number: expected digits after the sign`},

		// Thousands separators.
		{"1,01", `cannot read "1,01" as a number: thousands separators must group three digits, as in 1,012.71`},
		{"1,0000", `cannot read "1,0000" as a number: thousands separators must group three digits, as in 1,012.71`},
		{"1,000,00", `cannot read "1,000,00" as a number: thousands separators must group three digits, as in 1,012.71`},
		{"1234,567", `cannot read "1234,567" as a number: thousands separators must group three digits, as in 1,012.71`},
		{"1,", `cannot read "1," as a number: thousands separators must group three digits, as in 1,012.71`},
		{"1,,000", `cannot read "1,,000" as a number: thousands separators must group three digits, as in 1,012.71`},
		{",100", `cannot read ",100" as a number: thousands separators must group three digits, as in 1,012.71`},
		{"0,500", `cannot read "0,500" as a number: a number with thousands separators cannot start with 0; the decimal separator must be a point, as in 0.5`},
		{"1.000,5", `cannot read "1.000,5" as a number: thousands separators cannot follow the decimal point, which must be a point`},
		{"1,000.5,3", `cannot read "1,000.5,3" as a number: thousands separators cannot follow the decimal point, which must be a point`},
		{"1_000", `cannot read "1_000" as a number: underscores cannot separate digits; use commas in groups of three, as in 1,000,000`},
		{"12 345", `cannot read "12 345" as a number: spaces cannot separate digits; use commas in groups of three, as in 1,000,000`},

		// Exponents and range.
		{"1e", `cannot read "1e" as a number: expected digits after the exponent e, as in 8.40264e+08`},
		{"1e+", `cannot read "1e+" as a number: expected digits after the exponent e, as in 8.40264e+08`},
		{"1e million", `cannot read "1e million" as a number: expected digits after the exponent e, as in 8.40264e+08`},
		{"1e400", `cannot read "1e400" as a number: out of range: the largest figure is about 1.8e308`},
		{"-1e400", `cannot read "-1e400" as a number: out of range: the largest figure is about 1.8e308`},
		{"1.8e308", `cannot read "1.8e308" as a number: out of range: the largest figure is about 1.8e308`},
		{"1e300 trillion", `cannot read "1e300 trillion" as a number: out of range: the largest figure is about 1.8e308`},
		{"1e99999999999 million", `cannot read "1e99999999999 million" as a number: out of range: the largest figure is about 1.8e308`},
		{"1,000e400", `cannot read "1,000e400" as a number: out of range: the largest figure is about 1.8e308`},
		{"−1e400", `cannot read "−1e400" as a number: out of range: the largest figure is about 1.8e308`},

		// Scales and units.
		{"12 dozen", `cannot read "12 dozen" as a number: unknown scale or unit "dozen": ` + scaleHint},
		{"1.5k", `cannot read "1.5k" as a number: unknown scale or unit "k": ` + scaleHint},
		{"2 millions", `cannot read "2 millions" as a number: unknown scale or unit "millions": ` + scaleHint},
		{"12abc", `cannot read "12abc" as a number: unknown scale or unit "abc": ` + scaleHint},
		{"12eur", `cannot read "12eur" as a number: unknown scale or unit "eur": ` + scaleHint},
		{"840264000 Yuan", `cannot read "840264000 Yuan" as a number: unknown scale or unit "Yuan": ` + scaleHint},
		{"840264000元", `cannot read "840264000元" as a number: unknown scale or unit "元": ` + scaleHint},
		{"12 km", `cannot read "12 km" as a number: unknown scale or unit "km": ` + scaleHint},
		{"1e5e5", `cannot read "1e5e5" as a number: unknown scale or unit "e": ` + scaleHint},
		{"840.264 million Yuan", `cannot read "840.264 million Yuan" as a number: unexpected "Yuan" after the scale: units belong in the metric name (such as aid_yuan), not in the value`},
		{"84026.4万元", `cannot read "84026.4万元" as a number: unexpected "元" after the scale: units belong in the metric name (such as aid_yuan), not in the value`},
		{"1千米", `cannot read "1千米" as a number: unexpected "米" after the scale: units belong in the metric name (such as aid_yuan), not in the value`},
		{"1 million billion", `cannot read "1 million billion" as a number: only one scale word may follow the number`},
		{"1 thousand thousand", `cannot read "1 thousand thousand" as a number: only one scale word may follow the number`},
		{"1 thousand万", `cannot read "1 thousand万" as a number: only one scale word may follow the number`},
		{"1万亿亿", `cannot read "1万亿亿" as a number: only one scale word may follow the number`},
		{"1亿万", `cannot read "1亿万" as a number: only one scale word may follow the number`},
		{"1 million 2", `cannot read "1 million 2" as a number: unexpected "2" after the scale`},
		{"12.5.3", `cannot read "12.5.3" as a number: unexpected ".3" after the number`},
		{"12#", `cannot read "12#" as a number: unexpected "#" after the number`},
		{"5-3", `cannot read "5-3" as a number: unexpected "-3" after the number`},

		// Percentages.
		{"%", `cannot read "%" as a number: expected a number before %`},
		{"%5", `cannot read "%5" as a number: expected a number before %`},
		{"-%", `cannot read "-%" as a number: expected digits after the sign`},
		{"5%%", `cannot read "5%%" as a number: a percentage cannot be combined with a scale word, a unit or another %`},
		{"5 million%", `cannot read "5 million%" as a number: a percentage cannot be combined with a scale word, a unit or another %`},
		{"5% million", `cannot read "5% million" as a number: a percentage cannot be combined with a scale word, a unit or another %`},
		{"5万%", `cannot read "5万%" as a number: a percentage cannot be combined with a scale word, a unit or another %`},
		{"5% of GDP", `cannot read "5% of GDP" as a number: a percentage cannot be combined with a scale word, a unit or another %`},
	}
}

func TestParseValueAccepts(t *testing.T) {
	for _, tc := range acceptedValues() {
		got, err := ParseValue(tc.text)
		if err != nil {
			t.Errorf("ParseValue(%q): unexpected error: %v", tc.text, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseValue(%q) = %v, want %v", tc.text, got, tc.want)
		}
		if math.Signbit(got) != math.Signbit(tc.want) {
			t.Errorf("ParseValue(%q) = %v, want the sign of %v", tc.text, got, tc.want)
		}
	}
}

func TestParseValueRejects(t *testing.T) {
	for _, tc := range rejectedValues() {
		got, err := ParseValue(tc.text)
		if err == nil {
			t.Errorf("ParseValue(%q) = %v, want error %s", tc.text, got, tc.want)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("ParseValue(%q) error:\n got: %s\nwant: %s", tc.text, err, tc.want)
		}
		var ve *ValueError
		if !errors.As(err, &ve) {
			t.Errorf("ParseValue(%q) error has type %T, want *ValueError", tc.text, err)
		} else if ve.Text != tc.text {
			t.Errorf("ParseValue(%q) error Text = %q, want the text as given", tc.text, ve.Text)
		}
	}
}

// TestParseValueWrapsWithContext shows why ValueError is a type: a caller
// wraps it with a file and line and still finds the text and reason.
func TestParseValueWrapsWithContext(t *testing.T) {
	_, err := ParseValue("12 dozen")
	wrapped := errors.Join(errors.New("figures.yaml:7"), err)
	var ve *ValueError
	if !errors.As(wrapped, &ve) {
		t.Fatalf("errors.As(%v) found no *ValueError", wrapped)
	}
	if ve.Text != "12 dozen" || ve.Reason == "" {
		t.Errorf("ValueError = %+v, want Text %q and a reason", ve, "12 dozen")
	}
}

// TestParseValueManyDigits: a scaled number is read exactly whatever its
// number of digits. (With apd's decimal arithmetic, exponents beyond
// ±100000 were refused as "too many digits"; moving the decimal exponent
// and converting once has no such limit.) The reference is strconv reading
// the same digits with the point moved.
func TestParseValueManyDigits(t *testing.T) {
	for _, fraction := range []int{99999, 100001, 300000} {
		want, err := strconv.ParseFloat("1111111."+strings.Repeat("1", fraction-6), 64)
		if err != nil {
			t.Fatal(err)
		}
		v, err := ParseValue("1." + strings.Repeat("1", fraction) + " million")
		if err != nil || v != want {
			t.Errorf("ParseValue(1.111… million with %d fraction digits) = %v, %v, want %v", fraction, v, err, want)
		}
	}
	// Without a scale the fast path reads it, correctly rounded.
	v, err := ParseValue("1." + strings.Repeat("1", 100001))
	if err != nil || v != 1.1111111111111112 {
		t.Fatalf("ParseValue(1.111… with 100001 fraction digits) = %v, %v, want 1.1111111111111112", v, err)
	}
}

// TestParseFigureAgreesWithStrconv checks the slow (decimal) path on the plain
// forms the fast path normally takes, so that the two paths cannot drift
// apart. strconv.ParseFloat rounds correctly and is the reference.
func TestParseFigureAgreesWithStrconv(t *testing.T) {
	for _, s := range []string{
		"840264000", "8.40264e+08", "-12.5", "+3", ".5", "5.", "0.1", "0.3",
		"9007199254740993", "1.7976931348623157e308", "4.9e-324", "2.4703282292062328e-324",
		"2.4703282292062327e-324", "1e-400", "123456789012345678901234567890e-10",
		"0.000000000000000000000000000001", "2.2250738585072011e-308", "1e23", "8.5e-5",
	} {
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("strconv.ParseFloat(%q): %v", s, err)
		}
		got, err := parseFigure(s, s)
		if err != nil || got != want {
			t.Errorf("parseFigure(%q) = %v, %v; strconv.ParseFloat says %v", s, got, err, want)
		}
	}
}

func BenchmarkParseValue(b *testing.B) {
	for _, bc := range []struct{ name, text string }{
		{"plain", "840264000"},
		{"exponent", "8.40264e+08"},
		{"separators", "1,012.71"},
		{"million", "840.264 million"},
		{"wan", "84026.4万"},
		{"percent", "21.8%"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseValue(bc.text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
