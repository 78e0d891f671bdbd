// k8s-strict decodes every document of a Kubernetes manifest stream (stdin) into its typed API
// object with strict field validation, as `kubectl apply --validate=strict` has the API server do:
// an unknown or duplicate field, or a value of the wrong type, is an error. Prints one line per
// document (`ok KIND`, `skipped KIND` for a kind it does not know, or the error); exit 1 on an error.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

func main() {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, autoscalingv2.AddToScheme, policyv1.AddToScheme, rbacv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	decoder := serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()
	reader := utilyaml.NewYAMLReader(bufio.NewReader(os.Stdin))
	failed := false
	for i := 0; ; i++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		json, err := yaml.YAMLToJSONStrict(doc)
		if err == nil {
			_, gvk, derr := decoder.Decode(json, nil, nil)
			if derr == nil {
				fmt.Printf("ok %s\n", gvk.Kind)
				continue
			}
			// Custom resources (ServiceMonitor) have their own check, against their CRD.
			if runtime.IsNotRegisteredError(derr) {
				fmt.Printf("skipped %s\n", gvk.Kind)
				continue
			}
			err = derr
		}
		failed = true
		fmt.Printf("document %d: %v\n", i, err)
	}
	if failed {
		os.Exit(1)
	}
}
