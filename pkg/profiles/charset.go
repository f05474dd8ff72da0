package profiles

import "strings"

// Hand-written checks of the STS parameter shapes (botocore sts
// service-2.json). Compiled regular expressions would cost every run of
// assume their compilation at start-up, the path that must stay cheap.

// partitions are the AWS partitions an IAM ARN may name.
var partitions = [...]string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

// isWord is regexp's \w: ASCII letters, digits and underscore.
func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// allOf reports whether s is non-empty and every byte is \w or in extra.
func allOf(s, extra string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isWord(c) && strings.IndexByte(extra, c) < 0 {
			return false
		}
	}
	return true
}

// iamResource splits arn:PARTITION:iam::ACCOUNT:TYPE/REST and returns REST
// when the prefix is well formed and TYPE matches.
func iamResource(v, typ string) (string, bool) {
	rest, ok := strings.CutPrefix(v, "arn:")
	if !ok {
		return "", false
	}
	part, rest, ok := strings.Cut(rest, ":")
	if !ok || !knownPartition(part) {
		return "", false
	}
	if rest, ok = strings.CutPrefix(rest, "iam::"); !ok || len(rest) < 13 || rest[12] != ':' {
		return "", false
	}
	for i := 0; i < 12; i++ {
		if rest[i] < '0' || rest[i] > '9' {
			return "", false
		}
	}
	return strings.CutPrefix(rest[13:], typ+"/")
}

func knownPartition(p string) bool {
	for _, k := range partitions {
		if p == k {
			return true
		}
	}
	return false
}

// isRoleARN: arn:P:iam::ACCOUNT:role/ then an optional IAM path and a 1-64
// character name of [\w+=,.@-]. An IAM path is "/" or "/" followed by
// printable ASCII ('!' to '~', so '/' and '~' too) and a closing "/", up to
// 512 characters in all; STS accepts any such role ARN.
func isRoleARN(v string) bool {
	rest, ok := iamResource(v, "role")
	if !ok {
		return false
	}
	slash := strings.LastIndexByte(rest, '/')
	name := rest[slash+1:]
	if len(name) > 64 || !allOf(name, "+=,.@-") {
		return false
	}
	if slash < 0 {
		return true // path "/"
	}
	inner := rest[:slash]
	if inner == "" || len(inner)+2 > maxIAMPath {
		return false
	}
	for i := 0; i < len(inner); i++ {
		if inner[i] < '!' || inner[i] > '~' {
			return false
		}
	}
	return true
}

// maxIAMPath is IAM's limit on a path, its leading and trailing "/" included.
const maxIAMPath = 512

// isMFAARN: arn:P:iam::ACCOUNT:mfa/ then [\w+=/:,.@-]+.
func isMFAARN(v string) bool {
	rest, ok := iamResource(v, "mfa")
	return ok && allOf(rest, "+=/:,.@-")
}
