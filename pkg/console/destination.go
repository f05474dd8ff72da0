package console

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// service is where a console service lives under the console host.
type service struct {
	path     string // e.g. "ec2/home"
	fragment string // the console's in-page route, if any
	global   bool   // not regional: no region host or ?region=
}

// services are the console pages --service names. Global services live on
// the partition's bare console host.
var services = map[string]service{
	"console":        {path: "console/home"},
	"home":           {path: "console/home"},
	"acm":            {path: "acm/home"},
	"apigateway":     {path: "apigateway/main/apis"},
	"athena":         {path: "athena/home"},
	"backup":         {path: "backup/home"},
	"billing":        {path: "billing/home", global: true},
	"cloudformation": {path: "cloudformation/home"},
	"cloudfront":     {path: "cloudfront/v4/home", global: true},
	"cloudtrail":     {path: "cloudtrail/home"},
	"cloudwatch":     {path: "cloudwatch/home"},
	"codebuild":      {path: "codesuite/codebuild/home"},
	"codepipeline":   {path: "codesuite/codepipeline/home"},
	"config":         {path: "config/home"},
	"dynamodb":       {path: "dynamodbv2/home"},
	"ec2":            {path: "ec2/home"},
	"ecr":            {path: "ecr/home"},
	"ecs":            {path: "ecs/v2/home"},
	"eks":            {path: "eks/home"},
	"elasticache":    {path: "elasticache/home"},
	"eventbridge":    {path: "events/home"},
	"glue":           {path: "glue/home"},
	"guardduty":      {path: "guardduty/home"},
	"iam":            {path: "iam/home", global: true},
	"kinesis":        {path: "kinesis/home"},
	"kms":            {path: "kms/home"},
	"lambda":         {path: "lambda/home"},
	"logs":           {path: "cloudwatch/home", fragment: "logsV2:log-groups"},
	"organizations":  {path: "organizations/v2/home", global: true},
	"rds":            {path: "rds/home"},
	"redshift":       {path: "redshiftv2/home"},
	"route53":        {path: "route53/v2/home", global: true},
	"s3":             {path: "s3/home"},
	"sagemaker":      {path: "sagemaker/home"},
	"secretsmanager": {path: "secretsmanager/home"},
	"securityhub":    {path: "securityhub/home"},
	"sns":            {path: "sns/v3/home"},
	"sqs":            {path: "sqs/v3/home"},
	"ssm":            {path: "systems-manager/home"},
	"sso":            {path: "singlesignon/home"},
	"stepfunctions":  {path: "states/home"},
	"support":        {path: "support/home", global: true},
	"vpc":            {path: "vpcconsole/home"},
}

// serviceExamples is the start of the error for a --service assume does not know.
const serviceExamples = "s3, ec2, iam, cloudformation, lambda, logs, cloudwatch"

// ServiceNames lists every name --service knows, sorted.
func ServiceNames() []string {
	names := make([]string, 0, len(services))
	for n := range services {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Destination is the console URL to land on: the console home for "", a
// service's page for its name, or a full https URL on the partition's
// console host, taken as given. Partitions assume has no hosts for take any
// https URL (their console host is the user's to know).
func Destination(p Partition, region, svc string) (string, error) {
	svc = strings.TrimSpace(svc)
	if strings.Contains(svc, "://") {
		return fullDestination(p, svc)
	}
	name := strings.ToLower(svc)
	if name == "" {
		name = "console"
	}
	s, ok := services[name]
	if !ok {
		return "", fmt.Errorf("--service %q: not a console service assume knows: use one of %s (all: %s), or a full URL such as https://%s/ec2/home",
			svc, serviceExamples, strings.Join(ServiceNames(), " "), exampleHost(p))
	}
	if !p.Known {
		return "", fmt.Errorf("--service %q: the console host of partition %s is unknown to assume: pass --service with the full https:// URL of the page", svc, p.ID)
	}
	host := p.consoleHost(region)
	if s.global {
		host = p.consoleDomain
	}
	u := url.URL{Scheme: "https", Host: host, Path: "/" + s.path, Fragment: s.fragment}
	if region != "" && !s.global {
		u.RawQuery = url.Values{"region": {region}}.Encode()
	}
	return u.String(), nil
}

func fullDestination(p Partition, raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.Port() != "" {
		return "", fmt.Errorf("--service %q: a console URL must be https://HOST/..., such as https://%s/ec2/home", raw, exampleHost(p))
	}
	if p.Known && !p.onConsole(u.Hostname()) {
		return "", fmt.Errorf("--service %q: not on the %s console (%s or a subdomain of it): use a console URL such as https://%s/ec2/home, or a service name (%s)",
			raw, p.ID, p.consoleDomain, exampleHost(p), serviceExamples)
	}
	return u.String(), nil
}

func exampleHost(p Partition) string {
	if !p.Known {
		return "CONSOLE-HOST"
	}
	return p.consoleHost("")
}
