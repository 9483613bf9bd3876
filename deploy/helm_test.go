package deploy_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/lint"
	"helm.sh/helm/v3/pkg/lint/support"
	"helm.sh/helm/v3/pkg/releaseutil"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/prometheus/exporter-toolkit/web"
	"golang.org/x/crypto/bcrypt"

	"github.com/figures-exporter/figures_exporter/config"
	"github.com/figures-exporter/figures_exporter/internal/e2e"
)

const (
	chartDir         = "helm/figures-exporter"
	chartRelease     = "figures"
	chartNamespace   = "monitoring"
	webConfigFlag    = "--web.config.file="
	chartRulesCopy   = "helm/figures-exporter/files/rules.yml"
	chartNotesSuffix = "NOTES.txt"
)

// chartRender is what the chart renders for one set of values: the objects,
// strictly decoded as for the kustomization, and the NOTES.txt text.
type chartRender struct {
	*manifests
	notes string
}

// renderChart renders the chart in dir in process, as `helm install figures
// <dir> -n monitoring -f values.yml` would (values merged with the chart's,
// checked against values.schema.json, templates executed), then decodes every
// object strictly into its API type.
func renderChart(dir, values string) (*chartRender, error) {
	ch, err := loader.Load(dir)
	if err != nil {
		return nil, err
	}
	vals, err := chartutil.ReadValues([]byte(values))
	if err != nil {
		return nil, fmt.Errorf("values: %w", err)
	}
	opts := chartutil.ReleaseOptions{Name: chartRelease, Namespace: chartNamespace, Revision: 1, IsInstall: true}
	top, err := chartutil.ToRenderValues(ch, vals, opts, chartutil.DefaultCapabilities)
	if err != nil {
		return nil, err
	}
	files, err := engine.Render(ch, top)
	if err != nil {
		return nil, err
	}
	r := &chartRender{manifests: &manifests{}}
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range files {
			if !yield(name) {
				return
			}
		}
	})
	for _, name := range names {
		if strings.HasSuffix(name, chartNotesSuffix) {
			r.notes = files[name]
			continue
		}
		docs := releaseutil.SplitManifests(files[name])
		for _, key := range slices.Sorted(func(yield func(string) bool) {
			for k := range docs {
				if !yield(k) {
					return
				}
			}
		}) {
			doc := strings.TrimSpace(docs[key])
			if isEmptyManifest(doc) {
				continue
			}
			if err := r.add([]byte(doc)); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	return r, nil
}

// isEmptyManifest reports whether doc holds nothing but comments, as a
// template disabled by its values renders.
func isEmptyManifest(doc string) bool {
	for line := range strings.Lines(doc) {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") {
			return false
		}
	}
	return true
}

// mustRenderChart renders the chart and wants one Deployment and Service.
func mustRenderChart(t *testing.T, values string) *chartRender {
	t.Helper()
	r, err := renderChart(chartDir, values)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.deployments) != 1 || len(r.services) != 1 {
		t.Fatalf("want one Deployment and one Service, got %d and %d", len(r.deployments), len(r.services))
	}
	return r
}

