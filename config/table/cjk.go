package table

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// The legacy encodings of East Asian statistics offices' downloads:
// GB18030/GBK (mainland China), Big5 (Taiwan, Hong Kong), Shift_JIS
// (Japan's e-Stat) and EUC-KR (Korea's KOSIS). Their byte ranges overlap
// so much that validity seldom decides: most Big5 and EUC-KR text is
// valid GBK. What decides is what the text says once decoded: the
// encoding it was written in gives the characters statistical tables
// are made of (年, 人口, 合计; 國, 縣, 總計; 都道府県, 総数; 시도, 인구, 계),
// any other gives characters drawn at random. The lists below are those
// characters, written by hand from the headers of such tables; a
// language model or dictionary would be heavier than this needs.
type cjkCandidate struct {
	name   string
	enc    encoding.Encoding
	what   string // the text the common characters are, for why
	common map[rune]bool
	kana   bool // kana count as common (Japanese)
}

func runeSet(s string) map[rune]bool {
	m := map[rune]bool{}
	for _, r := range s {
		if r != ' ' {
			m[r] = true
		}
	}
	return m
}

var cjkCandidates = []cjkCandidate{
	{name: "gb18030", enc: simplifiedchinese.GB18030, what: "characters of Chinese tables in simplified script (年, 国, 总计, 数)", common: runeSet(
		"年月日季度国省市县区乡镇村人口数总计合量值率额元万亿千百个产业生增长比上下同期全部中其他地方城农工商服务投资收入支出消费价格指标类别项目单位名称平均就学校医院居民户面积第一二三四备注来源统局家经济发展公司企金融税贸易进货物汽车电力能水气油粮食的和及与为在是有本外男女性龄岁以未满" +
			"北京天津河山西内蒙古辽宁吉林黑龙江上海苏浙安徽福建东南湖广重庆四川贵州云藏陕甘肃青夏新疆港澳台" +
			"地区指标名称生产总值固定资产投资社会消费品零售总额一般公共预算收入城镇居民人均可支配收入常住人口"),
	},
	{name: "big5", enc: traditionalchinese.Big5, what: "characters of Chinese tables in traditional script (年, 國, 總計, 數)", common: runeSet(
		"年月日季度國省市縣區鄉鎮村里人口數總計合量值率額元萬億千百個產業生增長比上下同期全部中其他地方城農工商服務投資收入支出消費價格指標類別項目單位名稱平均就學校醫院居民戶面積第一二三四備註來源統局家經濟發展公司企金融稅貿易進貨物汽車電力能水氣油糧食的和及與為在是有本外男女性齡歲以未滿" +
			"臺台灣北南新竹高雄彰化嘉義屏東宜蘭花蓮桃園苗栗雲林基隆澎湖門連江香港澳" +
			"地區指標名稱生產毛額國內所得家庭戶數人口就業失業物價指數"),
	},
	{name: "shift_jis", enc: japanese.ShiftJIS, what: "characters of Japanese tables (年, 都道府県, 総数, kana)", kana: true, common: runeSet(
		"年月日度人口数総計合全国都道府県市町村区郡男女世帯平成令和昭大正歳以上下未満率比増減前対当他価格指標名称単位値調査統計表分類項目" +
			"農林漁業工商建設製造卸小売運輸通信金融保険不動産公務医療福祉教育学校生徒児童死亡出婚姻離所得収入支出消費貯蓄労働雇用賃円万千百時間面積戸住宅事業所者額" +
			"北海道青森岩手宮城秋田山形福島茨栃木群馬埼玉千葉東京神奈川新潟富石井梨長野岐阜静岡愛知三重滋賀京大阪兵庫奈良和歌鳥取根広口徳香媛高佐熊本分崎鹿児沖縄"),
	},
	{name: "euc-kr", enc: korean.EUCKR, what: "syllables of Korean tables (시도, 인구, 계, 년)", common: runeSet(
		"계남여자인구수년월일시군도읍면동리별총전국서울부산대천광주경기강원충청북라제특치행정역세이상미만연령성비율명가호분합소중고등학교생사업체종원액금출입증감률지물단위만억개평균준항목통조의를은는에로과와및외타현황내택토농어림건설무회공장보험료병취실활노임용점" +
			"시도군구읍면동"),
	},
}

// detectCJK reads the sample in each East Asian encoding that decodes it
// without an invalid byte, and picks the one whose decoded text has the
// most common characters. ok is false when none has enough of them (a
// Western file, a file of few non-ASCII characters): the caller's
// GB18030-or-Windows-1252 judgement then decides.
func detectCJK(sample []byte) (name, why string, ok bool) {
	type score struct {
		c          *cjkCandidate
		hits, runs int
	}
	var scores []score
	for i := range cjkCandidates {
		c := &cjkCandidates[i]
		text, err := c.enc.NewDecoder().Bytes(sample)
		if err != nil || !utf8.Valid(text) || strings.ContainsRune(string(text), utf8.RuneError) {
			continue
		}
		sc := score{c: c}
		for _, r := range string(text) {
			if r < 0x80 {
				continue
			}
			sc.runs++
			if c.common[r] || c.kana && r >= 0x3041 && r <= 0x30FF {
				sc.hits++
			}
		}
		if sc.runs > 0 {
			scores = append(scores, sc)
		}
	}
	best, second := -1, -1
	ratio := func(s score) float64 { return float64(s.hits) / float64(s.runs) }
	for i, s := range scores {
		switch {
		case best < 0 || ratio(s) > ratio(scores[best]):
			best, second = i, best
		case second < 0 || ratio(s) > ratio(scores[second]):
			second = i
		}
	}
	// A fifth of the characters common, and at least six of them: real
	// tables give a half or more, a wrong decoding a few percent.
	if best < 0 || scores[best].hits < 6 || ratio(scores[best])*5 < 1 {
		return "", "", false
	}
	b := scores[best]
	why = fmt.Sprintf("it is not UTF-8, and read as %s %d of its %d non-ASCII characters are common %s", b.c.name, b.hits, b.runs, b.c.what)
	if second >= 0 {
		s := scores[second]
		if ratio(s)*2 > ratio(b) {
			// Too close to call: say so, and which else it may be.
			why += fmt.Sprintf("; but read as %s, %d of %d are common too: it may be %s, check the labels and give encoding: if they are wrong", s.c.name, s.hits, s.runs, s.c.name)
		} else {
			why += fmt.Sprintf(", against %d of %d read as %s", s.hits, s.runs, s.c.name)
		}
	}
	return b.c.name, why, true
}
