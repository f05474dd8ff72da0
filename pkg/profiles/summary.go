package profiles

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
	out = make([]Summary, 0, len(names))
	for _, n := range names {
		head, _ := c.index.head(c.sections, secProfile, n)
		p := c.parse(n, head)
		s := Summary{Name: n, Kind: summaryKind(p)}
		s.Region, _ = p.Get("region")
		if v, _ := p.Get("source_profile"); v != "" {
			s.Source = v
		} else if v, _ := p.Get("credential_source"); v != "" {
			s.Source = v
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