// chartAllOptions sets every option of the chart but existingConfigMap and
// webConfig.existingSecret (TestHelmChartExistingObjects): TLS and basic
// auth, the Operator's objects, scheduling, and figures whose bytes a naive
// template would change (tabs, leading spaces in a block, no last newline).
const chartAllOptions = `
replicaCount: 3
image:
  repository: registry.example/figures-exporter
  tag: "1.2.3"
  pullPolicy: Always
imagePullSecrets: [{name: registry-login}]
fullnameOverride: figures-exporter
configKey: public.yml
figures: "# the figures of 2011\nmetrics:\n  - name: aid_yuan\n    help: \"Aid, in yuan.\"\n    labels: [year]\t# a tab before a comment\n    figures:\n      - {year: \"2011\", value: 840264000}\n# a last line without its newline"
extraArgs: [--log.level=debug]
webConfig:
  enabled: true
  config:
    tls_server_config: {cert_file: tls/tls.crt, key_file: tls/tls.key, min_version: TLS12}
    basic_auth_users: {prometheus: $2a$10$AOfplz4BBWIZLfrQgy3oD.ZUJG6I5lqgnzgqTST3Da3R/.3n9BJIi}
  tlsSecret: figures-tls
  probeHeaders:
    - {name: Authorization, value: "Basic cHJvbWV0aGV1czpjaGFuZ2UgbWU="}
service:
  annotations: {example.com/owner: statistics}
readinessProbe:
  httpGet: {path: /-/ready, port: http-metrics}
  periodSeconds: 5
  timeoutSeconds: 2
podAnnotations: {example.com/team: statistics}
podLabels: {team: statistics}
nodeSelector: {kubernetes.io/os: linux}
tolerations: [{key: dedicated, operator: Equal, value: monitoring, effect: NoSchedule}]
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector: {matchLabels: {app.kubernetes.io/name: figures-exporter}}
topologySpreadConstraints:
  - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app.kubernetes.io/name: figures-exporter}}}
priorityClassName: monitoring
serviceMonitor:
  enabled: true
  additionalLabels: {release: kube-prometheus-stack}
  interval: 1m
  scrapeTimeout: 10s
  tlsConfig:
    ca: {secret: {name: figures-ca, key: ca.crt}}
    serverName: figures-exporter.monitoring.svc
  basicAuth:
    username: {name: figures-scrape, key: user}
    password: {name: figures-scrape, key: password}
prometheusRule:
  enabled: true
  additionalLabels: {release: kube-prometheus-stack}
`

// TestHelmChartDefaults renders the chart with its default values and checks
// the same promises as the kustomization, with the same checks.
func TestHelmChartDefaults(t *testing.T) {
	r := mustRenderChart(t, "")
	d, s := r.deployments[0], r.services[0]
	for _, p := range checkDeployment(d, r.configMaps, kustomizationWant) {
		t.Error(p)
	}
	for _, p := range checkService(s, d) {
		t.Error(p)
	}
	if n := len(r.serviceMonitors) + len(r.prometheusRules) + len(r.secrets); n != 0 {
		t.Errorf("by default: want no ServiceMonitor, PrometheusRule or Secret (the Operator may be absent), got %d", n)
	}
	if len(r.configMaps) != 1 {
		t.Fatalf("want one ConfigMap, got %d", len(r.configMaps))
	}
	if flagValue(d.Spec.Template.Spec.Containers[0].Args, webConfigFlag) != "" {
		t.Error("by default: want no --web.config.file")
	}
	// The default figures are deploy/kubernetes/figures.yml's: the exporter
	// loads them and serves the same series.
	file := filepath.Join(t.TempDir(), "figures.yml")
	writeFile(t, file, r.configMaps[0].Data["figures.yml"])
	set, err := config.Load(file, config.Options{})
	if err != nil {
		t.Fatalf("the exporter rejects the chart's default figures: %v", err)
	}
	if set.Series() != len(kubernetesFiguresSeries) {
		t.Errorf("the chart's default figures have %d series, want %d as deploy/kubernetes/figures.yml", set.Series(), len(kubernetesFiguresSeries))
	}
}

