package profiles

import (
	"fmt"
	"math"
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
	index    nameIndex
}

func newConfig(configName, config, credsName, creds string) (*Config, error) {
	return newConfigMapped(configName, config, false, credsName, creds, false)
}

// newConfigMapped indexes the files; a mapped file's strings are copied
// before they leave the package (see catchFault).
func newConfigMapped(configName, config string, configMapped bool, credsName, creds string, credsMapped bool) (c *Config, err error) {
	c = &Config{files: [2]iniFile{{name: configName, mapped: configMapped}, {name: credsName, mapped: credsMapped}}}
	defer c.catchFault(&err)()
	c.files[fileConfig].bom, c.files[fileCreds].bom = strings.HasPrefix(config, bom), strings.HasPrefix(creds, bom)
	config = strings.TrimPrefix(config, bom)
	creds = strings.TrimPrefix(creds, bom)
	// Offsets are int32 to keep the per-section index small.
	for _, f := range [...]struct{ name, data string }{{configName, config}, {credsName, creds}} {
		if len(f.data) > math.MaxInt32 {
			return nil, fmt.Errorf("%s: file is larger than 2 GiB", f.name)
		}
	}
	c.files[fileConfig].data, c.files[fileCreds].data = config, creds
	// A cheap upper bound on the number of headers keeps appends from
	// growing the slice repeatedly.
	est := (len(config)+len(creds))/128 + 4
	c.sections = make([]section, 0, est)
	c.sections = scanSections(config, fileConfig, true, c.sections)
	c.sections = scanSections(creds, fileCreds, false, c.sections)
	c.index.build(c.sections)
	return c, nil
}

// Names lists every profile name in either file, sorted and unique.
func (c *Config) Names() []string {
	names, _ := c.names()
	return names
}

func (c *Config) names() (names []string, err error) {
	defer c.catchFault(&err)()
	for i := range c.sections {
		if s := &c.sections[i]; s.kind == secProfile && !s.dup {
			names = append(names, c.files[s.file].keep(s.name))
		}
	}
	sort.Strings(names)
	return names, nil
}

// Has reports whether a profile of exactly this name exists.
func (c *Config) Has(name string) (ok bool) {
	var err error
	defer c.catchFault(&err)()
	_, ok = c.index.head(c.sections, secProfile, name)
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

	head  int32     // first section of the name, for fileKeys
	notes bodyNotes // of all its sections
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
func (c *Config) Profile(name string) (p *Profile, err error) {
	defer c.catchFault(&err)()
	head, ok := c.index.head(c.sections, secProfile, name)
	if !ok {
		return nil, c.unknownProfile(name)
	}
	return c.parse(name, head), nil
}

func (c *Config) parse(name string, head int32) *Profile {
	p := &Profile{Name: name, Keys: make(map[string]Value, 8), head: head}
	c.parseInto(p, head, anyFile)
	return p
}

// anyFile selects both files in parseInto.
const anyFile uint8 = 0xFF

// parseInto merges the sections of head's name from file (or both) into p,
// config file first. Of [default] and [profile default] in the config file
// only the later form is read, whole, as botocore keeps the later section.
func (c *Config) parseInto(p *Profile, head int32, file uint8) {
	skipForm, skip := c.losingDefaultForm(head)
	for i := head; i >= 0; i = c.sections[i].next {
		s := &c.sections[i]
		if file != anyFile && s.file != file || skip && s.file == fileConfig && s.prefixed == skipForm {
			continue
		}
		f := &c.files[s.file]
		if p.At.File == "" {
			p.At = Location{File: f.name, Line: int(s.line)}
		}
		n := parseBody(f, s, p.Keys, false)
		p.notes.malformed = append(p.notes.malformed, n.malformed...)
		p.notes.comments = p.notes.comments || n.comments
	}
}

// losingDefaultForm reports, when the config file has both [default] and
// [profile default], which form loses: botocore's profile map keeps the one
// whose header comes later. skip is false for every other name.
func (c *Config) losingDefaultForm(head int32) (prefixed, skip bool) {
	if s := &c.sections[head]; s.name != "default" || s.kind != secProfile {
		return false, false
	}
	first := [2]int32{-1, -1} // first config-file section of each form: [0] plain, [1] prefixed
	for i := head; i >= 0; i = c.sections[i].next {
		if s := &c.sections[i]; s.file == fileConfig {
			form := 0
			if s.prefixed {
				form = 1
			}
			if first[form] < 0 {
				first[form] = i
			}
		}
	}
	if first[0] < 0 || first[1] < 0 {
		return false, false
	}
	return first[1] < first[0], true
}

// fileKeys are a profile's keys from one file only: botocore reads static
// keys per file (see staticKeys).
func (c *Config) fileKeys(p *Profile, file uint8) map[string]Value {
	q := &Profile{Keys: make(map[string]Value, 4)}
	c.parseInto(q, p.head, file)
	return q.Keys
}

// ssoSession returns the [sso-session NAME] section, or nil.
func (c *Config) ssoSession(name string) *Profile {
	head, ok := c.index.head(c.sections, secSSOSession, name)
	if !ok {
		return nil
	}
	return c.parse(name, head)
}

// servicesSection returns the [services NAME] section, or nil.
func (c *Config) servicesSection(name string) *Profile {
	head, ok := c.index.head(c.sections, secServices, name)
	if !ok {
		return nil
	}
	return c.parse(name, head)
}
