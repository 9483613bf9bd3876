package deploy_test

import (
	"fmt"
	"path"
	"reflect"
	"slices"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// The contract of deploy/kubernetes and of the Helm chart, shared with the
// image test.
const (
	exporterPort   = 10187
	portName       = "http-metrics"
	configFileFlag = "--config.file="
	nobody         = int64(65534)
)

// problems collects what a check finds, so that one run reports them all and
// a test can assert that a particular one is found.
type problems []string

func (p *problems) addf(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// deploymentWant is what a Deployment may choose: the kustomization and the
// chart's defaults say 2 replicas of figures-exporter:latest, a chart
// installed with other values says otherwise. Everything else checkDeployment
// checks is the same for both.
type deploymentWant struct {
	replicas int32
	image    string
}

// kustomizationWant is what deploy/kubernetes and the chart's defaults render.
var kustomizationWant = deploymentWant{replicas: 2, image: "figures-exporter:latest"}

// checkDeployment checks the exporter's Deployment: replicas, image and
// arguments, probes, hardening, resources, and a ConfigMap volume mounted as a
// directory that holds the --config.file.
func checkDeployment(d *appsv1.Deployment, configMaps []*corev1.ConfigMap, want deploymentWant) problems {
	var p problems
	if d.Spec.Replicas == nil || *d.Spec.Replicas != want.replicas {
		p.addf("replicas: want %d", want.replicas)
	}
	if sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector); err != nil || !sel.Matches(labels.Set(d.Spec.Template.Labels)) {
		p.addf("selector %v does not select the pod template's labels %v", d.Spec.Selector, d.Spec.Template.Labels)
	}
	pod := d.Spec.Template.Spec
	if psc := pod.SecurityContext; psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot {
		p.addf("pod securityContext.runAsNonRoot: want true")
	}
	if len(pod.Containers) != 1 {
		p.addf("containers: want exactly 1, got %d", len(pod.Containers))
		return p
	}
	c := pod.Containers[0]
	if c.Image != want.image {
		p.addf("image %q: want %s", c.Image, want.image)
	}
	if !slices.Contains(c.Args, "--config.watch") {
		p.addf("args %q: want --config.watch, so ConfigMap edits are picked up", c.Args)
	}
	checkPorts(&p, c)
	checkProbe(&p, "readinessProbe", c.ReadinessProbe, "/-/ready", c)
	checkProbe(&p, "livenessProbe", c.LivenessProbe, "/-/healthy", c)
	checkHardening(&p, c.SecurityContext)
	for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		req, hasReq := c.Resources.Requests[res]
		lim, hasLim := c.Resources.Limits[res]
		if !hasReq || !hasLim {
			p.addf("resources: want a request and a limit for %s", res)
		} else if req.Cmp(lim) > 0 {
			p.addf("resources: %s request %s exceeds limit %s", res, req.String(), lim.String())
		}
	}
	checkConfigMount(&p, pod, c, configMaps)
	return p
}

// flagValue returns the value of the last argument that starts with prefix
// (--flag=), as the exporter's flag parsing takes the last one, or "".
func flagValue(args []string, prefix string) string {
	var v string
	for _, a := range args {
		if rest, ok := strings.CutPrefix(a, prefix); ok {
			v = rest
		}
	}
	return v
}

// mountedDir returns the mount of c whose path is dir, or nil.
func mountedDir(c corev1.Container, dir string) *corev1.VolumeMount {
	for i, m := range c.VolumeMounts {
		if path.Clean(m.MountPath) == path.Clean(dir) {
			return &c.VolumeMounts[i]
		}
	}
	return nil
}

func checkPorts(p *problems, c corev1.Container) {
	for _, port := range c.Ports {
		if port.Name == portName && port.ContainerPort == exporterPort {
			return
		}
	}
	p.addf("ports: want %s on %d", portName, exporterPort)
}

// containerPort resolves a probe's or Service's target port, by name or number.
func containerPort(c corev1.Container, port intstr.IntOrString) int32 {
	if port.Type == intstr.Int {
		return port.IntVal
	}
	for _, cp := range c.Ports {
		if cp.Name == port.StrVal {
			return cp.ContainerPort
		}
	}
	return 0
}

func checkProbe(p *problems, name string, probe *corev1.Probe, wantPath string, c corev1.Container) {
	if probe == nil || probe.HTTPGet == nil {
		p.addf("%s: want an httpGet probe of %s", name, wantPath)
		return
	}
	if probe.HTTPGet.Path != wantPath {
		p.addf("%s: path %q, want %s", name, probe.HTTPGet.Path, wantPath)
	}
	if port := containerPort(c, probe.HTTPGet.Port); port != exporterPort {
		p.addf("%s: port %s resolves to %d, want %d", name, probe.HTTPGet.Port.String(), port, exporterPort)
	}
}

// checkHardening wants the settings of the "restricted" Pod Security
// Standard, plus a read-only root filesystem and a fixed non-root user that
// matches the image's USER.
func checkHardening(p *problems, sc *corev1.SecurityContext) {
	if sc == nil {
		p.addf("container securityContext: missing")
		return
	}
	if sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
		p.addf("securityContext.runAsNonRoot: want true")
	}
	if sc.RunAsUser == nil || *sc.RunAsUser != nobody {
		p.addf("securityContext.runAsUser: want %d", nobody)
	}
	if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		p.addf("securityContext.readOnlyRootFilesystem: want true")
	}
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		p.addf("securityContext.allowPrivilegeEscalation: want false")
	}
	if sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") || len(sc.Capabilities.Add) > 0 {
		p.addf("securityContext.capabilities: want drop [ALL] and nothing added")
	}
	if sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		p.addf("securityContext.seccompProfile: want RuntimeDefault")
	}
}