// TestHelmChartAllOptions renders the chart with every option set.
func TestHelmChartAllOptions(t *testing.T) {
	r := mustRenderChart(t, chartAllOptions)
	d, s := r.deployments[0], r.services[0]
	for _, p := range checkDeployment(d, r.configMaps, deploymentWant{replicas: 3, image: "registry.example/figures-exporter:1.2.3"}) {
		t.Error(p)
	}
	for _, p := range checkService(s, d) {
		t.Error(p)
	}
	if len(r.serviceMonitors) != 1 || len(r.prometheusRules) != 1 || len(r.secrets) != 1 || len(r.configMaps) != 1 {
		t.Fatalf("want one ServiceMonitor, PrometheusRule, Secret and ConfigMap; got %d, %d, %d, %d",
			len(r.serviceMonitors), len(r.prometheusRules), len(r.secrets), len(r.configMaps))
	}
	sm := r.serviceMonitors[0]
	for _, p := range checkServiceMonitor(sm, s) {
		t.Error(p)
	}
	for _, p := range checkPrometheusRule(r.prometheusRules[0], repoAlertRules(t)) {
		t.Error(p)
	}
	for _, p := range checkWebConfig(d, r.secrets, true) {
		t.Error(p)
	}

	var values struct {
		Figures string `json:"figures"`
	}
	if err := yaml.Unmarshal([]byte(chartAllOptions), &values); err != nil {
		t.Fatal(err)
	}
	if got := r.configMaps[0].Data["public.yml"]; got != values.Figures {
		t.Errorf("the ConfigMap changed the figures file:\n got %q\nwant %q", got, values.Figures)
	}
	c := d.Spec.Template.Spec.Containers[0]
	if !slices.Contains(c.Args, "--log.level=debug") {
		t.Errorf("args %q: want extraArgs", c.Args)
	}
	if c.ImagePullPolicy != corev1.PullAlways {
		t.Errorf("imagePullPolicy %q, want Always", c.ImagePullPolicy)
	}
	if p := c.ReadinessProbe; p.PeriodSeconds != 5 || p.TimeoutSeconds != 2 {
		t.Errorf("readinessProbe %+v: want periodSeconds 5, timeoutSeconds 2 from values", p)
	}
	pod := d.Spec.Template
	if pod.Labels["team"] != "statistics" || pod.Annotations["example.com/team"] != "statistics" ||
		pod.Spec.NodeSelector["kubernetes.io/os"] != "linux" || len(pod.Spec.Tolerations) != 1 ||
		pod.Spec.Affinity == nil || len(pod.Spec.TopologySpreadConstraints) != 1 ||
		pod.Spec.PriorityClassName != "monitoring" || len(pod.Spec.ImagePullSecrets) != 1 {
		t.Errorf("pod template misses a scheduling or metadata value: %+v", pod)
	}
	if s.Annotations["example.com/owner"] != "statistics" {
		t.Errorf("service annotations %v", s.Annotations)
	}

	ep := sm.Spec.Endpoints[0]
	if ep.Scheme == nil || !strings.EqualFold(ep.Scheme.String(), "https") || ep.TLSConfig == nil || ep.BasicAuth == nil {
		t.Errorf("servicemonitor endpoint %+v: want scheme https with the tlsConfig and basicAuth of the values", ep)
	}
	if ep.Interval != "1m" || ep.ScrapeTimeout != "10s" {
		t.Errorf("servicemonitor interval %q, scrapeTimeout %q: want 1m and 10s", ep.Interval, ep.ScrapeTimeout)
	}
	for _, meta := range []metav1.ObjectMeta{sm.ObjectMeta, r.prometheusRules[0].ObjectMeta} {
		if meta.Labels["release"] != "kube-prometheus-stack" {
			t.Errorf("%s: labels %v, want additionalLabels", meta.Name, meta.Labels)
		}
	}
	if !strings.Contains(r.notes, "https://127.0.0.1:10187/figures") {
		t.Errorf("NOTES.txt says plain HTTP to an HTTPS exporter:\n%s", r.notes)
	}
}

// checkWebConfig follows --web.config.file to a Secret that holds it, and
// wants the probes on HTTPS when the exporter serves TLS (the kubelet's
// plain HTTP would get 400 and never see the pod ready).
func checkWebConfig(d *appsv1.Deployment, secrets []*corev1.Secret, https bool) problems {
	var p problems
	pod := d.Spec.Template.Spec
	c := pod.Containers[0]
	file := flagValue(c.Args, webConfigFlag)
	if file == "" {
		p.addf("args %q: want %s", c.Args, webConfigFlag)
		return p
	}
	dir, key := path.Split(file)
	mount := mountedDir(c, dir)
	if mount == nil || mount.SubPath != "" || !mount.ReadOnly {
		p.addf("volumeMounts: want a read-only directory mount at %s, the directory of %s", dir, file)
		return p
	}
	found := false
	for _, v := range pod.Volumes {
		if v.Name != mount.Name || v.Projected == nil {
			continue
		}
		for _, src := range v.Projected.Sources {
			if src.Secret == nil {
				continue
			}
			for _, item := range src.Secret.Items {
				if item.Path == key {
					found = slices.ContainsFunc(secrets, func(s *corev1.Secret) bool {
						_, ok := s.StringData[item.Key]
						return s.Name == src.Secret.Name && ok
					})
				}
			}
		}
	}
	if !found {
		p.addf("volume %s: no rendered Secret provides %s", mount.Name, key)
	}
	for name, probe := range map[string]*corev1.Probe{"readinessProbe": c.ReadinessProbe, "livenessProbe": c.LivenessProbe} {
		if https && (probe == nil || probe.HTTPGet == nil || probe.HTTPGet.Scheme != corev1.URISchemeHTTPS) {
			p.addf("%s: want scheme HTTPS, the exporter serves TLS", name)
		}
	}
	return p
}

