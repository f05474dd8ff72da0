package profiles

import (
	"fmt"
	"strings"
)

// profileKeys are the keys botocore, the AWS CLI, the SDKs' shared-config
// loaders and assume read from a profile section (botocore configprovider.py
// and credentials.py, the AWS CLI's config-vars topic, the SDK settings
// reference). Nested blocks (s3, api_versions) count as one key.
var profileKeys = [...]string{
	// credentials and roles
	"aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_security_token",
	"aws_account_id", "role_arn", "source_profile", "credential_source", "external_id",
	"mfa_serial", "mfa_process", "duration_seconds", "role_session_name", "source_identity",
	"web_identity_token_file", "credential_process", "login_session",
	"sso_session", "sso_account_id", "sso_role_name", "sso_start_url", "sso_region", "sso_registration_scopes",
	// general
	"region", "output", "ca_bundle", "data_path", "api_versions", "parameter_validation",
	"endpoint_url", "ignore_configured_endpoint_urls", "services", "endpoint_discovery_enabled",
	"use_fips_endpoint", "use_dualstack_endpoint", "sts_regional_endpoints", "account_id_endpoint_mode",
	"max_attempts", "retry_mode", "defaults_mode", "tcp_keepalive", "sdk_ua_app_id", "auth_scheme_preference",
	"disable_host_prefix_injection", "request_checksum_calculation", "response_checksum_validation",
	"sigv4a_signing_region_set", "disable_request_compression", "request_min_compression_size_bytes",
	// instance metadata
	"metadata_service_timeout", "metadata_service_num_attempts", "ec2_metadata_service_endpoint",
	"ec2_metadata_service_endpoint_mode", "ec2_metadata_v1_disabled", "imds_use_ipv6",
	// service blocks and flat service settings
	"s3", "s3_use_arn_region", "s3_us_east_1_regional_endpoint",
	"proxy_ca_bundle", "proxy_client_cert", "proxy_use_forwarding_for_https",
	// client-side monitoring (botocore, undocumented but read)
	"csm_enabled", "csm_host", "csm_port", "csm_client_id",
	// AWS CLI
	"cli_pager", "cli_timestamp_format", "cli_follow_urlparam", "cli_auto_prompt",
	"cli_binary_format", "cli_history",
}

// ssoSessionKeys are what an [sso-session NAME] section may hold.
var ssoSessionKeys = [...]string{"sso_start_url", "sso_region", "sso_registration_scopes"}

// normalizeKey folds the usual misspellings of a key (case, '-' for '_',
// a dropped '_') onto one form.
func normalizeKey(k string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return -1
		}
		return r
	}, strings.ToLower(k))
}

// didYouMean returns the known key nearest to k, or "". Forms equal after
// normalizing win; else the nearest within an edit distance that grows with
// the key's length, so "s4" is not taken for "s3".
func didYouMean(k string, known []string) string {
	nk := normalizeKey(k)
	limit := 0
	switch {
	case len(nk) >= 6:
		limit = 2
	case len(nk) >= 3:
		limit = 1
	}
	best, bestD := "", limit+1
	for _, cand := range known {
		d := editDistance(nk, normalizeKey(cand), limit)
		if d < bestD {
			best, bestD = cand, d
		}
	}
	return best
}

func contains(list []string, k string) bool {
	for _, s := range list {
		if s == k {
			return true
		}
	}
	return false
}

// unknownKeys reports keys nothing reads. A near miss is a warning (the
// setting the person meant is silently missing); anything else is info,
// as other tools keep keys of their own in these files.
func (l *linter) unknownKeys(s *section, keys map[string]Value) {
	var known []string
	switch s.kind {
	case secProfile:
		known = profileKeys[:]
	case secSSOSession:
		known = ssoSessionKeys[:]
	default:
		return // [services] keys are service ids, with sub-keys per service
	}
	f := &l.c.files[s.file]
	for k, v := range keys {
		if contains(known, k) || strings.ContainsAny(k, " \t") && knownFirstWord(k) != "" {
			continue // "role_arn arn:..." is a malformed-line finding, and may hold a secret
		}
		k = f.keep(k)
		fd := Finding{Severity: SeverityInfo, At: v.At, Code: "unknown-key",
			Message: fmt.Sprintf("unknown key %s in [%s]: the AWS CLI and assume ignore it", quote(k), sectionLabel(s)),
			Fix:     "remove it, unless another tool reads it"}
		if s.kind == secProfile {
			fd.Profile = f.keep(s.name)
		}
		if s.kind == secSSOSession && contains(profileKeys[:], k) {
			fd.Severity = SeverityWarning
			fd.Message = fmt.Sprintf("%s belongs in a profile, not in [%s]", k, sectionLabel(s))
			fd.Fix = "move it to the profiles that use this sso-session"
		} else if near := didYouMean(k, known); near != "" {
			fd.Severity = SeverityWarning
			fd.Fix = fmt.Sprintf("did you mean %s? rename the key", near)
		}
		l.add(fd)
	}
}
