package infer

import (
	"strings"
	"testing"
)

// csvGrid splits a small CSV without quotes, for tests.
func csvGrid(name, text string) *grid {
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		rows = append(rows, strings.Split(l, ","))
	}
	return &grid{name: name, path: "tables/" + name, rows: rows}
}

func TestPrintShapes(t *testing.T) {
	for _, g := range []*grid{
		csvGrid("disasters.csv", "Entity,Code,Year,Deaths\nWorld,OWID_WRL,1990,1000\nChina,CHN,1990,..\nChina,CHN,1991,12\n"),
		csvGrid("gdp.csv", "表1 主要指标,,,\n单位：亿元,,,\n指标,2021年,2022年,2023年\n国内生产总值(亿元),1143669.7,1210207.2,1260582.1\n农村贫困人口(万人),-,-,-\n年末总人口(万人),141260,141175,140967\n注：数据来源于国家统计局。,,,\n"),
		csvGrid("wb.csv", "Data Source,World Development Indicators,,,,\n,,,,,\nCountry Name,Country Code,Indicator Name,Indicator Code,2020,2021,\nAruba,ABW,GDP (current US$),NY.GDP.MKTP.CD,2610039106.1,3126019385.5,\nChina,CHN,GDP (current US$),NY.GDP.MKTP.CD,,17820459508852.2,\n"),
		csvGrid("states.csv", "state,fips,population,engineers (thousands),share (%)\nAlabama,01,5000000,12.5,3.4\nTotal,00,330000000,1800,100\n"),
		csvGrid("sdmx.csv", "DATAFLOW,FREQ,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT\nX:Y(1.0),A,FR,2020,12.5,A,6\nX:Y(1.0),A,FR,2021,,M,6\n"),
	} {
		res, err := fromGrids([]*grid{g})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s\n%s", res.File, res.Summary())
	}
}