// TestHelmChartExistingObjects uses a ConfigMap and a web config Secret that
// the operator manages: the chart renders neither and mounts both.
func TestHelmChartExistingObjects(t *testing.T) {
	r := mustRenderChart(t, `
existingConfigMap: my-figures
webConfig: {enabled: true, existingSecret: my-web-config, tls: true}
`)
	if len(r.configMaps) != 0 || len(r.secrets) != 0 {
		t.Fatalf("want no ConfigMap and no Secret, got %d and %d", len(r.configMaps), len(r.secrets))
	}
	mine := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "my-figures"}, Data: map[string]string{"figures.yml": ""}}
	for _, p := range checkDeployment(r.deployments[0], []*corev1.ConfigMap{mine}, kustomizationWant) {
		t.Error(p)
	}
	webSecret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "my-web-config"}, StringData: map[string]string{"web.yml": ""}}
	for _, p := range checkWebConfig(r.deployments[0], []*corev1.Secret{webSecret}, true) {
		t.Error(p)
	}
	if !strings.Contains(r.notes, "editing ConfigMap my-figures") {
		t.Errorf("NOTES.txt does not say where the figures are:\n%s", r.notes)
	}
}

// TestHelmChartSameContainerAsKustomization: with default values the chart
// runs the same container (image aside) in the same pod security context as
// deploy/kubernetes, so the two cannot drift apart.
func TestHelmChartSameContainerAsKustomization(t *testing.T) {
	kust := renderRepo(t).deployments[0].Spec.Template.Spec
	for _, p := range samePod(mustRenderChart(t, "").deployments[0].Spec.Template.Spec, kust) {
		t.Error(p)
	}
	// The comparison sees a value that drifts.
	for _, values := range []string{"resources: {limits: {cpu: 300m}}", "extraArgs: [--log.level=debug]", "livenessProbe: {failureThreshold: 4}"} {
		if len(samePod(mustRenderChart(t, values).deployments[0].Spec.Template.Spec, kust)) == 0 {
			t.Errorf("with %s: no difference found", values)
		}
	}
}

// samePod compares the exporter's container (image aside) and the pod's
// security settings.
func samePod(chart, kust corev1.PodSpec) problems {
	var p problems
	cc, kc := chart.Containers[0], kust.Containers[0]
	cc.Image, kc.Image = "", ""
	if !reflect.DeepEqual(cc, kc) {
		a, _ := yaml.Marshal(cc)
		b, _ := yaml.Marshal(kc)
		p.addf("the chart's container differs from the kustomization's:\n--- chart\n%s\n--- kustomization\n%s", a, b)
	}
	if !reflect.DeepEqual(chart.SecurityContext, kust.SecurityContext) {
		p.addf("pod securityContext: chart %+v, kustomization %+v", chart.SecurityContext, kust.SecurityContext)
	}
	if !reflect.DeepEqual(chart.AutomountServiceAccountToken, kust.AutomountServiceAccountToken) {
		p.addf("automountServiceAccountToken differs")
	}
	return p
}

// TestHelmChartRulesFile keeps the chart's copy of the alerting rules equal
// to deploy/prometheus/rules.yml, which promtool tests: .Files reaches only
// files inside the chart, and a packaged chart must carry its own.
func TestHelmChartRulesFile(t *testing.T) {
	if readFile(t, chartRulesCopy) != readFile(t, filepath.Join(promDir, "rules.yml")) {
		t.Errorf("%s differs from %s: copy it again", chartRulesCopy, filepath.Join(promDir, "rules.yml"))
	}
}

