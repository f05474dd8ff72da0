// Package console signs a profile's session in to the AWS Management
// Console with the federation flow AWS documents for custom identity
// brokers: the session's credentials buy a sign-in token from the
// partition's federation endpoint (getSigninToken), and the login URL
// carrying that token opens the console page asked for. It decides the
// URLs per partition, region and service, whether SessionDuration may be
// sent, when long-term keys need GetFederationToken first, and how a
// browser gets the URL without it appearing on any command line.
package console

import (
	"fmt"
	"strings"

	"github.com/assume-cli/assume/pkg/profiles"
)

// Partition is the sign-in and console hosts of an AWS partition.
type Partition struct {
	ID string // aws, aws-cn, aws-us-gov; another partition's id when unknown
	// Known is false for partitions whose hosts assume does not know
	// (aws-iso, ...): they need federation-url and a full --service URL.
	Known bool

	signinDomain  string // the sign-in host of primaryRegion
	consoleDomain string
	primaryRegion string // served by the bare sign-in host; others get REGION.
	// regionalConsole: console hosts per region (REGION.console.aws.amazon.com).
	regionalConsole bool
	// post: getSigninToken may be POSTed, keeping credentials out of URLs.
	post bool
}

// The hosts are from the AWS General Reference (sign-in and console
// endpoints). Whether getSigninToken takes a POST form is not documented;
// AWS's own Toolkit for JetBrains posts it in aws and aws-cn and notes that
// aws-us-gov does not take it, so GovCloud gets the documented GET.
var partitions = []Partition{
	{ID: "aws", Known: true, signinDomain: "signin.aws.amazon.com", consoleDomain: "console.aws.amazon.com", primaryRegion: "us-east-1", regionalConsole: true, post: true},
	{ID: "aws-cn", Known: true, signinDomain: "signin.amazonaws.cn", consoleDomain: "console.amazonaws.cn", primaryRegion: "cn-north-1", post: true},
	{ID: "aws-us-gov", Known: true, signinDomain: "signin.amazonaws-us-gov.com", consoleDomain: "console.amazonaws-us-gov.com", primaryRegion: "us-gov-west-1"},
}

func partitionByID(id string) Partition {
	for _, p := range partitions {
		if p.ID == id {
			return p
		}
	}
	return Partition{ID: id, post: true}
}

// regionPartition is region's partition, "" when no region is set (the
// role's ARN then decides).
func regionPartition(region string) string {
	if region == "" {
		return ""
	}
	return profiles.PartitionOfRegion(region)
}

// PartitionOf is the partition a plan's session lives in: the role ARN's
// (the final hop's, or a web identity source's), else the region's, else
// aws. A region of another partition than the role is an error: the
// console there would not know the session.
func PartitionOf(plan *profiles.Plan) (Partition, error) {
	fromARN, arn := "", ""
	if h := plan.Final(); h != nil {
		arn = h.RoleARN
	} else {
		arn = plan.Source.RoleARN
	}
	fromARN = profiles.PartitionOfARN(arn)
	fromRegion := regionPartition(plan.Region)
	switch {
	case fromARN != "" && fromRegion != "" && fromARN != fromRegion:
		return Partition{}, fmt.Errorf("profile %q: region %q is in partition %s, but %s is in %s: set --region to a region of %s",
			plan.Profile, plan.Region, fromRegion, arn, fromARN, fromARN)
	case fromARN != "":
		return partitionByID(fromARN), nil
	case fromRegion != "":
		return partitionByID(fromRegion), nil
	}
	return partitionByID("aws"), nil
}

// signinHost is the federation endpoint's host for region: the bare
// host for the partition's primary region (or none), REGION.host otherwise.
func (p Partition) signinHost(region string) string {
	if region == "" || region == p.primaryRegion {
		return p.signinDomain
	}
	return region + "." + p.signinDomain
}

// consoleHost is the console host for region.
func (p Partition) consoleHost(region string) string {
	if p.regionalConsole && region != "" {
		return region + "." + p.consoleDomain
	}
	return p.consoleDomain
}

// onConsole reports whether host is the partition's console domain or one
// of its subdomains (REGION.console..., the console's own services).
func (p Partition) onConsole(host string) bool {
	return p.consoleDomain != "" && (host == p.consoleDomain || strings.HasSuffix(host, "."+p.consoleDomain))
}
