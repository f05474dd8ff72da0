package profiles

import "strings"

// Summary is one line of `assume list`.
type Summary struct{ Name, Kind, Source, Region string }

// summaryKeys are the only keys a summary reads, by index into
// summaryFields.values.
var summaryKeys = [...]string{
	"role_arn", "web_identity_token_file", "source_profile", "credential_source",
	"sso_session", "sso_start_url", "sso_account_id", "sso_role_name",
	"aws_access_key_id", "aws_secret_access_key", "credential_process", "region",
}

const (
	sumRoleARN = iota
	sumWebIdentity
	sumSourceProfile
	sumCredentialSource
	sumSSOSession
	sumSSOStartURL
	sumSSOAccountID
	sumSSORoleName
	sumAccessKey
	sumSecretKey
	sumProcess
	sumRegion
)

// summaryFields are a profile's values of summaryKeys, merged as parse
// merges every key: later lines win, the credentials file wins key by key.
type summaryFields struct{ values [len(summaryKeys)]string }

func (s *summaryFields) has(i int) bool { return s.values[i] != "" }

// Summaries describes every profile without validating it; Kind is the
// profile's own mechanism (static, role, process, sso, web-identity,
// environment, ec2-metadata, ecs-container, or "empty").
//
// It scans only the keys it reports, with the same line rules as parse
// (a value is its first line; continuation and nested lines belong to
// the key above), and copies out of a mapped file only the strings it
// returns: a full parse per profile allocated two maps and every key and
// value of 10,000 profiles, and list spent most of its time collecting
// them.
func (c *Config) Summaries() (out []Summary, err error) {
	names, err := c.names()
	if err != nil {
		return nil, err
	}
	defer c.catchFault(&err)()
	clone := func(s string) string { return s }
	if c.files[fileConfig].mapped || c.files[fileCreds].mapped {
		clone = strings.Clone
	}
	out = make([]Summary, 0, len(names))
	var f summaryFields
	for _, n := range names {
		head, _ := c.index.head(c.sections, secProfile, n)
		f = summaryFields{}
		c.summarize(&f, head)
		s := Summary{Name: n, Kind: f.kind(), Region: clone(f.values[sumRegion])}
		if v := f.values[sumSourceProfile]; v != "" {
			s.Source = clone(v)
		} else if v := f.values[sumCredentialSource]; v != "" {
			s.Source = clone(v)
		}
		out = append(out, s)
	}
	return out, nil
}

// summarize reads the summary keys of head's sections in parseInto's
// order, with its [default] rule.
func (c *Config) summarize(dst *summaryFields, head int32) {
	skipForm, skip := c.losingDefaultForm(head)
	for i := head; i >= 0; i = c.sections[i].next {
		s := &c.sections[i]
		if skip && s.file == fileConfig && s.prefixed == skipForm {
			continue
		}
		scanSummaryKeys(c.files[s.file].data[s.body:s.end], dst)
	}
}

// scanSummaryKeys is parseBody reduced to what a summary needs.
func scanSummaryKeys(data string, dst *summaryFields) {
	curIndent, have := 0, false
	for pos := 0; pos < len(data); {
		var ln string
		ln, pos = nextLine(data, pos)
		indent := indentOf(ln)
		rest := trimRight(ln[indent:])
		if rest == "" || rest[0] == '#' || rest[0] == ';' {
			continue
		}
		if have && indent > curIndent {
			continue // a continuation or nested line of the key above
		}
		k, v, ok := splitKeyValue(rest)
		have = ok
		if !ok {
			continue
		}
		curIndent = indent
		for i, want := range summaryKeys {
			if k == want {
				dst.values[i] = v
				break
			}
		}
	}
}

func (f *summaryFields) kind() string {
	switch {
	case f.has(sumRoleARN) && f.has(sumWebIdentity) && !f.has(sumSourceProfile) && !f.has(sumCredentialSource):
		return string(SourceWebIdentity)
	case f.has(sumRoleARN):
		return "role"
	case f.has(sumSSOAccountID) || f.has(sumSSORoleName) || f.has(sumSSOSession) || f.has(sumSSOStartURL):
		return string(SourceSSO)
	case f.has(sumAccessKey) && f.has(sumSecretKey):
		return string(SourceStatic)
	case f.has(sumProcess):
		return string(SourceProcess)
	}
	switch f.values[sumCredentialSource] {
	case "Environment":
		return string(SourceEnvironment)
	case "Ec2InstanceMetadata":
		return string(SourceEC2)
	case "EcsContainer":
		return string(SourceECS)
	}
	return "empty"
}