// TestHelmChartNotes: NOTES.txt tells how to reach the figures.
func TestHelmChartNotes(t *testing.T) {
	notes := mustRenderChart(t, "").notes
	for _, want := range []string{
		"kubectl --namespace monitoring port-forward service/figures-figures-exporter 10187:10187",
		"curl http://127.0.0.1:10187/metrics",
		"curl http://127.0.0.1:10187/figures",
		"--set-file figures=figures.yml",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("NOTES.txt lacks %q:\n%s", want, notes)
		}
	}
}

// TestHelmChartLint runs Helm's linter on the chart, with the default values
// and with every option set, and wants nothing above an informational note.
func TestHelmChartLint(t *testing.T) {
	for name, values := range map[string]string{"defaults": "", "all options": chartAllOptions} {
		t.Run(name, func(t *testing.T) {
			vals, err := chartutil.ReadValues([]byte(values))
			if err != nil {
				t.Fatal(err)
			}
			linter := lint.All(chartDir, vals, chartNamespace, true)
			for _, m := range linter.Messages {
				if m.Severity > support.InfoSev {
					t.Error(m)
				} else {
					t.Log(m)
				}
			}
		})
	}
}

// TestHelmChartLintRejects shows the linter failing on a broken copy.
func TestHelmChartLintRejects(t *testing.T) {
	dir := copyChart(t)
	dep := filepath.Join(dir, "templates", "deployment.yaml")
	writeFile(t, dep, replaceOnce(t, readFile(t, dep), "      containers:\n", "      containers:\n  {{ .Values.replicaCount\n"))
	linter := lint.All(dir, nil, chartNamespace, true)
	if linter.HighestSeverity < support.ErrorSev {
		t.Errorf("the linter accepted a template that does not parse: %v", linter.Messages)
	}
}

// copyChart copies the chart into a temporary directory.
func copyChart(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "figures-exporter")
	if err := os.CopyFS(dst, os.DirFS(chartDir)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestHelmChartValuesMutations sets values an operator might set by mistake
// and wants each caught: by the shared checks when the chart renders a
// weaker Deployment, by the schema or the templates when it cannot render.
func TestHelmChartValuesMutations(t *testing.T) {
	caught := []struct{ name, values, want string }{
		{"no container securityContext", "securityContext: null", "container securityContext: missing"},
		{"writable root", "securityContext: {readOnlyRootFilesystem: false}", "readOnlyRootFilesystem"},
		{"capabilities kept", "securityContext: {capabilities: null}", "capabilities"},
		{"privilege escalation", "securityContext: {allowPrivilegeEscalation: true}", "allowPrivilegeEscalation"},
		{"root user", "securityContext: {runAsUser: 0}", "runAsUser"},
		{"no seccomp", "securityContext: {seccompProfile: null}", "seccompProfile"},
		{"no pod securityContext", "podSecurityContext: null", "runAsNonRoot"},
		{"no readiness probe", "readinessProbe: null", "readinessProbe"},
		{"liveness on ready", "livenessProbe: {httpGet: {path: /-/ready}}", "livenessProbe"},
		{"probe on another port", "readinessProbe: {httpGet: {port: 9090}}", "readinessProbe"},
		{"probe by TCP", "livenessProbe: {httpGet: null, tcpSocket: {port: http-metrics}}", "livenessProbe"},
		{"no memory limit", "resources: {limits: {memory: null}}", "memory"},
		{"request over limit", "resources: {requests: {cpu: 1}}", "cpu"},
		{"figures key outside the ConfigMap", "extraArgs: [--config.file=/etc/other/figures.yml]", "volumeMounts"},
	}
	for _, c := range caught {
		t.Run(c.name, func(t *testing.T) {
			r := mustRenderChart(t, c.values)
			got := checkDeployment(r.deployments[0], r.configMaps, kustomizationWant)
			if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, c.want) }) {
				t.Errorf("want a problem mentioning %q, got %q", c.want, got)
			}
		})
	}

	t.Run("job label the rules do not select", func(t *testing.T) {
		r := mustRenderChart(t, "serviceMonitor: {enabled: true, jobLabel: figures-exporter}")
		if len(checkServiceMonitor(r.serviceMonitors[0], r.services[0])) == 0 {
			t.Error("no problem found")
		}
	})
	t.Run("plain HTTP probes of a TLS exporter", func(t *testing.T) {
		r := mustRenderChart(t, "webConfig: {enabled: true, existingSecret: web}")
		webSecret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "web"}, StringData: map[string]string{"web.yml": ""}}
		if len(checkWebConfig(r.deployments[0], []*corev1.Secret{webSecret}, true)) == 0 {
			t.Error("no problem found")
		}
	})

	refused := []struct{ name, values, want string }{
		{"replicas not a number", `replicaCount: "two"`, "replicaCount"},
		{"securityContext not a map", `securityContext: "restricted"`, "securityContext"},
		{"figures not a string", "figures: {metrics: []}", "figures"},
		{"port out of range", "service: {port: 70000}", "port"},
		{"unknown pull policy", "image: {pullPolicy: Sometimes}", "pullPolicy"},
		{"no figures", `figures: ""`, "figures is empty"},
		{"web config without a file", "webConfig: {enabled: true}", "webConfig.config"},
		{"basic auth the probes cannot pass", "webConfig: {enabled: true, config: {basic_auth_users: {u: x}}}", "probeHeaders"},
		{"misspelled value", "replicas: 3", "replicas"},
		{"misspelled nested value", "serviceMonitor: {enable: true}", "enable"},
		{"unknown field through values", "readinessProbe: {httpGet: {path: /-/ready, port: http-metrics}, periodSecond: 10}", "periodSecond"},
		{"malformed quantity", "resources: {limits: {memory: 64MiB}}", "quantities must match"},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			_, err := renderChart(chartDir, c.values)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("want an error mentioning %q, got %v", c.want, err)
			}
		})
	}
}

