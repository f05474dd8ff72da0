package profiles

import "strings"

// The corpus of TestResolveAgreesWithBotocore: ordinary configs, the edge
// cases of the shared-file format, and each rule of issue 8.
const (
	corpusRole  = "arn:aws:iam::123456789012:role/R"
	corpusRole2 = "arn:aws:iam::210987654321:role/R2"
	corpusKeys  = "[base]\naws_access_key_id = AKIAEXAMPLEBASE\naws_secret_access_key = base-secret\n"
)

func parityCorpus() []parityCase {
	role := func(extra string) string {
		return "[profile r]\nrole_arn = " + corpusRole + "\nsource_profile = base\n" + extra
	}
	return []parityCase{
		// Ordinary configs.
		{name: "static keys in the credentials file", profile: "base", creds: corpusKeys},
		{name: "static keys in the config file's [default]", profile: "default",
			config: "[default]\naws_access_key_id = AKIAEXAMPLEDEF\naws_secret_access_key = def-secret\nregion = us-east-1\n"},
		{name: "temporary keys with aws_session_token", profile: "t",
			creds: "[t]\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = s\naws_session_token = tok\n"},
		{name: "one role with every per-hop setting", profile: "r", creds: corpusKeys,
			config: role("external_id = ext-1\nrole_session_name = me\nduration_seconds = 7200\nregion = eu-west-1\n")},
		{name: "mfa_serial on a role over long-term keys", profile: "r", creds: corpusKeys,
			config: role("duration_seconds = 7200\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n"), kind: resolvesOtherwise,
			why: "botocore sends a code on the role call; assume gets one GetSessionToken session on the device that signs it (one code a day for every role; mfa-session: false does as botocore)"},
		{name: "three hops, settings per hop", profile: "c", creds: corpusKeys,
			config: "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/A\nsource_profile = base\nexternal_id = ext-a\n" +
				"[profile b]\nrole_arn = arn:aws:iam::222222222222:role/path/B\nsource_profile = a\nrole_session_name = sess-b\n" +
				"[profile c]\nrole_arn = arn:aws-cn:iam::333333333333:role/C\nsource_profile = b\nregion = cn-north-1\n"},
		{name: "credential_source Environment", profile: "e",
			config: "[profile e]\nrole_arn = " + corpusRole + "\ncredential_source = Environment\n"},
		{name: "credential_source Ec2InstanceMetadata", profile: "e",
			config: "[profile e]\nrole_arn = " + corpusRole + "\ncredential_source = Ec2InstanceMetadata\n"},
		{name: "credential_source EcsContainer", profile: "e",
			config: "[profile e]\nrole_arn = " + corpusRole + "\ncredential_source = EcsContainer\n"},
		{name: "credential_process", profile: "p", config: "[profile p]\ncredential_process = /usr/bin/helper --profile x\n"},
		{name: "a role on credential_process", profile: "r",
			config: "[profile r]\nrole_arn = " + corpusRole + "\nsource_profile = p\n[profile p]\ncredential_process = helper\n"},
		{name: "sso_session", profile: "s",
			config: "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n" +
				"[profile s]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Dev\nregion = us-east-1\n"},
		{name: "legacy sso keys", profile: "s",
			config: "[profile s]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-2\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\n"},
		{name: "a role on sso", profile: "r",
			config: "[profile r]\nrole_arn = " + corpusRole + "\nsource_profile = s\n" +
				"[profile s]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-2\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\n"},
		{name: "web identity", profile: "w",
			config: "[profile w]\nrole_arn = " + corpusRole + "\nweb_identity_token_file = /var/run/token\nrole_session_name = pod\n"},
		{name: "a role on web identity", profile: "r",
			config: "[profile r]\nrole_arn = " + corpusRole2 + "\nsource_profile = w\n[profile w]\nrole_arn = " + corpusRole + "\nweb_identity_token_file = /t\n"},
		{name: "a profile naming itself, with keys", profile: "self",
			config: "[profile self]\nrole_arn = " + corpusRole + "\nsource_profile = self\naws_access_key_id = AKIASELF\naws_secret_access_key = s\n"},
		{name: "a source with keys stops the walk, its role_arn unused", profile: "top",
			config: "[profile top]\nrole_arn = " + corpusRole + "\nsource_profile = mid\n[profile mid]\nrole_arn = " + corpusRole2 + "\nsource_profile = nowhere\n",
			creds:  "[mid]\naws_access_key_id = AKIAMID\naws_secret_access_key = s\n"},

		// The file format.
		{name: "keys are case-insensitive", profile: "r", creds: corpusKeys,
			config: "[profile r]\nROLE_ARN = " + corpusRole + "\nSource_Profile = base\nRegion = ap-south-1\n"},
		{name: "profile names are case-sensitive", profile: "R", creds: corpusKeys, config: role(""), assumeErr: "unknown profile"},
		{name: "credentials-file values win key by key", profile: "r", creds: corpusKeys + "[r]\nrole_arn = " + corpusRole2 + "\n",
			config: role("external_id = from-config\nregion = eu-west-1\n")},
		{name: "[default] is never inherited", profile: "r", creds: corpusKeys,
			config: "[default]\nregion = us-east-1\nexternal_id = default-ext\n" + role("")},
		{name: "an unknown profile is not [default]", profile: "nosuch", creds: corpusKeys,
			config: "[default]\ncredential_process = x\n", assumeErr: "unknown profile", botoErr: "ProfileNotFound"},
		{name: "':' as the delimiter", profile: "r", creds: corpusKeys,
			config: "[profile r]\nrole_arn: " + corpusRole + "\nsource_profile:base\nregion :eu-west-1\n"},
		{name: "comment lines and blank lines", profile: "r", creds: corpusKeys,
			config: "# top\n; also\n[profile r]\n# inside\nrole_arn = " + corpusRole + "\n\n   ; indented\nsource_profile = base\n"},
		{name: "CRLF line ends", profile: "r", creds: strings.ReplaceAll(corpusKeys, "\n", "\r\n"),
			config: strings.ReplaceAll(role("region = eu-west-1\n"), "\n", "\r\n")},
		{name: "a continued value", profile: "p", config: "[profile p]\ncredential_process = helper\n  --flag\n\tsecond\n"},
		{name: "a continued value with blank lines inside", profile: "p", config: "[profile p]\ncredential_process = first\n\n\n  second\n\n"},
		{name: "header with a comment after it", profile: "p", config: "[profile p] ; the helper\ncredential_process = x\n"},
		{name: "header with blanks after the name", profile: "p", config: "[profile   p  ]\ncredential_process = x\n"},
		{name: "quoted profile name", profile: "a b", config: "[profile \"a b\"]\ncredential_process = x\n"},
		{name: "profile name with a backslash escape", profile: "ab", config: "[profile a\\b]\ncredential_process = x\n"},
		{name: "[profiles x] is profile x to botocore", profile: "x", config: "[profiles x]\ncredential_process = x\n"},
		{name: "[ profile x ] is no profile", profile: "x", config: "[ profile x ]\ncredential_process = x\n", assumeErr: "blanks inside the brackets"},
		{name: "[profile a b] is no profile", profile: "a", config: "[profile a b]\ncredential_process = x\n"},
		{name: "credentials-file header is the name as written", profile: " dev ", creds: "[ dev ]\naws_access_key_id = AKIADEV\naws_secret_access_key = s\n"},
		{name: "credentials-file [profile x] is a profile named so", profile: "x",
			creds: "[profile x]\naws_access_key_id = AKIAX\naws_secret_access_key = s\n", assumeErr: "unknown profile"},
		{name: "quotes in a value are kept", profile: "p", config: "[profile p]\ncredential_process = \"helper\"\nregion = 'eu-west-1'\n"},

		// [default] and [profile default].
		{name: "[profile default] after [default] replaces it", profile: "default",
			config: "[default]\nregion = us-east-1\ncredential_process = old\n[profile default]\ncredential_process = new\n"},
		{name: "[default] after [profile default] replaces it", profile: "default",
			config: "[profile default]\nregion = us-east-1\ncredential_process = old\n[default]\ncredential_process = new\n"},
		{name: "the credentials file's [default] merges into the kept one", profile: "default",
			config: "[default]\ncredential_process = old\n[profile default]\nregion = eu-west-1\n", creds: "[default]\ncredential_process = creds\n"},

		// Role ARN paths.
		{name: "role path with a tilde", profile: "r", creds: corpusKeys,
			config: "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/ops~x/deploy\nsource_profile = base\n"},
		{name: "role path with every printable character", profile: "r", creds: corpusKeys,
			config: "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/a!\"#$%&'()*+,-.:;<=>?@[\\]^_`{|}~z/deploy\nsource_profile = base\n"},

		// Partial credentials.
		{name: "source with an access key and no secret, and a role", profile: "r", creds: corpusKeys,
			config:    "[profile r]\nrole_arn = " + corpusRole + "\nsource_profile = half\n[profile half]\naws_access_key_id = AKIAHALF\nrole_arn = " + corpusRole2 + "\nsource_profile = base\n",
			assumeErr: "partial credentials", botoErr: "PartialCredentialsError"},
		{name: "source with a secret and no access key, and a role", profile: "r", creds: corpusKeys,
			config:    "[profile r]\nrole_arn = " + corpusRole + "\nsource_profile = half\n[profile half]\naws_secret_access_key = s\nrole_arn = " + corpusRole2 + "\nsource_profile = base\n",
			assumeErr: "partial credentials", botoErr: "must have credentials"},
		{name: "an access key alone in the credentials file", profile: "a", creds: "[a]\naws_access_key_id = AKIAA\n",
			assumeErr: "partial credentials", botoErr: "PartialCredentialsError"},
		{name: "a key pair split over the two files", profile: "a",
			config: "[profile a]\naws_secret_access_key = s\n", creds: "[a]\naws_access_key_id = AKIAA\n",
			assumeErr: "partial credentials", botoErr: "PartialCredentialsError"},
		{name: "a secret alone in the credentials file leaves the config file's pair", profile: "a",
			config: "[profile a]\naws_access_key_id = AKIACFG\naws_secret_access_key = cfg\n", creds: "[a]\naws_secret_access_key = creds\n"},
		{name: "a token in the config file is not read with credentials-file keys", profile: "a",
			config: "[profile a]\naws_session_token = cfg-token\n", creds: "[a]\naws_access_key_id = AKIAA\naws_secret_access_key = s\n"},

		// aws_security_token.
		{name: "aws_security_token alone", profile: "t",
			creds: "[t]\naws_access_key_id = ASIAT\naws_secret_access_key = s\naws_security_token = legacy\n"},
		{name: "aws_security_token and aws_session_token", profile: "t",
			creds: "[t]\naws_access_key_id = ASIAT\naws_secret_access_key = s\naws_session_token = new\naws_security_token = legacy\n"},
		{name: "aws_security_token in the config file", profile: "t",
			config: "[profile t]\naws_access_key_id = ASIAT\naws_secret_access_key = s\naws_security_token = legacy\n"},
		{name: "a role on aws_security_token", profile: "r",
			config: "[profile r]\nrole_arn = " + corpusRole + "\nsource_profile = t\n",
			creds:  "[t]\naws_access_key_id = ASIAT\naws_secret_access_key = s\naws_security_token = legacy\n"},

		// Which source when several are set.
		{name: "credentials-file keys before credential_process", profile: "p",
			config: "[profile p]\ncredential_process = helper\n", creds: "[p]\naws_access_key_id = AKIAP\naws_secret_access_key = s\n"},
		{name: "credential_process before config-file keys", profile: "p",
			config: "[profile p]\ncredential_process = helper\naws_access_key_id = AKIAP\naws_secret_access_key = s\n"},
		{name: "sso before static keys", profile: "p",
			config: "[profile p]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = Dev\n",
			creds:  "[p]\naws_access_key_id = AKIAP\naws_secret_access_key = s\n"},
		{name: "sso_session alone is no sso profile", profile: "p",
			config: "[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n[profile p]\nsso_session = corp\ncredential_process = helper\n"},
		{name: "a source's web identity before its keys", profile: "r",
			config: "[profile r]\nrole_arn = " + corpusRole2 + "\nsource_profile = w\n[profile w]\nrole_arn = " + corpusRole + "\nweb_identity_token_file = /t\naws_access_key_id = AKIAW\naws_secret_access_key = s\n"},
		{name: "role_arn before the asked profile's own keys", profile: "r", creds: corpusKeys,
			config: role("aws_access_key_id = AKIAOWN\naws_secret_access_key = own\n")},

		// Values are taken whole.
		{name: "credential_process with ' ; '", profile: "p", config: "[profile p]\ncredential_process = sh -c 'a' ; b\n"},
		{name: "credential_process with ' # '", profile: "p", config: "[profile p]\ncredential_process = helper # the wrapper\n"},
		{name: "'#' and ';' with no blank before", profile: "p", config: "[profile p]\ncredential_process = helper a#b;c\nregion = eu-west-1#x\n"},
		{name: "inline ' #' in role_arn", profile: "r", creds: corpusKeys,
			config: "[profile r]\nrole_arn = " + corpusRole + " # prod\nsource_profile = base\n",
			kind:   assumeRefuses, why: "botocore sends the role ARN with the comment to STS, which rejects it", assumeErr: "inline comments are not comments"},
		{name: "inline ' ;' in external_id", profile: "r", creds: corpusKeys, config: role("external_id = ext-1 ; shared\n"),
			kind: assumeRefuses, why: "botocore sends the comment as part of the external id", assumeErr: "inline comments are not comments"},
		{name: "inline ' #' in region", profile: "r", creds: corpusKeys, config: role("region = eu-west-1 # Ireland\n"),
			kind: assumeRefuses, why: "botocore would call a region named with the comment", assumeErr: "inline comments are not comments"},
		{name: "inline ' #' in mfa_serial", profile: "r", creds: corpusKeys, config: role("mfa_serial = arn:aws:iam::123456789012:mfa/me # phone\n"),
			kind: assumeRefuses, why: "botocore sends the comment as the serial number", assumeErr: "inline comments are not comments"},
		{name: "inline ' ;' in source_profile", profile: "r", creds: corpusKeys,
			config: "[profile r]\nrole_arn = " + corpusRole + "\nsource_profile = base ; keys\n", assumeErr: "inline comments are not comments", botoErr: "does not exist"},

		// Malformed files.
		{name: "a line without '=' or ':'", profile: "r", creds: corpusKeys, config: role("region eu-west-1\n"),
			assumeErr: `line has no "="`, botoErr: "ConfigParseError"},
		{name: "'role_arn arn:...' reads as a key named 'role_arn arn'", profile: "r", creds: corpusKeys,
			config: "[profile r]\nrole_arn " + corpusRole + "\nsource_profile = base\n", assumeErr: `key named "role_arn arn"`, botoErr: "NoCredentials"},
		{name: "a header without ']' is not the profile it names", profile: "broken", creds: corpusKeys,
			config:    "[profile ok]\ncredential_process = x\n[profile broken\nrole_arn = " + corpusRole + "\nsource_profile = base\n",
			assumeErr: `"[profile broken" has no closing "]"`, botoErr: "ConfigParseError"},
		{name: "a header without ']' elsewhere in the file", profile: "ok", creds: corpusKeys,
			config: "[profile ok]\ncredential_process = x\n[profile broken\nregion = x\n",
			kind:   botocoreRefuses, why: "botocore refuses the whole file; assume reads the sections it needs (doctor reports the header)", botoErr: "ConfigParseError"},
		{name: "a nested block line without '='", profile: "p",
			config:    "[profile p]\ncredential_process = x\ns3 =\n  addressing_style: path\n",
			assumeErr: `(/x/config:4): line has no "="`, botoErr: "ConfigParseError"},
		{name: "a section repeated in one file", profile: "p",
			config: "[profile p]\ncredential_process = x\n[profile p]\nregion = eu-west-1\n",
			kind:   botocoreRefuses, why: "configparser refuses a repeated section; assume merges them (doctor reports it)", botoErr: "ConfigParseError"},
		{name: "a key repeated in one section", profile: "p",
			config: "[profile p]\ncredential_process = x\ncredential_process = y\n",
			kind:   botocoreRefuses, why: "configparser refuses a repeated key; assume takes the last", botoErr: "ConfigParseError"},
		{name: "a byte-order mark", profile: "p", config: bom + "[profile p]\ncredential_process = x\n",
			kind: botocoreRefuses, why: "configparser reads the mark as text before the first header; assume skips it", botoErr: "ConfigParseError"},
		{name: "[DEFAULT] keys", profile: "a",
			creds:  "[DEFAULT]\nregion = us-west-2\n[a]\naws_access_key_id = AKIAA\naws_secret_access_key = s\n",
			config: "[profile a]\n", kind: resolvesOtherwise,
			why: "configparser copies [DEFAULT] into every section of its file; assume never inherits (doctor warns)"},

		{name: "mfa_serial on a source with long-term keys", profile: "r",
			config: "[profile r]\nrole_arn = " + corpusRole + "\nsource_profile = base\n[profile base]\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n",
			creds:  corpusKeys, kind: resolvesOtherwise,
			why: "botocore ignores it; assume gets one GetSessionToken session with MFA that signs every hop"},

		// Deliberate strictness.
		{name: "duration_seconds that is not a number", profile: "r", creds: corpusKeys, config: role("duration_seconds = 1h\n"),
			kind: assumeRefuses, why: "botocore silently drops it and asks for the default hour", assumeErr: "whole number of seconds"},
		{name: "web identity and source_profile both set", profile: "w", creds: corpusKeys,
			config: "[profile w]\nrole_arn = " + corpusRole + "\nweb_identity_token_file = /t\nsource_profile = base\n",
			kind:   assumeRefuses, why: "botocore quietly uses the web identity; assume asks for one way to sign", assumeErr: "both web_identity_token_file and source_profile"},
		{name: "a cycle", profile: "a",
			config:    "[profile a]\nrole_arn = " + corpusRole + "\nsource_profile = b\n[profile b]\nrole_arn = " + corpusRole2 + "\nsource_profile = a\n",
			assumeErr: "cycle", botoErr: "InfiniteLoopConfigError"},
		{name: "a missing source profile", profile: "r", config: role(""), assumeErr: "is not in", botoErr: "does not exist"},
		{name: "both source_profile and credential_source", profile: "r", creds: corpusKeys,
			config: role("credential_source = Environment\n"), assumeErr: "both source_profile and credential_source", botoErr: "InvalidConfigError"},
		{name: "a source profile without credentials", profile: "r",
			config: role("") + "[profile base]\nregion = us-east-1\n", assumeErr: "no credentials", botoErr: "must have credentials"},
	}
}
