package profiles

import (
	"fmt"
	"strings"
)

// headerText returns the header line of s as written, trimmed.
func (c *Config) headerText(s *section) string {
	data := c.files[s.file].data
	ls := 0
	if s.body > 0 {
		ls = strings.LastIndexByte(data[:s.body-1], '\n') + 1
	}
	return strings.TrimSpace(data[ls:s.body])
}

// headerProblem is a header that does not define the profile it seems to
// name: Meant is that profile, Problem says why in a sentence that starts
// with the header, and Fix what to write instead.
type headerProblem struct {
	Meant, Problem, Fix string
}

// diagnoseHeader explains a header botocore (and so assume) reads as no
// profile, or as a profile named other than it looks. ok is false for a
// header that is fine.
func (c *Config) diagnoseHeader(s *section) (hp headerProblem, ok bool) {
	isConfig := s.file == fileConfig
	switch {
	case s.kind == secIgnored && s.name == "":
		h := c.headerText(s)
		inner := strings.TrimSpace(strings.TrimPrefix(h, "["))
		if strings.IndexByte(h, ']') >= 0 || inner == "" {
			return headerProblem{Problem: fmt.Sprintf("%s is not a section header", quote(h)),
				Fix: "write [profile NAME] (config file) or [NAME] (credentials file), or remove the line"}, true
		}
		meant := meantProfile(inner, isConfig)
		return headerProblem{Meant: meant, Problem: fmt.Sprintf("%s has no closing \"]\", so no profile is read from it (and the AWS CLI refuses the whole file)", quote(h)),
			Fix: fmt.Sprintf("write %s", canonicalHeader(meant, isConfig))}, true
	case s.name == configparserDefaults:
		return headerProblem{Meant: s.name,
			Problem: "[DEFAULT] is Python configparser's defaults section, not a profile: the AWS CLI adds its keys to every section of this file, assume ignores it",
			Fix:     "copy its keys into the profiles that need them and remove [DEFAULT]"}, true
	case s.prefixed && strings.IndexByte(c.headerText(s), '\\') >= 0:
		h := c.headerText(s)
		raw := strings.TrimSpace(strings.TrimPrefix(h[1:strings.LastIndexByte(h, ']')], "profile"))
		fix := fmt.Sprintf("write [profile '%s'] to keep the backslash", raw)
		if strings.IndexByte(raw, '\'') >= 0 {
			fix = "rename the profile without backslashes"
		}
		return headerProblem{Meant: raw,
			Problem: fmt.Sprintf("%s is profile %s: in a header a backslash escapes the next character, for the AWS CLI as for assume", h, quote(s.name)),
			Fix:     fix}, true
	case strings.TrimSpace(s.name) != s.name:
		meant := meantProfile(strings.TrimSpace(s.name), isConfig)
		problem := fmt.Sprintf("[%s] has blanks inside the brackets, so the AWS CLI and assume read no profile from it", s.name)
		if s.kind == secProfile {
			problem = fmt.Sprintf("[%s] defines a profile named %s, blanks included, as the AWS CLI reads it", s.name, quote(s.name))
		}
		return headerProblem{Meant: meant, Problem: problem, Fix: "write " + canonicalHeader(meant, isConfig)}, true
	}
	return headerProblem{}, false
}

// meantProfile is the profile name a header's inner text seems to mean.
func meantProfile(inner string, isConfig bool) string {
	if !isConfig {
		return inner
	}
	if rest, ok := strings.CutPrefix(inner, "profile"); ok && rest != "" && shellClass[rest[0]] == shellBlank {
		if name, ok := secondWord(inner, len("profile")); ok {
			return name
		}
		return strings.TrimSpace(rest)
	}
	return inner
}

// canonicalHeader is how a profile's header is written in a file.
func canonicalHeader(name string, isConfig bool) string {
	if isConfig && name != "default" {
		return "[profile " + name + "]"
	}
	return "[" + name + "]"
}
