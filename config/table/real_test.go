package table

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// realTables is where the real public tables are (see its README.md).
const realTables = "../../testdata/tables"

func readReal(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(realTables, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestRealCSVTables reads each real delimited table and checks what a
// person sees in it: how many rows, how wide the header is, and cells of
// chosen lines, read from the files by hand.
func TestRealCSVTables(t *testing.T) {
	for _, tc := range []struct {
		file     string
		encoding string
		rows     int // rows read (a quoted cell across lines is one row)
		lastLine int
		// cells: the first cells of the row starting on a line.
		cells map[int][]string
		// width: the number of cells of the row starting on a line.
		width map[int]int
	}{
		{file: "population_long.csv", rows: 456, lastLine: 456,
			cells: map[int][]string{1: {"Country Name", "Country Code", "Year", "Value"}, 2: {"Belgium", "BEL", "1960", "9153489"}}},
		{file: "covid_worldwide_aggregate.csv", rows: 817, lastLine: 817,
			cells: map[int][]string{1: {"Date", "Confirmed", "Recovered", "Deaths", "Increase rate"}, 2: {"2020-01-22", "557", "30", "17", ""}}},
		{file: "iowa-electricity.csv", rows: 52, lastLine: 52,
			cells: map[int][]string{1: {"year", "source", "net_generation"}, 52: {"2017-01-01", "Renewables", "21933"}}},
		{file: "population_engineers_hurricanes.csv", rows: 53, lastLine: 53,
			cells: map[int][]string{1: {"state", "id", "population", "engineers", "hurricanes"}, 2: {"Alabama", "1", "4863300", "0.003421545", "22"}}},
		{file: "us-employment.csv", rows: 121, lastLine: 121,
			cells: map[int][]string{2: {"2006-01-01", "135450", "113603"}}, width: map[int]int{1: 24}},
		{file: "unemployment.tsv", rows: 3219, lastLine: 3219,
			cells: map[int][]string{1: {"id", "rate"}, 2: {"1001", ".097"}, 3219: {"72153", ".16"}}},
		{file: "wb_API_BEL_DS2_en_csv_v2.csv", rows: 65, lastLine: 65,
			// The byte order mark is cut; the empty line 2 is a row of no
			// cells; every line ends with a comma, so a last empty cell.
			cells: map[int][]string{1: {"Data Source", "World Development Indicators", ""}, 2: {}, 3: {"Last Updated Date", "2020-07-01", ""},
				5: {"Country Name", "Country Code", "Indicator Name", "Indicator Code", "1960"}},
			width: map[int]int{2: 0, 5: 65, 65: 65}},
		{file: "wb_databank_extract.csv", rows: 26, lastLine: 26,
			cells: map[int][]string{3: {"Afghanistan", "AFG", "Access to electricity (% of population)", "EG.ELC.ACCS.ZS", ".."},
				22: {"", "", ""}, 25: {"Data from database: World Development Indicators", ""}, 26: {"Last Updated: 07/21/2021"}},
			width: map[int]int{1: 24, 26: 24}},
		{file: "oecd_gov_debt_sdmx.csv", rows: 696, lastLine: 696,
			cells: map[int][]string{1: {"DATAFLOW", "FREQ", "REF_AREA", "MEASURE", "UNIT_MEASURE", "SECTOR", "EDITION", "CATEGORY", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS"},
				2: {"OECD.GOV.GIP:DSD_GOV@DF_GOV_PF_YU(1.0)", "A", "IRL", "GGD", "PT_B1GQ", "S13", "YU", "PF", "2010", "83.356", "A", "0", "_Z", ""}}},
		{file: "oecd_teacher_salaries_sdmx.csv", rows: 1021, lastLine: 1021,
			cells: map[int][]string{1: {"DATAFLOW", "REF_AREA", "MEASURE", "UNIT_MEASURE", "INST_TYPE_EDU", "EDUCATION_LEV", "AGE", "SEX", "PERS_TYPE", "PERS_QUAL_LEV", "PERS_EXP_LEV", "PRICE_BASE", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS"},
				4:   {"OECD.EDU.IMEP:DSD_EAG_SAL_TREND@DF_TCH_STA(2.0)", "ARG", "SAL_STA", "XDC", "INST_EDU_PUB", "ISCED11_02", "_T", "_T", "TE", "TYP_EXP", "EXP15", "V", "2019", "", "L"},
				168: {"OECD.EDU.IMEP:DSD_EAG_SAL_TREND@DF_TCH_STA(2.0)", "EST", "SAL_STA", "XDC", "INST_EDU_PUB", "ISCED11_34", "_T", "_T", "TE", "TYP_EXP", "EXP15", "V", "2023", "", "M"}},
			width: map[int]int{1: 21, 1021: 21}},
		{file: "bis_property_prices.csv", rows: 46, lastLine: 46,
			cells: map[int][]string{1: {"Dataset", "BIS Selected property prices"}, 6: {"Frequency", "Reference area", "Value", "Unit of measure", "Time Period", "1966-Q1"},
				7: {"Q:Quarterly", "4T:Emerging market economies", "N:Nominal", "628:Index, 2010 = 100", "Q:4T:N:628", ""}},
			width: map[int]int{1: 2, 6: 212, 46: 212}},
		{file: "destatis_63111-0001.csv", encoding: "windows-1252", rows: 33, lastLine: 36,
			cells: map[int][]string{1: {"GENESIS-Tabelle: 63111-0001"}, 4: {"Gebrauchsgüter", ""},
				10: {"", "Anzahl", "1000", "Prozent"}, 11: {"01.01.2000", "5827", "34390", "74,4", "36,2", "-", "42,8", "-", "."},
				// A footnote: one quoted cell across four lines.
				31: {"Private Haushalte:\nOhne Haushalte von Selbstständigen und Landwirten und ohne\nHaushalte mit einem monatlichen Haushaltsnettoeinkommen von\n17 895 Euro / 18 000 Euro (ab 2002) und mehr."},
				35: {"© Statistisches Bundesamt (Destatis), 2022"}, 36: {"Stand: 26.02.2022 / 15:21:04"}},
			width: map[int]int{1: 1, 2: 73, 11: 73}},
		{file: "nbs_gdp_gb18030.csv", encoding: "gb18030", rows: 38, lastLine: 38,
			cells: map[int][]string{1: {"", "人均国内生产总值", "国内生产总值", "国民总收入", "第一产业增加值", "第三产业增加值", "第二产业增加值"},
				2: {"1978年", "381.750901969", "3650.16851182"}, 38: {"2014年", "46628.5070008", "635910.0"}}},
		{file: "nbs_annual_indicators_gbk.csv", encoding: "gbk", rows: 16, lastLine: 16,
			cells: map[int][]string{1: {"数据库：年度数据"}, 3: {"指标", "2022年", "2021年", "2020年", "2019年", "2017年"},
				4: {"企业法人单位数(个)", "32828734", "28665212"}, 13: {"港、澳、台商投资企业法人单位数(个)", "153328"},
				15: {"注：根据经济普查数据和相关统计资料对2013年各类型法人单位数进行了修订。"}, 16: {"数据来源：国家统计局"}},
			width: map[int]int{1: 1, 3: 9, 14: 9, 16: 1}},
		{file: "kosis_census2010_provinces_euckr.csv", encoding: "euc-kr", rows: 60, lastLine: 60,
			cells: map[int][]string{1: {"총조사인구 총괄(시도/성/5세연령별)"}, 3: {"C행정구역별", "행정구역별", "C연령별", "연령별", "시점", "인구 (명)"},
				4: {"'00", "전국", "'00", "계", "2010", "47990761", "23840896", "24149865", "98.70"}}},
		{file: "mois_gangwon_population_euckr.csv", encoding: "euc-kr", rows: 20, lastLine: 20,
			cells: map[int][]string{1: {"행정구역", "2018년_계_총인구수"}, 3: {"강원도 춘천시 (4211000000)", "280,640"}}},
		{file: "estat_census_prefecture_sjis.csv", encoding: "shift_jis", rows: 100, lastLine: 100,
			cells: map[int][]string{1: {"id", "表章項目", "男女_時系列", "地域_時系列", "時間軸(調査年)", "unit", "value"}, 2: {"1", "人口", "総数", "北海道", "1920年", "人", "2359183"}}},
		{file: "nbs_province_gdp_gbk.csv", encoding: "gb18030", rows: 37, lastLine: 37,
			cells: map[int][]string{2: {"指标：地区生产总值(亿元)"}, 4: {"地区", "2017年", "2016年"}, 5: {"北京市", "28014.94", "25669.13"},
				35: {"新疆维吾尔自治区", "10881.96"}, 37: {"数据来源：国家统计局"}},
			width: map[int]int{3: 1, 4: 26, 35: 26}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rows := readAll(t, readReal(t, tc.file), Options{Encoding: tc.encoding})
			if len(rows) != tc.rows || rows[len(rows)-1].line != tc.lastLine {
				t.Errorf("%d rows, the last on line %d; want %d rows, the last on line %d", len(rows), rows[len(rows)-1].line, tc.rows, tc.lastLine)
			}
			byLine := map[int][]string{}
			for _, r := range rows {
				byLine[r.line] = r.cells
			}
			for line, want := range tc.cells {
				got, ok := byLine[line]
				if !ok {
					t.Errorf("no row starts on line %d", line)
					continue
				}
				if len(got) < len(want) || !reflect.DeepEqual(got[:len(want)], want) {
					t.Errorf("line %d: got %q, want it to start with %q", line, got, want)
				}
			}
			for line, want := range tc.width {
				if got := len(byLine[line]); got != want {
					t.Errorf("line %d: %d cells, want %d", line, got, want)
				}
			}
		})
	}
}

// TestRealEncodings: DetectEncoding on the real tables, and a legacy table
// read without its encoding fails naming the line of its first non-UTF-8
// byte.
func TestRealEncodings(t *testing.T) {
	for file, want := range map[string]string{
		"destatis_63111-0001.csv":       "windows-1252",
		"nbs_gdp_gb18030.csv":           "gb18030",
		"nbs_annual_indicators_gbk.csv": "gb18030",
		"nbs_province_gdp_gbk.csv":      "gb18030",
		"wb_API_BEL_DS2_en_csv_v2.csv":  "utf-8",
		"population_long.csv":           "utf-8",
		"oecd_gov_debt_sdmx.csv":        "utf-8",
		// Korean (KOSIS, the interior ministry) and Japanese (e-Stat)
		// tables: most of their bytes are valid GBK too.
		"kosis_census2010_provinces_euckr.csv": "euc-kr",
		"mois_gangwon_population_euckr.csv":    "euc-kr",
		"estat_census_prefecture_sjis.csv":     "shift_jis",
	} {
		if got, why := DetectEncoding(readReal(t, file)); got != want {
			t.Errorf("%s: detected %s (%s), want %s", file, got, why, want)
		}
	}
	_, err := Open(readReal(t, "destatis_63111-0001.csv"), Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "line 4: invalid UTF-8: byte 0xFC") || !strings.Contains(err.Error(), "windows-1252") {
		t.Errorf("got %v, want line 4 (Gebrauchsgüter) named, with windows-1252 suggested", err)
	}
	_, err = Open(readReal(t, "nbs_gdp_gb18030.csv"), Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "line 1: invalid UTF-8") || !strings.Contains(err.Error(), "gb18030") {
		t.Errorf("got %v, want line 1 named, with gb18030 suggested", err)
	}
}

// TestRealSeparators: the separator each real table is detected with.
func TestRealSeparators(t *testing.T) {
	for file, want := range map[string]rune{
		"destatis_63111-0001.csv":      ';',
		"unemployment.tsv":             '\t',
		"wb_API_BEL_DS2_en_csv_v2.csv": ',',
		"wb_databank_extract.csv":      ',',
		"bis_property_prices.csv":      ',',
		"iowa-electricity.csv":         ',',
	} {
		if got := DetectSeparator(readReal(t, file)); got != want {
			t.Errorf("%s: detected %q, want %q", file, got, want)
		}
	}
}

// TestDetectBig5: Taiwanese tables in Big5 (the encoding of DGBAS and
// data.gov.tw downloads) are mostly valid GBK too; what they say decides.
// No real Big5 table was found on GitHub to test with: this is a table
// in the layout of DGBAS county statistics, written for the test.
func TestDetectBig5(t *testing.T) {
	text := "縣市別,總計,男,女\n臺北市,2602418,1245398,1357020\n新北市,4030954,1979634,2051320\n桃園市,2290475,1133066,1157409\n臺中市,2820787,1386452,1434335\n臺南市,1862059,924434,937625\n高雄市,2765932,1358003,1407929\n宜蘭縣,451455,225731,225724\n資料來源：內政部戶政司\n"
	data, err := traditionalchinese.Big5.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if got, why := DetectEncoding(data); got != "big5" {
		t.Errorf("detected %s (%s), want big5", got, why)
	}
	// The same text in GBK (its characters there too) is GB18030.
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if got, why := DetectEncoding(gbk); got != "gb18030" {
		t.Errorf("the text in GBK: detected %s (%s), want gb18030", got, why)
	}
}