// checkConfigMount follows --config.file to the volume that holds it. The
// mount must be the file's directory, not a subPath of the file: the kubelet
// updates ConfigMap volumes by swapping a ..data symlink, which subPath
// mounts never see.
func checkConfigMount(p *problems, pod corev1.PodSpec, c corev1.Container, configMaps []*corev1.ConfigMap) {
	file := flagValue(c.Args, configFileFlag)
	if file == "" {
		p.addf("args %q: want %s<file in the ConfigMap>", c.Args, configFileFlag)
		return
	}
	dir, key := path.Split(file)
	dir = path.Clean(dir)
	mount := mountedDir(c, dir)
	if mount == nil {
		p.addf("volumeMounts: none at %s, the directory of %s", dir, file)
		return
	}
	if mount.SubPath != "" || mount.SubPathExpr != "" {
		p.addf("volumeMounts %s: subPath set; ConfigMap updates would never reach the pod", mount.Name)
	}
	if !mount.ReadOnly {
		p.addf("volumeMounts %s: want readOnly", mount.Name)
	}
	var cmName string
	for _, v := range pod.Volumes {
		if v.Name == mount.Name && v.ConfigMap != nil {
			cmName = v.ConfigMap.Name
		}
	}
	if cmName == "" {
		p.addf("volumes: %s is not a configMap volume", mount.Name)
		return
	}
	for _, cm := range configMaps {
		if cm.Name == cmName {
			if _, ok := cm.Data[key]; !ok {
				p.addf("ConfigMap %s has no key %s", cmName, key)
			}
			return
		}
	}
	p.addf("ConfigMap %s is mounted but not rendered", cmName)
}

// checkService wants port http-metrics on 10187 reaching the exporter's
// container port, and a selector that selects the Deployment's pods.
func checkService(s *corev1.Service, d *appsv1.Deployment) problems {
	var p problems
	if len(s.Spec.Selector) == 0 || !labels.SelectorFromSet(s.Spec.Selector).Matches(labels.Set(d.Spec.Template.Labels)) {
		p.addf("service %s: selector %v does not select the exporter's pods", s.Name, s.Spec.Selector)
	}
	found := false
	for _, port := range s.Spec.Ports {
		if port.Name == portName && port.Port == exporterPort {
			found = true
			if got := containerPort(d.Spec.Template.Spec.Containers[0], port.TargetPort); got != exporterPort {
				p.addf("service %s: targetPort %s resolves to %d, want %d", s.Name, port.TargetPort.String(), got, exporterPort)
			}
		}
	}
	if !found {
		p.addf("service %s: want port %s on %d", s.Name, portName, exporterPort)
	}
	return p
}

// checkServiceMonitor wants the Service selected, its named port scraped at
// /metrics, and the job label the alerting rules select.
func checkServiceMonitor(sm *monitoringv1.ServiceMonitor, s *corev1.Service) problems {
	var p problems
	sel, err := metav1.LabelSelectorAsSelector(&sm.Spec.Selector)
	if err != nil || sel.Empty() || !sel.Matches(labels.Set(s.Labels)) {
		p.addf("servicemonitor %s: selector does not select service %s (labels %v)", sm.Name, s.Name, s.Labels)
	}
	if len(sm.Spec.Endpoints) != 1 {
		p.addf("servicemonitor %s: want exactly 1 endpoint", sm.Name)
		return p
	}
	ep := sm.Spec.Endpoints[0]
	if ep.Port != portName {
		p.addf("servicemonitor %s: endpoint port %q, want %s", sm.Name, ep.Port, portName)
	}
	if ep.Path != "/metrics" {
		p.addf("servicemonitor %s: endpoint path %q, want /metrics", sm.Name, ep.Path)
	}
	setsJob := false
	for _, r := range ep.RelabelConfigs {
		if r.TargetLabel == "job" && r.Replacement != nil && *r.Replacement == "figures" &&
			(r.Action == "" || strings.EqualFold(r.Action, "replace")) {
			setsJob = true
		}
	}
	if !setsJob {
		p.addf(`servicemonitor %s: want a relabeling that sets job="figures", which the alerting rules select`, sm.Name)
	}
	return p
}

// checkPrometheusRule wants the Operator's copy of the alerting rules to say
// exactly what deploy/prometheus/rules.yml says, which promtool tests.
func checkPrometheusRule(pr *monitoringv1.PrometheusRule, want []alertRule) problems {
	var p problems
	var got []alertRule
	for _, g := range pr.Spec.Groups {
		for _, r := range g.Rules {
			a := alertRule{Alert: r.Alert, Expr: r.Expr.String(), Labels: r.Labels, Annotations: r.Annotations}
			if r.For != nil {
				a.For = string(*r.For)
			}
			got = append(got, a)
		}
	}
	if len(got) != len(want) {
		p.addf("prometheusrule %s: %d rules, rules.yml has %d", pr.Name, len(got), len(want))
		return p
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			p.addf("prometheusrule %s: rule %d differs from rules.yml:\n got %+v\nwant %+v", pr.Name, i, got[i], want[i])
		}
	}
	return p
}
