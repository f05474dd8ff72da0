package console

import (
	"strings"
	"testing"

	"github.com/assume-cli/assume/pkg/profiles"
)

func planWith(region, roleARN string) *profiles.Plan {
	p := &profiles.Plan{Profile: "p", Region: region, Source: profiles.Source{Kind: profiles.SourceStatic, AccessKeyID: "AKIAEXAMPLE"}}
	if roleARN != "" {
		p.Hops = []profiles.Hop{{Profile: "p", RoleARN: roleARN, Duration: profiles.DefaultDuration}}
	}
	return p
}

func partitionFor(t *testing.T, region, roleARN string) Partition {
	t.Helper()
	p, err := PartitionOf(planWith(region, roleARN))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDestinationPerPartitionRegionAndService(t *testing.T) {
	cases := []struct {
		region, role, service, want string
	}{
		{"", "arn:aws:iam::111111111111:role/a", "", "https://console.aws.amazon.com/console/home"},
		{"eu-west-1", "arn:aws:iam::111111111111:role/a", "", "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1"},
		{"us-east-1", "", "s3", "https://us-east-1.console.aws.amazon.com/s3/home?region=us-east-1"},
		{"eu-central-1", "", "EC2", "https://eu-central-1.console.aws.amazon.com/ec2/home?region=eu-central-1"},
		{"eu-west-1", "", "logs", "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups"},
		{"eu-west-1", "", "cloudformation", "https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1"},
		{"ap-south-2", "", "lambda", "https://ap-south-2.console.aws.amazon.com/lambda/home?region=ap-south-2"},
		// global services: the bare host, no region
		{"eu-west-1", "", "iam", "https://console.aws.amazon.com/iam/home"},
		{"eu-west-1", "", "route53", "https://console.aws.amazon.com/route53/v2/home"},
		// China and GovCloud: one console host, the region as a parameter
		{"cn-northwest-1", "", "s3", "https://console.amazonaws.cn/s3/home?region=cn-northwest-1"},
		{"", "arn:aws-cn:iam::111111111111:role/a", "", "https://console.amazonaws.cn/console/home"},
		{"us-gov-east-1", "arn:aws-us-gov:iam::111111111111:role/a", "ec2", "https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-east-1"},
		{"us-gov-west-1", "", "iam", "https://console.amazonaws-us-gov.com/iam/home"},
		// full URLs on the partition's console host are taken as given
		{"eu-west-1", "", "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:",
			"https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:"},
		{"", "", "https://console.aws.amazon.com/billing/home#/bills", "https://console.aws.amazon.com/billing/home#/bills"},
		{"cn-north-1", "", "https://console.amazonaws.cn/ec2/", "https://console.amazonaws.cn/ec2/"},
	}
	for _, c := range cases {
		got, err := Destination(partitionFor(t, c.region, c.role), c.region, c.service)
		if err != nil || got != c.want {
			t.Errorf("region %q role %q --service %q:\n got %q, %v\nwant %q", c.region, c.role, c.service, got, err, c.want)
		}
	}
}

func TestDestinationRefusesWhatIsNotAConsolePage(t *testing.T) {
	aws := partitionFor(t, "eu-west-1", "")
	cn := partitionFor(t, "cn-north-1", "")
	cases := []struct {
		p       Partition
		service string
		want    []string
	}{
		{aws, "s4", []string{`--service "s4"`, "s3, ec2, iam, cloudformation, lambda, logs", "https://console.aws.amazon.com/ec2/home"}},
		{aws, "https://evil.example/console.aws.amazon.com/", []string{"not on the aws console", "console.aws.amazon.com"}},
		{aws, "https://console.aws.amazon.com.evil.example/", []string{"not on the aws console"}},
		{aws, "http://console.aws.amazon.com/", []string{"must be https://HOST/"}},
		{aws, "https://me@console.aws.amazon.com/", []string{"must be https://HOST/"}},
		{aws, "https://console.aws.amazon.com:8443/", []string{"must be https://HOST/"}},
		{aws, "https://console.amazonaws.cn/s3/", []string{"not on the aws console"}},
		{cn, "https://console.aws.amazon.com/s3/", []string{"not on the aws-cn console", "console.amazonaws.cn"}},
	}
	for _, c := range cases {
		got, err := Destination(c.p, "eu-west-1", c.service)
		if err == nil {
			t.Errorf("--service %q: accepted as %q", c.service, got)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("--service %q: %q does not say %q", c.service, err, w)
			}
		}
	}
}

func TestUnknownPartitionsNeedAFullURL(t *testing.T) {
	iso := partitionFor(t, "us-iso-east-1", "")
	if iso.ID != "aws-iso" || iso.Known {
		t.Fatalf("us-iso-east-1 is in %+v", iso)
	}
	if _, err := Destination(iso, "us-iso-east-1", "s3"); err == nil || !strings.Contains(err.Error(), "full https:// URL") {
		t.Errorf("a service name in an unknown partition: %v", err)
	}
	if got, err := Destination(iso, "us-iso-east-1", "https://console.example.ic.gov/s3/"); err != nil || got != "https://console.example.ic.gov/s3/" {
		t.Errorf("a full URL in an unknown partition: %q %v", got, err)
	}
	if _, err := FederationEndpoint(iso, "us-iso-east-1", ""); err == nil || !strings.Contains(err.Error(), "ASSUME_FEDERATION_URL") {
		t.Errorf("no endpoint for an unknown partition: %v", err)
	}
	ep, err := FederationEndpoint(iso, "us-iso-east-1", "https://signin.example.ic.gov/federation")
	if err != nil || ep.URL != "https://signin.example.ic.gov/federation" {
		t.Errorf("override: %+v %v", ep, err)
	}
}

func TestPartitionFollowsTheRoleAndRefusesAnotherPartitionsRegion(t *testing.T) {
	cases := []struct{ region, role, want string }{
		{"", "", "aws"},
		{"eu-west-1", "", "aws"},
		{"cn-north-1", "", "aws-cn"},
		{"us-gov-west-1", "", "aws-us-gov"},
		{"", "arn:aws-us-gov:iam::111111111111:role/a", "aws-us-gov"},
		{"cn-northwest-1", "arn:aws-cn:iam::111111111111:role/a", "aws-cn"},
	}
	for _, c := range cases {
		if p := partitionFor(t, c.region, c.role); p.ID != c.want || !p.Known {
			t.Errorf("region %q role %q: %+v, want %s", c.region, c.role, p, c.want)
		}
	}
	_, err := PartitionOf(planWith("eu-west-1", "arn:aws-cn:iam::111111111111:role/a"))
	if err == nil || !strings.Contains(err.Error(), `profile "p": region "eu-west-1" is in partition aws`) || !strings.Contains(err.Error(), "--region") {
		t.Errorf("mismatch: %v", err)
	}
	web := &profiles.Plan{Profile: "ci", Region: "us-gov-west-1", Source: profiles.Source{Kind: profiles.SourceWebIdentity, RoleARN: "arn:aws-us-gov:iam::111111111111:role/ci"}}
	if p, err := PartitionOf(web); err != nil || p.ID != "aws-us-gov" {
		t.Errorf("web identity source: %+v %v", p, err)
	}
}
