package profiles

import "strings"

// regionPartitions maps region-name prefixes to the partitions whose
// regions they name; anything else is in the commercial partition, "aws".
var regionPartitions = []struct{ prefix, partition string }{
	{"cn-", "aws-cn"},
	{"us-gov-", "aws-us-gov"},
	{"us-isob-", "aws-iso-b"},
	{"us-isof-", "aws-iso-f"},
	{"eu-isoe-", "aws-iso-e"},
	{"us-iso-", "aws-iso"},
	{"eusc-", "aws-eusc"},
}

// PartitionOfRegion names the partition a region belongs to ("aws" for
// an empty or unknown one). Credentials of one partition are unknown to
// the others; within one, every region's STS issues the same kind.
func PartitionOfRegion(region string) string {
	for _, p := range regionPartitions {
		if strings.HasPrefix(region, p.prefix) {
			return p.partition
		}
	}
	return "aws"
}

// PartitionOfARN is the partition field of an ARN, or "" when s is not one.
func PartitionOfARN(s string) string {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return ""
	}
	p, _, ok := strings.Cut(rest, ":")
	if !ok {
		return ""
	}
	return p
}
