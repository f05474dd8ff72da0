package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/assume-cli/assume/pkg/creds"
)

// FuzzCmd: any value is either refused (naming the variable, never the
// value, writing nothing) or read back exactly by the reference cmd.exe
// reader; and exactly the values cmd.exe can hold are accepted.
func FuzzCmd(f *testing.F) {
	for _, v := range append(hostileValues(`C:\work`), invalidUTF8...) {
		f.Add(v)
	}
	f.Add("a\x00b")
	f.Add("my prod (admin) café")
	f.Fuzz(func(t *testing.T, v string) {
		e := Env{Set: []Var{{"V", v}, {"AFTER", "intact"}}, Unset: []string{"AWS_PROFILE"}}
		if strings.IndexByte(v, 0) >= 0 {
			expectNULRejected(t, FormatCmd, e)
			return
		}
		safe := utf8.ValidString(v) && !strings.ContainsFunc(v, func(r rune) bool {
			return strings.ContainsRune(cmdUnsafe, r) || r < 0x20 || r == 0x7f
		})
		var b bytes.Buffer
		err := Write(&b, FormatCmd, e)
		if err != nil {
			if safe {
				t.Fatalf("refused a value cmd.exe can hold: %q: %v", v, err)
			}
			if b.Len() != 0 {
				t.Fatalf("wrote %q despite the error", b.String())
			}
			if !strings.Contains(err.Error(), "of V ") || (len(v) > 2 && strings.Contains(err.Error(), v)) {
				t.Fatalf("error %q should name V and not the value", err)
			}
			return
		}
		if !safe {
			t.Fatalf("accepted %q, which cmd.exe would interpret", v)
		}
		cmdEvalScript(t, b.String(), e)
	})
}

// FuzzCredentialProcess: the JSON an SDK reads back holds exactly the
// credentials given (Version the number 1, Expiration RFC 3339 UTC with Z,
// SessionToken and Expiration present iff temporary), on one line, or the
// call fails and writes nothing.
func FuzzCredentialProcess(f *testing.F) {
	f.Add(temporary.AccessKeyID, temporary.SecretAccessKey, temporary.SessionToken, expiry.Unix())
	f.Add(longTerm.AccessKeyID, longTerm.SecretAccessKey, "", int64(0))
	f.Add("AKIA", "s", "tok", int64(0))
	f.Add("a\"b\\c\n", "</script>\u2028\u2029", "\x7f\x00", int64(-1))
	f.Add("\xff", "s", "", int64(1))
	f.Fuzz(func(t *testing.T, akid, secret, token string, exp int64) {
		c := creds.Credentials{AccessKeyID: akid, SecretAccessKey: secret, SessionToken: token}
		if exp != 0 {
			// Expiries an SDK can parse back: years 1970-9999.
			const span = 253402300799 // 9999-12-31T23:59:59Z
			if exp < 0 {
				exp = -exp
			}
			c.Expires = time.Unix(exp%span+1, 0)
		}
		var b bytes.Buffer
		err := CredentialProcess(&b, c)
		valid := utf8.ValidString(akid) && utf8.ValidString(secret) && utf8.ValidString(token)
		wantErr := akid == "" || secret == "" || (token != "" && exp == 0) || !valid
		if err != nil {
			if !wantErr {
				t.Fatalf("refused valid credentials: %v", err)
			}
			if b.Len() != 0 {
				t.Fatalf("wrote %q despite the error", b.String())
			}
			for _, s := range []string{secret, token} {
				if len(s) > 3 && strings.Contains(err.Error(), s) {
					t.Fatalf("error %q leaks a secret", err)
				}
			}
			return
		}
		if wantErr {
			t.Fatalf("accepted %#v (valid UTF-8: %v)", c, valid)
		}
		out := b.String()
		if !strings.HasSuffix(out, "}\n") || strings.Count(out, "\n") != 1 {
			t.Fatalf("not one newline-terminated line: %q", out)
		}
		var m map[string]any
		dec := json.NewDecoder(strings.NewReader(out))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("not JSON: %v: %q", err, out)
		}
		if v, ok := m["Version"].(json.Number); !ok || v.String() != "1" {
			t.Fatalf("Version = %#v", m["Version"])
		}
		if m["AccessKeyId"] != akid || m["SecretAccessKey"] != secret {
			t.Fatalf("keys did not round-trip: %q", out)
		}
		tok, hasTok := m["SessionToken"]
		if hasTok != (token != "") || (hasTok && tok != token) {
			t.Fatalf("SessionToken = %#v, want %q", tok, token)
		}
		e, hasExp := m["Expiration"].(string)
		if hasExp != c.CanExpire() {
			t.Fatalf("Expiration present = %v for %v", hasExp, c.Expires)
		}
		if hasExp {
			parsed, err := time.Parse(time.RFC3339, e)
			if err != nil || !strings.HasSuffix(e, "Z") || !parsed.Equal(c.Expires) {
				t.Fatalf("Expiration %q (%v) for %v", e, err, c.Expires)
			}
		}
	})
}

// FuzzExportsEveryFormat renders Exports of arbitrary credentials, region
// and profile in every environment format. Each either refuses (writing
// nothing) or yields statements that set exactly those values and unset
// the stale variables: sh is evaluated by the real bash, the others by the
// reference readers.
func FuzzExportsEveryFormat(f *testing.F) {
	f.Add(temporary.AccessKeyID, temporary.SecretAccessKey, temporary.SessionToken, expiry.Unix(), "eu-west-1", "prod-admin")
	f.Add(longTerm.AccessKeyID, longTerm.SecretAccessKey, "", int64(0), "", "")
	f.Add("$(id)", "'`\"", "a\nb", int64(1), "%PATH%", "!x!")
	var bash shellKind
	for _, sh := range posixShells(f) {
		if sh.name == "bash" {
			bash = sh
		}
	}
	f.Fuzz(func(t *testing.T, akid, secret, token string, exp int64, region, profile string) {
		c := creds.Credentials{AccessKeyID: akid, SecretAccessKey: secret, SessionToken: token}
		if exp != 0 {
			c.Expires = time.Unix(exp%253402300799, 0)
		}
		e := Exports(c, region, profile)
		for _, format := range []Format{FormatSh, FormatFish, FormatPowerShell, FormatCmd, FormatDotenv} {
			var b bytes.Buffer
			if err := Write(&b, format, e); err != nil {
				if b.Len() != 0 {
					t.Fatalf("%s wrote %q despite %v", format, b.String(), err)
				}
				continue
			}
			script := b.String()
			switch format {
			case FormatSh:
				if bash.name != "" {
					checkShellResult(t, "bash", e, evalInShell(t, bash, "C.UTF-8", script, envNames(e)))
				}
			case FormatPowerShell:
				env := map[string]string{"AWS_PROFILE": "stale"}
				psEvalScript(t, script, env)
				checkMapEnv(t, "powershell", e, env)
			case FormatCmd:
				cmdEvalScript(t, script, e)
			case FormatDotenv:
				d := e
				d.Unset = nil
				dotenvEval(t, script, d)
			}
		}
	})
}
