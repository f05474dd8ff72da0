package doctor

import (
	"fmt"
	"time"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/keyrings"
)

// roundTripTimeout bounds the test write: a Secret Service or KWallet
// backend can wait forever on a GUI prompt nobody sees.
const roundTripTimeout = 10 * time.Second

// itemPrefix names doctor's test item. It matches neither cache items
// (assume.v2., assume.v1.) nor stored keys (assume.keys.), so a concurrent assume
// never mistakes it for either.
const itemPrefix = "assume.doctor."

// KeyringCheck is the keyring assume would open, as doctor checks it.
type KeyringCheck struct {
	// Config is how assume opens its keyring, with a passphrase source
	// that reads the environment and never prompts.
	Config keyrings.Config
	// PassphraseInEnv says the file backend's passphrase is in the
	// environment, so a test write needs no prompt.
	PassphraseInEnv bool
	// Open replaces keyrings.Open (tests).
	Open func(keyrings.Config) (keyring.Keyring, keyring.BackendType, error)
	// InspectPassGit replaces keyrings.InspectPassGit (tests).
	InspectPassGit func(keyrings.Config) (keyrings.PassGit, error)
}

// checkKeyring reports the backend assume would use and whether it works,
// and returns the profiles with keys stored there (for the linter). A
// broken keyring is a warning: assume still runs, only without the cache.
func checkKeyring(k KeyringCheck) ([]Finding, map[string]string) {
	warn := func(msg, fix string) []Finding {
		return []Finding{{Severity: SeverityWarning, Code: "keyring-broken", Message: msg, Fix: fix}}
	}
	backend, err := keyrings.ParseBackend(k.Config.Backend)
	if err != nil {
		return warn(err.Error(), "set a valid backend, or remove the setting to use auto"), nil
	}
	open := k.Open
	if open == nil {
		open = keyrings.Open
	}
	ring, used, err := open(k.Config)
	if err != nil {
		return warn(fmt.Sprintf("no usable keyring (%v): assume runs without the session cache and `assume keys` does not work", err),
			"set keyring.backend in config.yaml or ASSUME_KEYRING_BACKEND (e.g. file, with ASSUME_KEYRING_PASSPHRASE)"), nil
	}
	store := cache.New(ring, cache.Options{Backend: string(used)})
	keys, err := store.StoredKeys()
	if err != nil {
		return warn(fmt.Sprintf("the %s keyring opened but cannot be listed: %v", used, err), "check the backend's daemon or directory, or choose another backend"), nil
	}
	asked := ""
	if backend == keyrings.Auto {
		asked = " (chosen by auto)"
	}
	info := Finding{Severity: SeverityInfo, Code: "keyring"}
	switch skip := roundTripSkipped(k, used); {
	case skip != "":
		info.Message = fmt.Sprintf("keyring backend %s%s opens and lists %d stored key(s); %s", used, asked, len(keys), skip)
		if used == keyring.FileBackend {
			info.Fix = "set ASSUME_KEYRING_PASSPHRASE to let doctor test a write"
		}
	default:
		if err := keyrings.RoundTrip(ring, itemPrefix, roundTripTimeout); err != nil {
			return warn(fmt.Sprintf("keyring backend %s%s does not work: %v", used, asked, err),
				"unlock the keyring or choose another backend with ASSUME_KEYRING_BACKEND"), keys
		}
		info.Message = fmt.Sprintf("keyring backend %s%s works: a test item was stored, read back and removed; %d profile(s) keep keys there", used, asked, len(keys))
	}
	findings := []Finding{info}
	if used == keyring.PassBackend {
		findings = append(findings, checkPassGit(k)...)
	}
	return findings, keys
}

// checkPassGit says what a git-backed password store does with assume's
// items: nothing new goes in (assume runs pass with git disabled), but
// the history keeps whatever an earlier version let pass commit, and it
// travels with every `pass git push`.
func checkPassGit(k KeyringCheck) []Finding {
	inspect := k.InspectPassGit
	if inspect == nil {
		inspect = keyrings.InspectPassGit
	}
	g, err := inspect(k.Config)
	switch {
	case err != nil:
		return []Finding{{Severity: SeverityWarning, Code: "pass-git", Message: fmt.Sprintf("could not read the git history of the password store: %v", err),
			Fix: "check the store with pass git status"}}
	case !g.Repo:
		return nil
	case g.Tracked > 0 || g.Commits > 0:
		return []Finding{{Severity: SeverityWarning, Code: "pass-git-history",
			Message: fmt.Sprintf("the password store %s is a git repository whose history holds assume's items (%d commit(s) touching %s/, %d file(s) still tracked), committed by pass for an earlier assume: encrypted sessions, and any long-term keys stored with `assume keys add`, travel with every `pass git push`; assume no longer commits any", g.Store, g.Commits, g.Folder, g.Tracked),
			Fix:     fmt.Sprintf("pass git rm -r -q --cached %s && pass git commit -m 'untrack assume', then rewrite the history without %s/ (e.g. git filter-repo --invert-paths --path %s) on every clone, and rotate the keys `assume keys list` shows", g.Folder, g.Folder, g.Folder)}}
	case !g.Ignored:
		return []Finding{{Severity: SeverityWarning, Code: "pass-git",
			Message: fmt.Sprintf("the password store %s is a git repository that does not ignore %s/: assume never commits its items, but a `git add` of the whole store would", g.Store, g.Folder),
			Fix:     fmt.Sprintf("remove the rule that un-ignores %s/ (assume writes %s/.gitignore ignoring everything in it)", g.Folder, g.Folder)}}
	}
	return []Finding{{Severity: SeverityInfo, Code: "pass-git",
		Message: fmt.Sprintf("the password store %s is a git repository: assume runs pass with git disabled, so its items are never committed, and %s/.gitignore keeps them out of a `git add`", g.Store, g.Folder)}}
}

// roundTripSkipped says why a test write would be wrong here, or "".
func roundTripSkipped(k KeyringCheck, used keyring.BackendType) string {
	switch {
	case used == keyring.FileBackend && !k.PassphraseInEnv:
		return "a test write was skipped because the file keyring would ask for its passphrase and doctor does not prompt"
	case used == keyring.PassBackend:
		return "a test write was skipped because reading it back could make gpg ask for your key's passphrase, and doctor does not prompt"
	}
	return ""
}