// TestHelmChartWebConfigFiles lays the web-config volume out as the kubelet
// would project it (the rendered web.yml, and a TLS Secret's tls.crt and
// tls.key under tls/) and has exporter-toolkit validate it, as the exporter
// does before it listens: the relative paths in the values reach the
// certificate. The probes' Authorization header must pass the basic auth of
// the same file, or the pods would never be ready.
func TestHelmChartWebConfigFiles(t *testing.T) {
	r := mustRenderChart(t, chartAllOptions)
	tlsFiles := e2e.GenerateTLS(t)
	dir := projectWebConfig(t, r, tlsFiles)
	pod := r.deployments[0].Spec.Template.Spec
	webYML := filepath.Join(dir, "web.yml")
	if err := web.Validate(webYML); err != nil {
		t.Fatalf("exporter-toolkit rejects the projected web config: %v", err)
	}

	var cfg struct {
		Users map[string]string `json:"basic_auth_users"`
	}
	if err := yaml.Unmarshal([]byte(readFile(t, webYML)), &cfg); err != nil {
		t.Fatal(err)
	}
	header := pod.Containers[0].ReadinessProbe.HTTPGet.HTTPHeaders[0]
	req := &http.Request{Header: http.Header{header.Name: {header.Value}}}
	user, password, ok := req.BasicAuth()
	if !ok || bcrypt.CompareHashAndPassword([]byte(cfg.Users[user]), []byte(password)) != nil {
		t.Errorf("the probes' %s header does not pass the basic auth of web.yml", header.Name)
	}

	t.Run("a path the volume does not have", func(t *testing.T) {
		writeFile(t, webYML, strings.ReplaceAll(readFile(t, webYML), "tls/tls.crt", "tls.crt"))
		if web.Validate(webYML) == nil {
			t.Error("exporter-toolkit accepted a certificate path that is not in the volume")
		}
	})
}

// TestHelmChartDocsExample renders the values docs/deployment.md shows for
// TLS and basic auth, and wants them to pass the same checks.
func TestHelmChartDocsExample(t *testing.T) {
	doc := readFile(t, "../docs/deployment.md")
	_, helm, ok := strings.Cut(doc, "\n## Helm\n")
	if !ok {
		t.Fatal("docs/deployment.md has no Helm section")
	}
	_, block, ok := strings.Cut(helm, "```yaml\n")
	if !ok {
		t.Fatal("the Helm section has no yaml block")
	}
	values, _, _ := strings.Cut(block, "```")
	r := mustRenderChart(t, values)
	for _, p := range checkDeployment(r.deployments[0], r.configMaps, kustomizationWant) {
		t.Error(p)
	}
	for _, p := range checkWebConfig(r.deployments[0], r.secrets, true) {
		t.Error(p)
	}
}

