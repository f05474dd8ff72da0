package profiles

import "testing"

func TestPartitionOfRegion(t *testing.T) {
	for region, want := range map[string]string{
		"": "aws", "us-east-1": "aws", "eu-west-1": "aws", "cn-north-1": "aws-cn", "cn-northwest-1": "aws-cn",
		"us-gov-west-1": "aws-us-gov", "us-iso-east-1": "aws-iso", "us-isob-east-1": "aws-iso-b", "eu-isoe-west-1": "aws-iso-e",
		"us-isof-south-1": "aws-iso-f", "eusc-de-east-1": "aws-eusc",
	} {
		if got := PartitionOfRegion(region); got != want {
			t.Errorf("PartitionOfRegion(%q) = %q, want %q", region, got, want)
		}
	}
}

func TestPartitionOfARN(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:iam::111111111111:role/a": "aws", "arn:aws-cn:iam::111111111111:role/a": "aws-cn",
		"arn:aws-us-gov:iam::1:mfa/x": "aws-us-gov", "GAHT12345678": "", "arn:": "",
	} {
		if got := PartitionOfARN(arn); got != want {
			t.Errorf("PartitionOfARN(%q) = %q, want %q", arn, got, want)
		}
	}
}
