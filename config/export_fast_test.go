package config

// CheckFast is checkFast, for the tests of package config_test that read
// files written by internal/synth (which imports config).
func CheckFast(data []byte, syntax string) (accepted bool, err error) {
	return checkFast(data, syntax)
}

// ReadFast runs the reader of syntax ("yaml" or "json") alone and
// returns how many nodes it made, for benchmarks.
func ReadFast(data []byte, syntax string) (nodes int, ok bool) {
	var d *document
	if syntax == "json" {
		var problems problemList
		d = readJSON(data, &problems)
		ok = d != nil
	} else {
		d, ok = readYAMLFast(data)
	}
	if !ok {
		return 0, false
	}
	return len(d.nodes), true
}

// CPUTime is cpuTime, for the benchmarks of package config_test.
var CPUTime = cpuTime