// projectWebConfig lays the web-config volume of the rendered Deployment out
// in a temporary directory as the kubelet would project it: the rendered
// Secret's web.yml, and tlsFiles as the Secret figures-tls of chartAllOptions.
func projectWebConfig(t *testing.T, r *chartRender, tlsFiles e2e.TLSFiles) string {
	t.Helper()
	secretData := map[string]map[string]string{
		r.secrets[0].Name: r.secrets[0].StringData,
		"figures-tls":     {"tls.crt": readFile(t, tlsFiles.CertFile), "tls.key": readFile(t, tlsFiles.KeyFile)},
	}
	dir := t.TempDir()
	for _, v := range r.deployments[0].Spec.Template.Spec.Volumes {
		if v.Name != "web-config" {
			continue
		}
		for _, src := range v.Projected.Sources {
			for _, item := range src.Secret.Items {
				data, ok := secretData[src.Secret.Name][item.Key]
				if !ok {
					t.Fatalf("secret %s has no key %s", src.Secret.Name, item.Key)
				}
				writeFile(t, filepath.Join(dir, item.Path), data)
			}
		}
	}
	return dir
}

// TestHelmChartServes runs the exporter as the chart with every option
// configures it: its arguments, the figures ConfigMap laid out as the kubelet
// lays out a volume, the projected web config with a real certificate. The
// exporter becomes ready through the probes' scheme and header, serves the
// figures of the values over HTTPS with basic auth, refuses a request
// without a user, and serves a ConfigMap update without a restart.
func TestHelmChartServes(t *testing.T) {
	r := mustRenderChart(t, chartAllOptions)
	tlsFiles := e2e.GenerateTLS(t)
	webDir := projectWebConfig(t, r, tlsFiles)
	figures := newConfigMapVolume(t, r.configMaps[0].Data)
	c := r.deployments[0].Spec.Template.Spec.Containers[0]
	var args []string
	for _, a := range c.Args {
		a = strings.Replace(a, "=/etc/figures-web/", "="+webDir+"/", 1)
		a = strings.Replace(a, "=/etc/figures/", "="+figures.dir+"/", 1)
		args = append(args, a)
	}
	header := c.ReadinessProbe.HTTPGet.HTTPHeaders[0]
	user, password, ok := (&http.Request{Header: http.Header{header.Name: {header.Value}}}).BasicAuth()
	if !ok {
		t.Fatalf("probe header %s is not basic auth", header.Name)
	}
	access := e2e.Access{Scheme: strings.ToLower(string(c.ReadinessProbe.HTTPGet.Scheme)), Client: tlsFiles.Client(), Username: user, Password: password}
	e := e2e.StartSecureExporter(t, e2e.BuildExporter(t), access, args...)

	get := func(a e2e.Access, path string) (int, string) {
		t.Helper()
		resp, err := a.Client.Do(a.Request(t.Context(), http.MethodGet, e.URL+path))
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(body)
	}
	if code, body := get(access, "/metrics"); code != http.StatusOK || !strings.Contains(body, `aid_yuan{year="2011"} 8.40264e+08`) {
		t.Fatalf("GET /metrics: %d, want 200 with the figures of the values:\n%s", code, body)
	}
	if code, _ := get(e2e.Access{Client: access.Client}, "/metrics"); code != http.StatusUnauthorized {
		t.Errorf("GET /metrics without a user: %d, want 401", code)
	}

	key := strings.TrimPrefix(flagValue(c.Args, configFileFlag), "/etc/figures/")
	figures.update(t, map[string]string{key: replaceOnce(t, r.configMaps[0].Data[key], "value: 840264000", "value: 123")})
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, body := get(access, "/metrics")
		if strings.Contains(body, `aid_yuan{year="2011"} 123`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the updated ConfigMap was not served within 30s:\n%s", e.Stderr())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
