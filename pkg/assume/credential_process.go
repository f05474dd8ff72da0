package assume

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
)

// processOutput is the credential_process Version 1 JSON every SDK reads.
type processOutput struct {
	Version         int
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string
	SessionToken    string
	Expiration      string
}

// credentialProcess runs src's credential_process and reads its JSON. The
// helper is run here rather than by the SDK's provider, which waits for
// every process the helper forked and cannot be told otherwise.
func (f SourceFetcher) credentialProcess(ctx context.Context, src profiles.Source) (creds.Credentials, error) {
	// stdin and stderr are the user's, as the SDK gives them: the helper
	// may prompt for a PIN or say "touch your key".
	h := helperCommand{what: "credential_process", command: src.CredentialProcess, stdin: os.Stdin, stderr: os.Stderr, limit: f.ProcessTimeout}
	out, err := h.run(ctx)
	if err != nil {
		return creds.Credentials{}, fmt.Errorf("profile %q: %w", src.Profile, err)
	}
	if runtime.GOOS == "windows" {
		// As the Go SDK does: `echo {\"Version\": 1, ...}` through cmd.exe
		// keeps the backslashes.
		out = bytes.ReplaceAll(out, []byte(`\"`), []byte(`"`))
	}
	c, err := parseProcessOutput(out)
	if err != nil {
		return creds.Credentials{}, fmt.Errorf("profile %q: credential_process output is not credential_process JSON (Version 1; output not shown: it may hold secrets): %w", src.Profile, err)
	}
	return c, nil
}

// parseProcessOutput reads Version 1 JSON. Its errors never quote the
// input (it may hold a secret key): encoding/json's messages are replaced,
// as a syntax error quotes the offending character and a type error may
// name a value.
func parseProcessOutput(out []byte) (creds.Credentials, error) {
	if len(bytes.TrimSpace(out)) == 0 {
		return creds.Credentials{}, errors.New("the output is empty")
	}
	var p processOutput
	if err := json.Unmarshal(out, &p); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			return creds.Credentials{}, fmt.Errorf("invalid JSON at byte %d of %d", syntax.Offset, len(out))
		case errors.As(err, &typ) && typ.Field == "":
			return creds.Credentials{}, fmt.Errorf("the output is a JSON %s, want an object", typ.Value)
		case errors.As(err, &typ):
			return creds.Credentials{}, fmt.Errorf("field %s is a JSON %s, want %s", typ.Field, typ.Value, typ.Type)
		}
		return creds.Credentials{}, errors.New("invalid JSON")
	}
	switch {
	case p.Version != 1:
		return creds.Credentials{}, fmt.Errorf("field Version is %d, want 1", p.Version)
	case p.AccessKeyID == "":
		return creds.Credentials{}, errors.New("field AccessKeyId is missing")
	case p.SecretAccessKey == "":
		return creds.Credentials{}, errors.New("field SecretAccessKey is missing")
	}
	c := creds.Credentials{AccessKeyID: p.AccessKeyID, SecretAccessKey: p.SecretAccessKey, SessionToken: p.SessionToken}
	if p.Expiration != "" {
		t, err := time.Parse(time.RFC3339, p.Expiration)
		if err != nil {
			return creds.Credentials{}, errors.New("field Expiration is not an RFC 3339 time such as 2026-01-02T03:04:05Z")
		}
		c.Expires = t.UTC()
	}
	return c, nil
}
