package deploy_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"

	"github.com/figures-exporter/figures_exporter/config"
)

const k8sDir = "kubernetes"

// renderRepo renders deploy/kubernetes and expects one object of each kind.
func renderRepo(t *testing.T) *manifests {
	t.Helper()
	m, err := render(k8sDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.deployments) != 1 || len(m.services) != 1 || len(m.configMaps) != 1 || len(m.serviceMonitors) != 1 || len(m.prometheusRules) != 1 {
		t.Fatalf("want one Deployment, Service, ConfigMap, ServiceMonitor and PrometheusRule; got %d, %d, %d, %d, %d",
			len(m.deployments), len(m.services), len(m.configMaps), len(m.serviceMonitors), len(m.prometheusRules))
	}
	return m
}

// TestKubernetesManifests renders the kustomization, strictly decodes every
// object into its API type, and checks what the deployment promises.
func TestKubernetesManifests(t *testing.T) {
	m := renderRepo(t)
	d, s := m.deployments[0], m.services[0]
	for _, p := range checkDeployment(d, m.configMaps, kustomizationWant) {
		t.Error(p)
	}
	for _, p := range checkService(s, d) {
		t.Error(p)
	}
	for _, p := range checkServiceMonitor(m.serviceMonitors[0], s) {
		t.Error(p)
	}
	for _, p := range checkPrometheusRule(m.prometheusRules[0], repoAlertRules(t)) {
		t.Error(p)
	}
}

// TestKubernetesFiguresFile checks that the figures the ConfigMap carries are
// the file in the repository, byte for byte, and that the exporter's own
// loader accepts them. TestImage serves them from the real image too.
func TestKubernetesFiguresFile(t *testing.T) {
	m := renderRepo(t)
	path := filepath.Join(k8sDir, "figures.yml")
	if got, want := m.configMaps[0].Data["figures.yml"], readFile(t, path); got != want {
		t.Errorf("ConfigMap figures.yml differs from %s", path)
	}
	set, err := config.Load(path, config.Options{})
	if err != nil {
		t.Fatalf("the exporter rejects %s: %v", path, err)
	}
	if set.Series() != len(kubernetesFiguresSeries) {
		t.Errorf("%s has %d series, want %d (update kubernetesFiguresSeries)", path, set.Series(), len(kubernetesFiguresSeries))
	}
}

// kubernetesFiguresSeries is how the exporter serves deploy/kubernetes/figures.yml.
var kubernetesFiguresSeries = []string{
	`aid_yuan{year="2011"} 8.40264e+08`,
	`social_donations_yuan{year="2011",form="cash"} 5.99949e+07`,
	`social_donations_yuan{year="2011",form="in_kind"} 4.55788e+07`,
}

// deploymentArgs returns the exporter's arguments in the Deployment.
func deploymentArgs(t *testing.T) []string {
	t.Helper()
	m, err := render(k8sDir)
	if err != nil {
		t.Fatal(err)
	}
	return m.deployments[0].Spec.Template.Spec.Containers[0].Args
}

// TestStrictDecodingRejects shows that the validator fails on what kustomize
// lets through: unknown fields at any depth, field names in the wrong case,
// duplicate keys, malformed quantities, invalid names, unknown kinds.
func TestStrictDecodingRejects(t *testing.T) {
	m := renderRepo(t)
	good, err := yaml.Marshal(m.deployments[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := decodeOne(t, string(good)); err != nil {
		t.Fatalf("the rendered Deployment does not decode back: %v", err)
	}
	sm := readFile(t, filepath.Join(k8sDir, "servicemonitor.yaml"))
	dep := readFile(t, filepath.Join(k8sDir, "deployment.yaml"))
	cases := map[string]string{
		"unknown Deployment field":     replaceOnce(t, dep, "  replicas: 2", "  replica: 2"),
		"unknown container field":      replaceOnce(t, dep, "          imagePullPolicy:", "          imagePulPolicy:"),
		"field name case":              replaceOnce(t, dep, "            readOnlyRootFilesystem: true", "            readOnlyRootFileSystem: true"),
		"duplicate key":                replaceOnce(t, dep, "  replicas: 2", "  replicas: 2\n  replicas: 3"),
		"malformed quantity":           replaceOnce(t, dep, "memory: 64Mi", "memory: 64MiB"),
		"wrong type":                   replaceOnce(t, dep, "  replicas: 2", `  replicas: "two"`),
		"invalid name":                 replaceOnce(t, dep, "  name: figures-exporter\n  labels", "  name: Figures_Exporter\n  labels"),
		"unknown ServiceMonitor field": replaceOnce(t, sm, "      interval: 30s", "      interval: 30s\n      scrapeTimout: 10s"),
		"unknown kind":                 "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n",
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			if err := decodeOne(t, doc); err == nil {
				t.Error("the validator accepted it")
			}
		})
	}
}

// TestKustomizationRejectsBrokenCopy runs the whole path, render and decode,
// on a copy of deploy/kubernetes with one unknown field, and on one whose
// kustomization names a missing file.
func TestKustomizationRejectsBrokenCopy(t *testing.T) {
	files := []string{"kustomization.yaml", "deployment.yaml", "service.yaml", "servicemonitor.yaml", "prometheusrule.yaml", "figures.yml"}
	t.Run("unknown field", func(t *testing.T) {
		dir := copyFiles(t, k8sDir, files...)
		svc := filepath.Join(dir, "service.yaml")
		writeFile(t, svc, replaceOnce(t, readFile(t, svc), "      targetPort: http-metrics", "      targetPort: http-metrics\n      nodePorts: 30187"))
		if _, err := render(dir); err == nil || !strings.Contains(err.Error(), "nodePorts") {
			t.Errorf("want an error naming the unknown field, got %v", err)
		}
	})
	t.Run("missing resource", func(t *testing.T) {
		dir := copyFiles(t, k8sDir, files...)
		if err := os.Remove(filepath.Join(dir, "servicemonitor.yaml")); err != nil {
			t.Fatal(err)
		}
		if _, err := render(dir); err == nil {
			t.Error("rendered a kustomization with a missing resource")
		}
	})
}

