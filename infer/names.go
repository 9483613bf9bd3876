package infer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// snake turns a header into a Prometheus-style name part: lower-case
// ASCII letters, digits and single underscores. Accents are dropped
// (é → e); any other character separates words. It returns "" when
// nothing readable is left (a header in Chinese with no known term).
func snake(s string) string {
	var b strings.Builder
	under := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(unicode.ToLower(r))
		case r == '%':
			if b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteString("percent")
			under = true
		default:
			under = true
		}
	}
	return b.String()
}

// terms translates the headers and indicator names of Chinese statistics
// that come up most, so that 国内生产总值 gives gdp rather than col_3.
// Longer terms are tried first; a header with characters left over after
// translation falls back to a numbered name, with the header in a comment.
// A table rather than transliteration: pinyin names (guonei_shengchan_zongzhi)
// are no more readable to most users than col_3, and need a dictionary the
// project does not carry.
var terms = map[string]string{
	"国内生产总值": "gdp", "地区生产总值": "gdp", "生产总值": "gdp", "人均": "per_capita",
	"第一产业": "primary_industry", "第二产业": "secondary_industry", "第三产业": "tertiary_industry",
	"增加值": "value_added", "国民总收入": "gni", "国民收入": "national_income", "总人口": "population", "年末总人口": "population_year_end", "年末": "year_end",
	"人口": "population", "常住人口": "resident_population", "户籍人口": "registered_population",
	"城镇": "urban", "农村": "rural", "乡村": "rural", "贫困": "poor", "贫困人口": "poor_people",
	"男": "male", "女": "female", "出生率": "birth_rate", "死亡率": "death_rate", "自然增长率": "natural_growth_rate",
	"出生": "births", "死亡": "deaths", "就业人员": "employed_persons", "就业": "employment", "失业率": "unemployment_rate",
	"居民": "residents", "人均可支配收入": "disposable_income_per_capita", "可支配收入": "disposable_income",
	"消费": "consumption", "支出": "expenditure", "收入": "income", "财政": "fiscal", "税收": "tax",
	"进出口": "trade", "出口": "exports", "进口": "imports", "总额": "total", "投资": "investment",
	"固定资产": "fixed_assets", "社会消费品零售总额": "retail_sales", "零售": "retail",
	"居民消费价格指数": "cpi", "价格指数": "price_index", "指数": "index", "增长": "growth", "增速": "growth_rate",
	"粮食": "grain", "产量": "output", "面积": "area", "耕地": "cultivated_land", "播种": "sown",
	"学校": "schools", "学生": "students", "在校生": "students_enrolled", "教师": "teachers", "招生": "enrolment",
	"医院": "hospitals", "卫生": "health", "床位": "beds", "医生": "doctors",
	"地区": "region", "省份": "province", "省": "province", "市": "city", "县": "county", "区": "district",
	"年份": "year", "年度": "year", "年": "year", "季度": "quarter", "月份": "month", "月": "month", "日期": "date",
	"时间": "time", "指标": "indicator", "指标名称": "indicator", "项目": "item", "名称": "name", "类别": "category",
	"分类": "category", "单位": "unit", "代码": "code", "编码": "code", "编号": "id", "数值": "value", "合计": "total",
	"总计": "total", "全国": "national", "数量": "count", "金额": "amount", "比重": "share", "占": "share_of",
	"电力": "electricity", "发电量": "electricity_generated", "能源": "energy", "煤炭": "coal",
	"工业": "industry", "农业": "agriculture", "服务业": "services", "企业": "enterprises", "个数": "count",
}

// cjkTerms are the headers of Korean (KOSIS, the interior ministry) and
// Japanese (e-Stat) tables, added to terms.
var cjkTerms = map[string]string{
	"행정구역별": "region", "행정구역": "region", "시도별": "province", "시도": "province", "시군구별": "municipality", "시군구": "municipality",
	"연령구간": "age_bracket", "연령별": "age", "연령": "age", "성별": "sex", "시점": "period", "총인구수": "population", "인구수": "population",
	"인구": "population", "남자": "male", "여자": "female", "성비": "sex_ratio", "세대수": "households", "세대": "households",
	"계": "total", "명": "persons", "세": "years", "년": "year", "월": "month", "항목": "item", "단위": "unit",
	"都道府県": "prefecture", "市区町村": "municipality", "地域": "region", "男女": "sex", "表章項目": "item", "時間軸": "time",
	"調査年": "survey_year", "時系列": "series", "総数": "total", "年齢": "age", "歳": "years", "世帯": "households", "人口": "population",
}

