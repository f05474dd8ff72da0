package profiles

import (
	"sort"
	"strings"
)

const (
	fileConfig uint8 = 0
	fileCreds  uint8 = 1
)

// Config is the two shared files with their section headers indexed. Section
// bodies are parsed on demand by Profile. A Config is read-only after Load and
// safe for concurrent use.
type Config struct {
	files    [2]iniFile
	sections []section
	// heads map a name to the first of its sections (chained by next) in
	// config-then-credentials order, so later sections win key by key.
	profiles    map[string]int32
	ssoSessions map[string]int32
	services    map[string]int32
	// bare holds config-file headers without the "profile " prefix, used only
	// to explain an unknown profile.
	bare map[string]int
}

func newConfig(configName, config, credsName, creds string) *Config {
	config = strings.TrimPrefix(config, bom)
	creds = strings.TrimPrefix(creds, bom)
	c := &Config{files: [2]iniFile{{configName, config}, {credsName, creds}}}
	// A cheap upper bound on the number of headers keeps appends and the map
	// from growing repeatedly.
	est := strings.Count(config, "\n[") + strings.Count(creds, "\n[") + 2
	c.sections = make([]section, 0, est)
	c.sections = scanSections(config, fileConfig, true, c.sections)
	c.sections = scanSections(creds, fileCreds, false, c.sections)
	c.profiles = make(map[string]int32, est)
	tails := map[int32]int32{} // head -> tail, only for names seen twice
	for i := range c.sections {
		s := &c.sections[i]
		var m map[string]int32
		switch s.kind {
		case secProfile:
			m = c.profiles
		case secSSOSession:
			if c.ssoSessions == nil {
				c.ssoSessions = map[string]int32{}
			}
			m = c.ssoSessions
		case secServices:
			if c.services == nil {
				c.services = map[string]int32{}
			}
			m = c.services
		default:
			if s.name != "" && s.file == fileConfig {
				if c.bare == nil {
					c.bare = map[string]int{}
				}
				c.bare[s.name] = s.line
			}
			continue
		}
		head, ok := m[s.name]
		if !ok {
			m[s.name] = int32(i)
			continue
		}
		tail, ok := tails[head]
		if !ok {
			tail = head
		}
		c.sections[tail].next = int32(i)
		tails[head] = int32(i)
	}
	return c
}

// Names lists every profile name in either file, sorted and unique.
func (c *Config) Names() []string {
	names := make([]string, 0, len(c.profiles))
	for n := range c.profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Has reports whether a profile of exactly this name exists.
func (c *Config) Has(name string) bool {
	_, ok := c.profiles[name]
	return ok
}

// Files returns the file names the Config was loaded from.
func (c *Config) Files() Files {
	return Files{Config: c.files[fileConfig].name, Credentials: c.files[fileCreds].name}
}

// Profile is one profile's keys merged from both files.
type Profile struct {
	Name string
	At   Location // first header defining it
	Keys map[string]Value
}

// Get returns a key's text; key is case-insensitive.
func (p *Profile) Get(key string) (string, bool) {
	v, ok := p.Keys[strings.ToLower(key)]
	return v.Text, ok
}

// Lookup returns a key's value with its location; key is case-insensitive.
func (p *Profile) Lookup(key string) (Value, bool) {
	v, ok := p.Keys[strings.ToLower(key)]
	return v, ok
}

// has reports a key with a non-empty value: an empty value configures nothing.
func (p *Profile) has(key string) bool {
	return p.Keys[key].Text != ""
}

// Profile parses only the sections of the named profile. Config-file values
// come first and credentials-file values override them key by key.
func (c *Config) Profile(name string) (*Profile, error) {
	head, ok := c.profiles[name]
	if !ok {
		return nil, c.unknownProfile(name)
	}
	return c.parse(name, head), nil
}

func (c *Config) parse(name string, head int32) *Profile {
	p := &Profile{Name: name, Keys: make(map[string]Value, 8)}
	for i := head; i >= 0; i = c.sections[i].next {
		s := &c.sections[i]
		f := &c.files[s.file]
		if p.At.File == "" {
			p.At = Location{File: f.name, Line: s.line}
		}
		parseBody(f, s, p.Keys)
	}
	return p
}

// ssoSession returns the [sso-session NAME] section, or nil.
func (c *Config) ssoSession(name string) *Profile {
	head, ok := c.ssoSessions[name]
	if !ok {
		return nil
	}
	return c.parse(name, head)
}

// servicesSection returns the [services NAME] section, or nil.
func (c *Config) servicesSection(name string) *Profile {
	head, ok := c.services[name]
	if !ok {
		return nil
	}
	return c.parse(name, head)
}
