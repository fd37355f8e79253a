{{/* The chart name, or nameOverride. */}}
{{- define "rootkey.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name: fullnameOverride, or the release name when it already contains the chart name
(`helm install rootkey-operator ...` gives "rootkey-operator", not "rootkey-operator-rootkey-operator"),
or release-chart. Truncated so that the longest suffix ("-scanner-webhook") still fits 63 characters.
*/}}
{{- define "rootkey.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 47 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 47 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 47 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "rootkey.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels shared by every object of the release. */}}
{{- define "rootkey.labels" -}}
helm.sh/chart: {{ include "rootkey.chart" . }}
app.kubernetes.io/name: {{ include "rootkey.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: rootkey
{{- end }}

{{/* Labels of one component's objects. Call with (dict "ctx" $ "component" "operator"). */}}
{{- define "rootkey.componentLabels" -}}
{{ include "rootkey.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Selector labels of one component: stable across upgrades (no version). */}}
{{- define "rootkey.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rootkey.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The operator's objects carry the full name itself: "rootkey-operator", not "rootkey-operator-operator". */}}
{{- define "rootkey.operator.fullname" -}}
{{- include "rootkey.fullname" . }}
{{- end }}

{{- define "rootkey.webhook.fullname" -}}
{{- printf "%s-scanner-webhook" (include "rootkey.fullname" .) }}
{{- end }}

{{/* The name of one component's objects. Call with (dict "ctx" $ "component" "operator"). */}}
{{- define "rootkey.componentFullname" -}}
{{- if eq .component "operator" }}
{{- include "rootkey.operator.fullname" .ctx }}
{{- else }}
{{- include "rootkey.webhook.fullname" .ctx }}
{{- end }}
{{- end }}

{{/* The Lease the operator replicas elect a leader with (fixed by the operator). */}}
{{- define "rootkey.operator.leaseName" -}}
rootkey-operator
{{- end }}

{{/* image: repository:tag, the tag defaulting to the chart's appVersion. Call with .Values.<component>.image and $. */}}
{{- define "rootkey.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* ROOTKEY_NAMESPACES: the watched namespaces, comma-separated; empty means all. */}}
{{- define "rootkey.watchNamespaces" -}}
{{- join "," .Values.watchNamespaces }}
{{- end }}

{{/*
The hardened security context of every container: non-root user 10001, read-only root file
system, no privilege escalation, no capabilities, the runtime's default seccomp profile. Not a
value on purpose: nothing in these images needs more.
*/}}
{{- define "rootkey.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "rootkey.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The Secret holding the record seal key: the user's (recordSeal.existingSecret) or the chart's. */}}
{{- define "rootkey.recordSeal.secretName" -}}
{{- default (printf "%s-record-seal" (include "rootkey.fullname" .)) .Values.recordSeal.existingSecret }}
{{- end }}

{{- define "rootkey.recordSeal.secretKey" -}}
{{- if .Values.recordSeal.existingSecret }}{{ .Values.recordSeal.existingSecretKey }}{{ else }}seal-key{{ end }}
{{- end }}

{{/*
ROOTKEY_RECORD_SEAL_KEY for both components: the same key seals key records (operator) and tells
them from forged ones (scanner-webhook). A Secret reference, so no RBAC is needed to read it.
*/}}
{{- define "rootkey.recordSeal.env" -}}
- name: ROOTKEY_RECORD_SEAL_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "rootkey.recordSeal.secretName" . }}
      key: {{ include "rootkey.recordSeal.secretKey" . }}
{{- end }}

{{/* The webhook's public port name: what it speaks. */}}
{{- define "rootkey.webhook.portName" -}}
{{- if .Values.webhook.tls.enabled }}https{{ else }}http{{ end }}
{{- end }}

{{/*
The Service the API server calls the admission endpoints through: the webhook's pods on their
admission port, apart from the public Service the Ingress and workloads use. "-admission" is shorter
than "-scanner-webhook", so the name fits 63 characters.
*/}}
{{- define "rootkey.admission.serviceName" -}}
{{- printf "%s-admission" (include "rootkey.fullname" .) }}
{{- end }}

{{/*
TRUSTED_PROXIES: webhook.trustedProxies, comma-joined. A proxy is trusted to name any caller, so
every host in a trusted block can claim any address with X-Forwarded-For and pass a RootKey's
allowedCidrs. Blocks wider than /24 (IPv4) or /64 (IPv6) are almost always shared with hosts that
are not proxies (a pod network, a VPC): refused unless webhook.trustedProxiesAllowBroad says every
host in them is a proxy.
*/}}
{{- define "rootkey.webhook.trustedProxies" -}}
{{- $values := .Values.webhook }}
{{- range $values.trustedProxies }}
{{- if contains "/" . }}
{{- $ipv6 := contains ":" . }}
{{- $prefix := atoi (last (splitList "/" .)) }}
{{- $narrowest := ternary 64 24 $ipv6 }}
{{- if and (lt $prefix $narrowest) (not $values.trustedProxiesAllowBroad) }}
{{- fail (printf "webhook.trustedProxies: %s is wider than /%d: every host in it could claim any address with X-Forwarded-For and pass a RootKey's allowedCidrs. List only your proxies' addresses (never the pod network), or set webhook.trustedProxiesAllowBroad=true if every host in %s is a proxy" . $narrowest .) }}
{{- end }}
{{- end }}
{{- end }}
{{- join "," $values.trustedProxies }}
{{- end }}

{{/*
Where the webhook's certificate comes from: "certManager" (webhook.tls.certManager.enabled),
"existingSecret" (webhook.tls.existingSecret), or "chart": the chart makes it itself, so that a
bare cluster needs nothing installed first.
*/}}
{{- define "rootkey.webhook.tlsMode" -}}
{{- if .Values.webhook.tls.certManager.enabled }}certManager
{{- else if .Values.webhook.tls.existingSecret }}existingSecret
{{- else }}chart
{{- end }}
{{- end }}

{{/*
The Secret holding the webhook's certificate and key. The chart's own Secrets are named apart from
cert-manager's (<fullname>-scanner-webhook-tls and -ca), which cert-manager leaves behind when its
Certificates go: switching modes never meets a Secret Helm does not own.
*/}}
{{- define "rootkey.webhook.tlsSecret" -}}
{{- $mode := include "rootkey.webhook.tlsMode" . }}
{{- if eq $mode "certManager" }}
{{- printf "%s-tls" (include "rootkey.webhook.fullname" .) }}
{{- else if eq $mode "existingSecret" }}
{{- .Values.webhook.tls.existingSecret }}
{{- else }}
{{- printf "%s-webhook-tls" (include "rootkey.fullname" .) }}
{{- end }}
{{- end }}

{{/* The Secret holding the chart's own CA (certificate and key), kept across upgrades. */}}
{{- define "rootkey.webhook.chartCaSecret" -}}
{{- printf "%s-webhook-ca" (include "rootkey.fullname" .) }}
{{- end }}

{{/*
The DNS names the webhook's certificate holds, one a line: the public Service's, then (with the
admission webhooks on) the admission Service's, which the API server calls by
<name>.<namespace>.svc.
*/}}
{{- define "rootkey.webhook.dnsNames" -}}
{{- $services := list (include "rootkey.webhook.fullname" .) }}
{{- if include "rootkey.admission.enabled" . }}
{{- $services = append $services (include "rootkey.admission.serviceName" .) }}
{{- end }}
{{- range $services }}
{{ . }}
{{ . }}.{{ $.Release.Namespace }}
{{ . }}.{{ $.Release.Namespace }}.svc
{{ . }}.{{ $.Release.Namespace }}.svc.cluster.local
{{- end }}
{{- end }}

{{/*
The chart's own CA and the webhook's certificate signed by it (PEM, as YAML: caCert, caKey, cert,
key). An upgrade, or an install after an uninstall, reuses the CA from its Secret (lookup), so that
callers trusting it go on trusting the webhook; the serving certificate is signed anew at each
render. Looked up only where the RootKey API exists, as for the record seal: `helm template` and
GitOps renderers see no cluster and make a new CA at each render.
Made once per render and kept in the root context ($, shared by every template of the chart), so
that the Secret and the webhook configurations' caBundle hold the same CA.
*/}}
{{- define "rootkey.webhook.chartTls" -}}
{{- if not (hasKey . "rootkeyWebhookChartTls") }}
{{- $caSecret := include "rootkey.webhook.chartCaSecret" . }}
{{- $kept := dict }}
{{- if .Capabilities.APIVersions.Has "rootkey.dev/v1alpha1" }}
{{- $kept = dig "data" dict (lookup "v1" "Secret" .Release.Namespace $caSecret) }}
{{- end }}
{{- $ca := dict }}
{{- if and (index $kept "tls.crt") (index $kept "tls.key") }}
{{- $ca = buildCustomCert (index $kept "tls.crt") (index $kept "tls.key") }}
{{- else }}
{{- /* 3650 days: the CA outlives many serving certificates; callers copy it once. */}}
{{- $ca = genCA $caSecret 3650 }}
{{- end }}
{{- $dnsNames := list }}
{{- range splitList "\n" (trim (include "rootkey.webhook.dnsNames" .)) }}
{{- $dnsNames = append $dnsNames . }}
{{- end }}
{{- /* 730 days, signed anew at every upgrade with the same CA. */}}
{{- $cert := genSignedCert (index $dnsNames 2) list $dnsNames 730 $ca }}
{{- $_ := set . "rootkeyWebhookChartTls" (dict "caCert" $ca.Cert "caKey" $ca.Key "cert" $cert.Cert "key" $cert.Key) }}
{{- end }}
{{- toYaml (get . "rootkeyWebhookChartTls") }}
{{- end }}

{{/*
The release's own CA for the webhook (cert-manager with no issuer named): its Certificate, the
Secret holding it and the CA Issuer that signs the webhook's certificate all carry this name.
*/}}
{{- define "rootkey.webhook.ca" -}}
{{- printf "%s-ca" (include "rootkey.webhook.fullname" .) }}
{{- end }}

{{/*
The admission webhooks' caBundle: webhook.admission.caBundle as given (whitespace removed), the
chart's own CA, or empty when cert-manager's CA injector fills it in. Fails when none of them can
supply it, or when the value is not base64 of a PEM certificate.
*/}}
{{- define "rootkey.admission.caBundle" -}}
{{- $caBundle := nospace .Values.webhook.admission.caBundle }}
{{- if $caBundle }}
{{- if not (contains "-----BEGIN CERTIFICATE-----" (b64dec $caBundle)) }}
{{- fail "webhook.admission.caBundle must be the base64 of the PEM CA certificate (e.g. base64 -w0 ca.crt), not the PEM itself" }}
{{- end }}
{{- $caBundle }}
{{- else if eq (include "rootkey.webhook.tlsMode" .) "chart" }}
{{- (include "rootkey.webhook.chartTls" . | fromYaml).caCert | b64enc }}
{{- else if eq (include "rootkey.webhook.tlsMode" .) "existingSecret" }}
{{- fail "webhook.admission.caBundle is required with webhook.tls.existingSecret: the base64 of the PEM CA certificate that signed it (e.g. base64 -w0 ca.crt), so that the API server trusts the webhook; or set webhook.admission.enabled=false" }}
{{- end }}
{{- end }}

{{/* Whether the chart registers the admission webhooks (they need TLS). */}}
{{- define "rootkey.admission.enabled" -}}
{{- if .Values.webhook.admission.enabled }}
{{- if not .Values.webhook.tls.enabled }}
{{- fail "webhook.admission.enabled=true needs webhook.tls.enabled=true: the API server calls admission webhooks over HTTPS only. Enable TLS, or set webhook.admission.enabled=false (delete protection then falls back to the ValidatingAdmissionPolicy)" }}
{{- end -}}
true
{{- end }}
{{- end }}

{{/*
What both admission webhooks share: the admission Service over HTTPS, failurePolicy Ignore, and the
watched namespaces. Call with (dict "ctx" $ "caBundle" <caBundle> "path" <path>).
*/}}
{{- define "rootkey.admission.common" -}}
{{- $ctx := .ctx -}}
admissionReviewVersions: ["v1"]
matchPolicy: Equivalent
failurePolicy: Ignore
timeoutSeconds: {{ $ctx.Values.webhook.admission.timeoutSeconds }}
clientConfig:
  service:
    name: {{ include "rootkey.admission.serviceName" $ctx }}
    namespace: {{ $ctx.Release.Namespace }}
    path: {{ .path }}
    port: 443
  {{- with .caBundle }}
  caBundle: {{ . }}
  {{- end }}
{{- with $ctx.Values.watchNamespaces }}
# Only the RootKeys this release manages: another release watching other namespaces has its own.
namespaceSelector:
  matchExpressions:
    - key: kubernetes.io/metadata.name
      operator: In
      values:
        {{- toYaml . | nindent 8 }}
{{- end }}
{{- end }}

{{/* With no caBundle of the user's, cert-manager's CA injector fills it in. */}}
{{- define "rootkey.admission.annotations" -}}
{{- if not .caBundle -}}
annotations:
  # cert-manager's CA injector copies the Certificate's ca.crt into every caBundle below, and again
  # whenever it changes (with the chart's own CA: only when that CA does, not at each renewal).
  cert-manager.io/inject-ca-from: {{ .ctx.Release.Namespace }}/{{ include "rootkey.webhook.fullname" .ctx }}
{{- end }}
{{- end }}
