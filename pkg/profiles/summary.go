package profiles

import "strings"

// Summary is one line of `assume list`.
type Summary struct{ Name, Kind, Source, Region string }

// Summaries describes every profile without validating it; Kind is the
// profile's own mechanism (static, role, process, sso, web-identity,
// environment, ec2-metadata, ecs-container, or "empty").
func (c *Config) Summaries() (out []Summary, err error) {
	names, err := c.names()
	if err != nil {
		return nil, err
	}
	defer c.catchFault(&err)()
	// One scratch profile serves every name, parsed through a view of the
	// files that copies nothing out of a mapped file: the parse's strings
	// die with the next name, and only the summary's fields are copied.
	// (A parse per name allocated two maps and every key and value of
	// 10,000 profiles, and the garbage collector took most of list.)
	view := &Config{files: c.files, sections: c.sections, index: c.index}
	for i := range view.files {
		view.files[i].mapped = false
	}
	clone := func(s string) string { return s }
	if c.files[fileConfig].mapped || c.files[fileCreds].mapped {
		clone = strings.Clone
	}
	p := &Profile{Keys: make(map[string]Value, 16)}
	out = make([]Summary, 0, len(names))
	for _, n := range names {
		head, _ := c.index.head(c.sections, secProfile, n)
		clear(p.Keys)
		*p = Profile{Name: n, Keys: p.Keys, head: head}
		view.parseInto(p, head, anyFile)
		s := Summary{Name: n, Kind: summaryKind(p)}
		region, _ := p.Get("region")
		s.Region = clone(region)
		if v, _ := p.Get("source_profile"); v != "" {
			s.Source = clone(v)
		} else if v, _ := p.Get("credential_source"); v != "" {
			s.Source = clone(v)
		}
		out = append(out, s)
	}
	return out, nil
}

func summaryKind(p *Profile) string {
	switch {
	case p.has("role_arn") && p.has("web_identity_token_file") && !p.has("source_profile") && !p.has("credential_source"):
		return string(SourceWebIdentity)
	case p.has("role_arn"):
		return "role"
	case looksSSO(p):
		return string(SourceSSO)
	case hasStatic(p):
		return string(SourceStatic)
	case p.has("credential_process"):
		return string(SourceProcess)
	}
	switch v, _ := p.Get("credential_source"); v {
	case "Environment":
		return string(SourceEnvironment)
	case "Ec2InstanceMetadata":
		return string(SourceEC2)
	case "EcsContainer":
		return string(SourceECS)
	}
	return "empty"
}
