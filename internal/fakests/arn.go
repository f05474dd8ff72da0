package fakests

import (
	"regexp"
	"strings"
)

// IAM paths are "/" or "/" + printable ASCII ('!' to '~', '/' included) +
// "/", at most maxPath characters; STS accepts a role ARN with any of them.
var (
	roleARNRe = regexp.MustCompile(`^arn:(aws[a-z-]*):iam::(\d{12}):role(/|/[\x21-\x7E]+/)([\w+=,.@-]{1,64})$`)
	userARNRe = regexp.MustCompile(`^arn:(aws[a-z-]*):iam::(\d{12}):user(/|/[\x21-\x7E]+/)([\w+=,.@-]{1,64})$`)
	// assumedRoleRe matches arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION.
	assumedRoleRe = regexp.MustCompile(`^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role/([\w+=,.@-]{1,64})/([\w+=,.@-]{2,64})$`)
)

// roleARN is a parsed arn:PARTITION:iam::ACCOUNT:role/PATH/NAME.
type roleARN struct {
	partition, account, path, name string
}

// maxPath is IAM's limit on a path, its slashes included.
const maxPath = 512

func parseRoleARN(s string) (roleARN, bool) {
	m := roleARNRe.FindStringSubmatch(s)
	if m == nil || len(m[3]) > maxPath {
		return roleARN{}, false
	}
	return roleARN{partition: m[1], account: m[2], path: m[3], name: m[4]}, true
}

// assumedRoleARN is the caller ARN of a session of this role (the path is dropped).
func (r roleARN) assumedRoleARN(sessionName string) string {
	return "arn:" + r.partition + ":sts::" + r.account + ":assumed-role/" + r.name + "/" + sessionName
}

// partitionRoleARN is the path-less role ARN for name in r's partition and account.
func (r roleARN) partitionRoleARN(name string) string {
	return "arn:" + r.partition + ":iam::" + r.account + ":role/" + name
}

func parseUserARN(s string) (account string, ok bool) {
	m := userARNRe.FindStringSubmatch(s)
	if m == nil || len(m[3]) > maxPath {
		return "", false
	}
	return m[2], true
}

func parseAssumedRoleARN(s string) (r roleARN, name, session string, ok bool) {
	m := assumedRoleRe.FindStringSubmatch(s)
	if m == nil {
		return roleARN{}, "", "", false
	}
	return roleARN{partition: m[1], account: m[2], path: "/", name: m[3]}, m[3], m[4], true
}

// arnPartition is the partition field of an ARN ("aws" if unparsable).
func arnPartition(arn string) string {
	parts := strings.SplitN(arn, ":", 3)
	if len(parts) < 3 || parts[1] == "" {
		return "aws"
	}
	return parts[1]
}
