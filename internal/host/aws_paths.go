package host

import "path/filepath"

// SSOCacheDir is where the AWS CLI v2 and the SDKs keep IAM Identity
// Center sign-ins: ~/.aws/sso/cache, under the home directory whatever
// AWS_CONFIG_FILE says (botocore expands "~" for it).
func (h Host) SSOCacheDir() string {
	return filepath.Join(h.Home(), ".aws", "sso", "cache")
}