// termKeys are the keys of terms, longest first, for a greedy match;
// cjkTerms are added to terms first.
var termKeys = func() []string {
	for k, v := range cjkTerms {
		if _, ok := terms[k]; !ok {
			terms[k] = v
		}
	}
	keys := make([]string, 0, len(terms))
	for k := range terms {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if a, b := len([]rune(keys[i])), len([]rune(keys[j])); a != b {
			return a > b
		}
		return keys[i] < keys[j]
	})
	return keys
}()

// translate replaces the known terms of s by English words. ok is false
// when characters outside ASCII are left, so that the caller falls back
// to a numbered name.
func translate(s string) (string, bool) {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); {
		matched := false
		for _, k := range termKeys {
			kr := []rune(k)
			if i+len(kr) <= len(rs) && string(rs[i:i+len(kr)]) == k {
				b.WriteString(" " + terms[k] + " ")
				i += len(kr)
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		r := rs[i]
		i++
		switch {
		case r < 128:
			b.WriteRune(r)
		case strings.ContainsRune("：，、（）；“”‘’《》·—　。－", r) || unicode.IsSpace(r) || unicode.IsPunct(r):
			b.WriteByte(' ')
		case unicode.Is(unicode.Latin, r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	return b.String(), true
}

// readable is the snake-case name of a header, translated when it is in
// Chinese; "" when it cannot be read (then the caller numbers it).
func readable(header string) string {
	t, ok := translate(header)
	if !ok {
		return ""
	}
	return snake(t)
}

// unit is what the parenthesised end of a header says: the ending of the
// metric name (Prometheus' base-unit convention), the scale of the values,
// and words to keep in the name (current in "GDP (current US$)").
type unit struct {
	suffix, scale, words string
}

// chineseUnits are the units of Chinese statistical tables, by their text
// after the scale character has been cut off.
var chineseUnits = map[string]string{
	"元": "yuan", "人民币": "yuan", "美元": "usd", "人": "persons", "人次": "person_times",
	"公顷": "hectares", "亩": "mu", "吨": "tonnes", "公里": "kilometers", "千米": "kilometers",
	"米": "meters", "平方米": "square_meters", "平方公里": "square_kilometers", "户": "households",
	"千瓦时": "kilowatt_hours", "岁": "years", "个": "", "家": "", "所": "", "张": "", "辆": "",
	"台": "", "件": "", "项": "", "次": "", "册": "", "床": "", "座": "", "部": "",
}

// chineseScales are the scale prefixes of Chinese units, longest first,
// spelt as config's value grammar spells them.
var chineseScales = []string{"万亿", "百万", "千万", "亿", "万", "千"}

// englishScales maps scale words in headers to the value grammar's words.
var englishScales = map[string]string{
	"thousand": "thousand", "thousands": "thousand", "000": "thousand", "000s": "thousand", "k": "thousand",
	"million": "million", "millions": "million", "mn": "million", "mio": "million",
	"billion": "billion", "billions": "billion", "bn": "billion",
	"trillion": "trillion", "trillions": "trillion",
}

// englishUnits maps unit words in headers to name endings.
var englishUnits = map[string]string{
	"usd": "usd", "us": "usd", "dollars": "usd", "dollar": "usd", "eur": "eur", "euro": "eur", "euros": "eur",
	"gbp": "gbp", "cny": "yuan", "rmb": "yuan", "yuan": "yuan", "jpy": "yen", "yen": "yen",
	"persons": "persons", "people": "persons", "person": "persons", "inhabitants": "persons",
	"years": "years", "year": "years", "km": "kilometers", "kilometers": "kilometers", "kilometres": "kilometers",
	"m": "meters", "meters": "meters", "metres": "meters", "ha": "hectares", "hectares": "hectares",
	"tonnes": "tonnes", "tons": "tonnes", "t": "tonnes", "kg": "kilograms", "kwh": "kilowatt_hours",
	"gwh": "gigawatt_hours", "twh": "terawatt_hours", "seconds": "seconds", "days": "days",
}

// trailingPercent is a header ending in a percent sign after a word
// (Share %), not after a number (held by fourth 20%).
var trailingPercent = regexp.MustCompile(`[^0-9.,\s]\s*[%％]$`)

// sourceVintage is a source and its year in parentheses after the header,
// as Our World in Data names every column: "Total population (World Bank
// (2017))", "Armed forces personnel (% of total population) (World Bank
// (2017))". It names no unit, and a metric named after it would carry
// world_bank_2017; the help keeps the whole header.
var sourceVintage = regexp.MustCompile(`^(.*?)\s*\([^()]*\(\d{4}[^()]*\)\)\s*$`)

var parenthesised = regexp.MustCompile(`^(.*?)\s*[(（\[]([^()（）\[\]]*)[)）\]]\s*$`)

// splitUnit cuts the parenthesised unit off the end of a header:
// 国内生产总值(亿元) gives 国内生产总值 and {yuan, 亿}; GDP (current US$)
// gives GDP and {usd, "", current}; Unemployment (%) gives Unemployment
// and {ratio, %}. A source and its year after the unit (Our World in
// Data's "(World Bank (2017))") is cut off first. ok is false when the
// header ends with no unit that is understood; the header is then
// returned whole, but for that source.
func splitUnit(header string) (string, unit, bool) {
	if m := sourceVintage.FindStringSubmatch(header); m != nil && m[1] != "" {
		if base, u, ok := splitUnit(m[1]); ok {
			return base, u, true
		}
		return m[1], unit{}, false
	}
	m := parenthesised.FindStringSubmatch(header)
	if m == nil {
		if trailingPercent.MatchString(header) {
			return strings.TrimRight(header, "%％ "), unit{suffix: "ratio", scale: "%"}, true
		}
		return header, unit{}, false
	}
	base, inside := m[1], strings.TrimSpace(m[2])
	if u, ok := parseUnit(inside); ok {
		return base, u, true
	}
	return header, unit{}, false
}

var perWord = regexp.MustCompile(`(?i)(^|[^a-z])per([^a-z]|$)|每`)

// parseUnit reads the text between the parentheses of a header.
func parseUnit(s string) (unit, bool) {
	if s == "" || perWord.MatchString(s) {
		// "per 1,000 live births" is a rate, not a scale of thousands.
		return unit{}, false
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "prozent", "percent", "per cent", "pct", "pourcentage", "百分比":
		return unit{suffix: "ratio", scale: "%"}, true
	case "1000", "1 000", "tsd", "tsd.", "tausend", "milliers":
		return unit{scale: "thousand"}, true
	case "mill.", "mio.", "mio", "millionen":
		return unit{scale: "million"}, true
	case "mrd.", "mrd", "milliarden":
		return unit{scale: "billion"}, true
	case "anzahl", "number", "count", "nombre":
		return unit{}, true
	}
	if strings.Contains(s, "%") || strings.Contains(s, "％") {
		rest := strings.NewReplacer("%", " ", "％", " ", "of ", " ", "in ", " ").Replace(s)
		return unit{suffix: "ratio", scale: "%", words: snake(rest)}, true
	}
	// Chinese: an optional scale, then a unit.
	if !isASCII(s) {
		scale := ""
		rest := s
		for _, sc := range chineseScales {
			if r, ok := strings.CutPrefix(s, sc); ok && r != "" {
				scale, rest = sc, r
				break
			}
		}
		if suffix, ok := chineseUnits[rest]; ok {
			return unit{suffix: suffix, scale: scale}, true
		}
		return unit{}, false
	}
	var u unit
	var words []string
	known := false
	tokens := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, w := range tokens {
		switch {
		case len(w) == 1 && len(tokens) > 1:
			// t, m, k are units only alone: (t) is tonnes, (DVB-T) is not.
			words = append(words, w)
		case englishScales[w] != "" && u.scale == "":
			u.scale, known = englishScales[w], true
		case englishUnits[w] != "" && u.suffix == "":
			u.suffix, known = englishUnits[w], true
		case w == "of" || w == "in" || w == "number" || w == "s":
		default:
			words = append(words, w)
		}
	}
	if !known {
		return unit{}, false
	}
	u.words = strings.Join(words, "_")
	return u, true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 128 {
			return false
		}
	}
	return true
}

// joinName joins name parts with underscores, skipping empty ones and a
// part the name already ends with (population + persons stays
// population_persons, but deaths + deaths is deaths).
func joinName(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p == "" {
			continue
		}
		if len(out) > 0 && (out[len(out)-1] == p || strings.HasSuffix(strings.Join(out, "_"), "_"+p)) {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, "_")
}

// reserved are the prefixes config refuses in figure names.
var reserved = []string{"figures_exporter_", "go_", "process_", "promhttp_"}

// validMetric makes s a metric name config accepts: not starting with a
// digit, not one of the exporter's own prefixes.
func validMetric(s string) string {
	if s == "" {
		s = "figures"
	}
	if s[0] >= '0' && s[0] <= '9' {
		s = "t_" + s
	}
	for _, p := range reserved {
		if strings.HasPrefix(s, p) {
			s = "table_" + s
		}
	}
	return s
}

// namer hands out names that are unique within their scope.
type namer map[string]bool

func (n namer) unique(s string) string {
	name := s
	for i := 2; n[name]; i++ {
		name = fmt.Sprintf("%s_%d", s, i)
	}
	n[name] = true
	return name
}
