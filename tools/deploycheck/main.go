// Command deploycheck strictly decodes each document of a rendered
// Kubernetes manifest (kubectl kustomize deploy/k8s) into its typed object:
// an unknown or misspelt field is an error. It is a module of its own, so
// that the Kubernetes API types stay out of presend's go.mod; run by
// scripts/check-deploy.sh.
package main

import (
	"bytes"
	"fmt"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	bad := false
	for i, doc := range bytes.Split(data, []byte("\n---\n")) {
		var meta struct{ Kind string }
		if err := yaml.Unmarshal(doc, &meta); err != nil {
			fmt.Println(i, err)
			bad = true
			continue
		}
		var obj any
		switch meta.Kind {
		case "Deployment":
			obj = &appsv1.Deployment{}
		case "Service":
			obj = &corev1.Service{}
		case "Secret":
			obj = &corev1.Secret{}
		case "ConfigMap":
			obj = &corev1.ConfigMap{}
		default:
			fmt.Println(i, "unknown kind", meta.Kind)
			bad = true
			continue
		}
		if err := yaml.UnmarshalStrict(doc, obj); err != nil {
			fmt.Println(i, meta.Kind, err)
			bad = true
			continue
		}
		fmt.Println(i, meta.Kind, "ok")
	}
	if bad {
		os.Exit(1)
	}
}
