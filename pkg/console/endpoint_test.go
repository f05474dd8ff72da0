package console

import (
	"strings"
	"testing"
)

func TestFederationEndpointPerPartitionAndRegion(t *testing.T) {
	cases := []struct {
		region, role string
		want         string
		post         bool
	}{
		{"", "", "https://signin.aws.amazon.com/federation", true},
		{"us-east-1", "", "https://signin.aws.amazon.com/federation", true},
		{"eu-west-1", "", "https://eu-west-1.signin.aws.amazon.com/federation", true},
		{"ap-southeast-5", "", "https://ap-southeast-5.signin.aws.amazon.com/federation", true},
		{"cn-north-1", "", "https://signin.amazonaws.cn/federation", true},
		{"cn-northwest-1", "", "https://cn-northwest-1.signin.amazonaws.cn/federation", true},
		{"", "arn:aws-cn:iam::111111111111:role/a", "https://signin.amazonaws.cn/federation", true},
		// GovCloud gets the documented GET: it does not take the POST form.
		{"us-gov-west-1", "", "https://signin.amazonaws-us-gov.com/federation", false},
		{"us-gov-east-1", "", "https://us-gov-east-1.signin.amazonaws-us-gov.com/federation", false},
	}
	for _, c := range cases {
		ep, err := FederationEndpoint(partitionFor(t, c.region, c.role), c.region, "")
		if err != nil || ep.URL != c.want || ep.Post != c.post {
			t.Errorf("region %q role %q: %+v %v, want %s post %t", c.region, c.role, ep, err, c.want, c.post)
		}
	}
}

func TestFederationURLOverride(t *testing.T) {
	aws := partitionFor(t, "eu-west-1", "")
	for _, ok := range []string{"https://proxy.example/federation", "http://127.0.0.1:8080/federation", "http://localhost:1/f", "http://[::1]:9/federation"} {
		ep, err := FederationEndpoint(aws, "eu-west-1", ok)
		if err != nil || ep.URL != ok || !ep.Post {
			t.Errorf("%s: %+v %v", ok, ep, err)
		}
	}
	gov := partitionFor(t, "us-gov-west-1", "")
	if ep, _ := FederationEndpoint(gov, "us-gov-west-1", "https://proxy.example/federation"); ep.Post {
		t.Error("an override keeps the partition's method: GovCloud takes GET")
	}
	for bad, want := range map[string]string{
		"http://proxy.example/federation":      "must be https",
		"signin.aws.amazon.com/federation":     "whole endpoint URL",
		"https://u:p@proxy.example/federation": "no user, query",
		"https://proxy.example/federation?x=1": "no user, query",
		"mailto:someone@example.com":           "whole endpoint URL",
	} {
		_, err := FederationEndpoint(aws, "eu-west-1", bad)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "ASSUME_FEDERATION_URL") {
			t.Errorf("%s: %v, want %q", bad, err, want)
		}
	}
}
