package dashboard

import (
	"regexp"
	"strings"
	"testing"
)

// What Grafana does with a dashboard variable in a Prometheus query, for
// the tests to run the queries a reader's selection makes. Written after
// Grafana's own rules, read in its sources:
//
//   - the variable references it replaces are those of VARIABLE_REGEX
//     (grafana/scenes, packages/scenes/src/variables/constants.ts): $name,
//     [[name]], [[name:format]], ${name}, ${name:format};
//   - the Prometheus data source formats a variable's values with its
//     interpolateQueryExpr (grafana/grafana,
//     packages/grafana-prometheus/src/escaping.ts): a variable that is
//     multi or has All has each value escaped by
//     prometheusSpecialRegexEscape, one value alone as it is, several
//     joined as (a|b);
//   - All, when the variable has a custom all value, is that value,
//     unformatted (CustomAllValue in grafana/scenes'
//     MultiValueVariable.ts); without one it is every option's value,
//     formatted as above.

// grafanaVariableRef is Grafana's VARIABLE_REGEX.
var grafanaVariableRef = regexp.MustCompile(`\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?\}`)

// selection is what a reader selected in each label variable, by the
// variable's name: its values, or All when absent or nil.
type selection map[string][]string

// escaping is one of the Prometheus data source's two regex escapes:
// classic, and the one behind the prometheusSpecialCharsInLabelValues
// feature toggle.
type escaping struct {
	name   string
	escape func(string) string
}

// regexMeta are the characters prometheusSpecialRegexEscape escapes: its
// /[$^*{}\[\]+?.()|]/, and the single quote under the feature toggle.
const regexMeta, regexMetaToggle = `$^*{}[]+?.()|`, `$^*{}[]'+?.()|`

var escapings = []escaping{
	{"classic", func(v string) string {
		// backslashes doubled twice (the regex's and the PromQL
		// string's), then each metacharacter preceded by an escaped
		// backslash.
		return escapeEach(strings.ReplaceAll(v, `\`, `\\\\`), regexMeta)
	}},
	{"prometheusSpecialCharsInLabelValues", func(v string) string {
		v = strings.ReplaceAll(v, `\`, `\\\\`)
		v = strings.ReplaceAll(v, `"`, `\\\"`)
		return escapeEach(v, regexMetaToggle)
	}},
}

func escapeEach(v, meta string) string {
	var b strings.Builder
	for _, r := range v {
		if strings.ContainsRune(meta, r) {
			b.WriteString(`\\`)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// interpolate replaces the label variables of d in expr as Grafana does
// for the selection, with the given escaping, leaving every other
// reference ($__interval) as it is.
func interpolate(t *testing.T, d jsonDashboard, expr string, sel selection, esc escaping) string {
	t.Helper()
	return grafanaVariableRef.ReplaceAllStringFunc(expr, func(ref string) string {
		m := grafanaVariableRef.FindStringSubmatch(ref)
		name := m[1] + m[2] + m[4]
		var v *jsonVariable
		for i := range d.Templating.List {
			if d.Templating.List[i].Name == name && d.Templating.List[i].Type == "query" {
				v = &d.Templating.List[i]
			}
		}
		if v == nil {
			return ref
		}
		if m[3] != "" || m[6] != "" {
			t.Fatalf("%s: the dashboard's queries use the data source's own format", ref)
		}
		values, picked := sel[name]
		if !picked || values == nil {
			if v.AllValue != "" {
				return v.AllValue
			}
			t.Fatalf("variable %s has no custom all value: All would be every option, which this test does not know", name)
		}
		if !v.Multi && !v.IncludeAll {
			t.Fatalf("variable %s is neither multi nor has All: Grafana would not regex-escape it", name)
		}
		escaped := make([]string, len(values))
		for i, value := range values {
			escaped[i] = esc.escape(value)
		}
		if len(escaped) == 1 {
			return escaped[0]
		}
		return "(" + strings.Join(escaped, "|") + ")"
	})
}

// TestInterpolateAsGrafana holds the helper above to the examples of
// Grafana's own tests of interpolateQueryExpr and its escapes.
func TestInterpolateAsGrafana(t *testing.T) {
	d := jsonDashboard{}
	d.Templating.List = []jsonVariable{{Type: "query", Name: "entity", Multi: true, IncludeAll: true, AllValue: ".*"}}
	for _, c := range []struct {
		sel  selection
		esc  int
		want string
	}{
		{selection{"entity": {"World"}}, 0, `x{entity=~"World"}`},
		{selection{"entity": {"a", "b"}}, 0, `x{entity=~"(a|b)"}`},
		{selection{}, 0, `x{entity=~".*"}`},
		// prometheusSpecialRegexEscape: "looking*glass" is
		// "looking\\\\*glass" in its tests' JS source, looking\\*glass.
		{selection{"entity": {"looking*glass"}}, 0, `x{entity=~"looking\\*glass"}`},
		{selection{"entity": {"Micronesia (country)", "St. Lucia"}}, 0, `x{entity=~"(Micronesia \\(country\\)|St\\. Lucia)"}`},
		{selection{"entity": {`back\slash`}}, 0, `x{entity=~"back\\\\slash"}`},
		{selection{"entity": {"Cote d'Ivoire"}}, 0, `x{entity=~"Cote d'Ivoire"}`},
		{selection{"entity": {"Cote d'Ivoire"}}, 1, `x{entity=~"Cote d\\'Ivoire"}`},
		{selection{"entity": {`say "hi"`}}, 1, `x{entity=~"say \\\"hi\\\""}`},
	} {
		if got := interpolate(t, d, `x{entity=~"$entity"}`, c.sel, escapings[c.esc]); got != c.want {
			t.Errorf("%v (%s): %s, want %s", c.sel, escapings[c.esc].name, got, c.want)
		}
	}
	if got := interpolate(t, d, `last_over_time(x{entity=~"${entity}"}[$__interval])`, selection{"entity": {"a"}}, escapings[0]); got != `last_over_time(x{entity=~"a"}[$__interval])` {
		t.Errorf("${entity}: %s", got)
	}
}