// TestKubernetesChecksCatchRegressions removes, one at a time, each promise
// that TestKubernetesManifests checks, and expects the matching problem.
func TestKubernetesChecksCatchRegressions(t *testing.T) {
	m := renderRepo(t)
	container := func(d *appsv1.Deployment) *corev1.Container { return &d.Spec.Template.Spec.Containers[0] }
	cases := []struct {
		name, want string
		mutate     func(d *appsv1.Deployment)
	}{
		{"one replica", "replicas", func(d *appsv1.Deployment) { one := int32(1); d.Spec.Replicas = &one }},
		{"writable root", "readOnlyRootFilesystem", func(d *appsv1.Deployment) { container(d).SecurityContext.ReadOnlyRootFilesystem = nil }},
		{"privilege escalation", "allowPrivilegeEscalation", func(d *appsv1.Deployment) {
			yes := true
			container(d).SecurityContext.AllowPrivilegeEscalation = &yes
		}},
		{"capabilities kept", "capabilities", func(d *appsv1.Deployment) { container(d).SecurityContext.Capabilities.Drop = nil }},
		{"capability added", "capabilities", func(d *appsv1.Deployment) {
			container(d).SecurityContext.Capabilities.Add = []corev1.Capability{"NET_BIND_SERVICE"}
		}},
		{"root user", "runAsUser", func(d *appsv1.Deployment) { root := int64(0); container(d).SecurityContext.RunAsUser = &root }},
		{"no seccomp", "seccompProfile", func(d *appsv1.Deployment) { container(d).SecurityContext.SeccompProfile = nil }},
		{"pod may run as root", "runAsNonRoot", func(d *appsv1.Deployment) { d.Spec.Template.Spec.SecurityContext.RunAsNonRoot = nil }},
		{"no readiness probe", "readinessProbe", func(d *appsv1.Deployment) { container(d).ReadinessProbe = nil }},
		{"liveness on ready", "livenessProbe", func(d *appsv1.Deployment) { container(d).LivenessProbe.HTTPGet.Path = "/-/ready" }},
		{"probe on wrong port", "readinessProbe", func(d *appsv1.Deployment) {
			container(d).ReadinessProbe.HTTPGet.Port = intstr.FromInt32(9090)
		}},
		{"no memory limit", "memory", func(d *appsv1.Deployment) { delete(container(d).Resources.Limits, corev1.ResourceMemory) }},
		{"no cpu request", "cpu", func(d *appsv1.Deployment) { delete(container(d).Resources.Requests, corev1.ResourceCPU) }},
		{"subPath mount", "subPath", func(d *appsv1.Deployment) { container(d).VolumeMounts[0].SubPath = "figures.yml" }},
		{"config outside the mount", "volumeMounts", func(d *appsv1.Deployment) {
			container(d).Args = replaceArg(container(d).Args, configFileFlag+"/etc/other/figures.yml")
		}},
		{"config key missing", "no key", func(d *appsv1.Deployment) {
			container(d).Args = replaceArg(container(d).Args, configFileFlag+"/etc/figures/other.yml")
		}},
		{"no watch", "--config.watch", func(d *appsv1.Deployment) {
			c := container(d)
			c.Args = slices.DeleteFunc(slices.Clone(c.Args), func(a string) bool { return a == "--config.watch" })
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := m.deployments[0].DeepCopy()
			c.mutate(d)
			got := checkDeployment(d, m.configMaps, kustomizationWant)
			if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, c.want) }) {
				t.Errorf("want a problem mentioning %q, got %q", c.want, got)
			}
		})
	}

	t.Run("service selects nothing", func(t *testing.T) {
		s := m.services[0].DeepCopy()
		s.Spec.Selector = map[string]string{"app.kubernetes.io/name": "other"}
		if len(checkService(s, m.deployments[0])) == 0 {
			t.Error("no problem found")
		}
	})
	t.Run("service targets another port", func(t *testing.T) {
		s := m.services[0].DeepCopy()
		s.Spec.Ports[0].TargetPort = intstr.FromString("metrics")
		if len(checkService(s, m.deployments[0])) == 0 {
			t.Error("no problem found")
		}
	})
	t.Run("servicemonitor keeps the Service's job name", func(t *testing.T) {
		sm := m.serviceMonitors[0].DeepCopy()
		sm.Spec.Endpoints[0].RelabelConfigs = nil
		if len(checkServiceMonitor(sm, m.services[0])) == 0 {
			t.Error("no problem found")
		}
	})
	t.Run("prometheusrule drifts from rules.yml", func(t *testing.T) {
		pr := m.prometheusRules[0].DeepCopy()
		pr.Spec.Groups[0].Rules[2].Labels["severity"] = "info"
		if len(checkPrometheusRule(pr, repoAlertRules(t))) == 0 {
			t.Error("no problem found")
		}
	})
	t.Run("servicemonitor selects nothing", func(t *testing.T) {
		sm := m.serviceMonitors[0].DeepCopy()
		sm.Spec.Selector.MatchLabels = map[string]string{"app.kubernetes.io/name": "other"}
		if len(checkServiceMonitor(sm, m.services[0])) == 0 {
			t.Error("no problem found")
		}
	})
}

// replaceArg returns args with the --config.file argument replaced by arg.
func replaceArg(args []string, arg string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		if strings.HasPrefix(a, configFileFlag) {
			out[i] = arg
		}
	}
	return out
}
