package ssosync

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/assume-cli/assume/pkg/profiles"
	"github.com/assume-cli/assume/pkg/sso"
)

// Options of a sync.
type Options struct {
	Session  string // the sso-session the profiles use
	Region   string // region of every profile; "": none
	Prefix   string // prepended to every name
	Template string // naming template; "": DefaultTemplate
	File     string // the config file's name, for messages
}

// Skip is a generated name already defined outside the block: it is left
// to the person who wrote it.
type Skip struct {
	Name string
	At   string // file:line of the existing section
}

// Result is what a sync does to the config file.
type Result struct {
	Config   []byte // the file after the sync
	Changed  bool   // Config differs from the file before
	Profiles []Profile
	Added    []string
	Removed  []string
	Updated  []string
	Skipped  []Skip
}

// Plan computes the config file after syncing accounts into the
// session's block. It reads nothing and writes nothing.
func Plan(config []byte, accounts []sso.Account, o Options) (*Result, error) {
	b, err := findBlock(config, o.Session, o.File)
	if err != nil {
		return nil, err
	}
	outside, inside := config, []byte(nil)
	if b.found {
		outside = append(append([]byte(nil), config[:b.start]...), config[b.end:]...)
		inside = config[b.start:b.end]
	}
	outCfg, err := profiles.LoadBytes(o.File, outside, "", nil)
	if err != nil {
		return nil, err
	}
	oldCfg, err := profiles.LoadBytes(o.File, inside, "", nil)
	if err != nil {
		return nil, err
	}
	named, err := Name(accounts, o.Prefix, o.Template)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for _, p := range named {
		if outCfg.Has(p.Name) {
			at := o.File
			if prof, err := outCfg.Profile(p.Name); err == nil {
				at = prof.At.String()
			}
			res.Skipped = append(res.Skipped, Skip{Name: p.Name, At: at})
			continue
		}
		res.Profiles = append(res.Profiles, p)
	}
	nl := newline(config)
	res.Config = splice(config, b, render(res.Profiles, Settings{Session: o.Session, Region: o.Region}, nl), nl)
	res.Changed = !bytes.Equal(res.Config, config)
	kept := map[string]bool{}
	for _, p := range res.Profiles {
		kept[p.Name] = true
		old, err := oldCfg.Profile(p.Name)
		if err != nil {
			res.Added = append(res.Added, p.Name)
			continue
		}
		if !same(old, p, o) {
			res.Updated = append(res.Updated, p.Name)
		}
	}
	for _, n := range oldCfg.Names() {
		if !kept[n] {
			res.Removed = append(res.Removed, n)
		}
	}
	sort.Strings(res.Removed)
	return res, nil
}

// same reports whether an old block profile says what p would.
func same(old *profiles.Profile, p Profile, o Options) bool {
	get := func(k string) string { v, _ := old.Get(k); return v }
	return get("sso_session") == o.Session && get("sso_account_id") == p.AccountID && get("sso_role_name") == p.Role && get("region") == o.Region
}

// Summary is one line for people: what changed.
func (r *Result) Summary() string {
	s := fmt.Sprintf("%d profile(s): %d added, %d removed, %d changed", len(r.Profiles), len(r.Added), len(r.Removed), len(r.Updated))
	if len(r.Skipped) > 0 {
		s += fmt.Sprintf(", %d skipped (already defined outside the block)", len(r.Skipped))
	}
	return s
}
