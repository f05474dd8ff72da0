package profiles

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/testenv"
)

// parityKind says how assume's reading of a case must relate to botocore's.
type parityKind int

const (
	agree             parityKind = iota // same source, hops and region, or both refuse
	assumeRefuses                       // botocore would send the value to AWS; assume stops first
	botocoreRefuses                     // botocore refuses the file; assume reads the profile
	resolvesOtherwise                   // both resolve, differently on purpose
)

// parityCase is one shared-config case. Cases where assume deliberately
// differs say why; docs/configuration.md lists the same differences.
type parityCase struct {
	name, config, creds, profile string
	kind                         parityKind
	why                          string // for every kind but agree
	// assumeErr must be in assume's error (agree with both refusing, or assumeRefuses).
	assumeErr string
	// botoErr must be in botocore's error, when it refuses.
	botoErr string
}

// resolution is what a reader makes of a case, in botocore_resolve.py's shape.
type resolution struct {
	Error  string     `json:"error,omitempty"`
	Source sourceView `json:"source"`
	Hops   []hopView  `json:"hops"`
	Region string     `json:"region"`
}

type sourceView struct {
	Kind            string `json:"kind"`
	AccessKeyID     string `json:"access_key_id,omitempty"`
	SecretAccessKey string `json:"secret_access_key,omitempty"`
	SessionToken    string `json:"session_token,omitempty"`
	Command         string `json:"command,omitempty"`
	StartURL        string `json:"start_url,omitempty"`
	Region          string `json:"region,omitempty"`
	AccountID       string `json:"account_id,omitempty"`
	RoleName        string `json:"role_name,omitempty"`
	Session         string `json:"session,omitempty"`
	TokenFile       string `json:"token_file,omitempty"`
	RoleARN         string `json:"role_arn,omitempty"`
	RoleSessionName string `json:"role_session_name,omitempty"`
	Name            string `json:"name,omitempty"`
	// MFASerial is assume's GetSessionToken device on long-term keys;
	// botocore has no such step, so it never sets it.
	MFASerial string `json:"mfa_serial,omitempty"`
}

type hopView struct {
	RoleARN         string `json:"role_arn,omitempty"`
	ExternalID      string `json:"external_id,omitempty"`
	MFASerial       string `json:"mfa_serial,omitempty"`
	RoleSessionName string `json:"role_session_name,omitempty"`
	DurationSeconds int    `json:"duration_seconds,omitempty"`
}

// parityDefaultSession stands for "no role_session_name configured": botocore
// then makes up its own, assume uses this default.
const parityDefaultSession = "parity-default-session"

// assumeResolution is assume's plan in botocore_resolve.py's shape.
func assumeResolution(c *Config, profile string) (resolution, error) {
	p, err := Resolve(c, profile, ResolveOptions{DefaultSessionName: parityDefaultSession})
	if err != nil {
		return resolution{Error: err.Error()}, err
	}
	unlessDefault := func(s string) string {
		if s == parityDefaultSession {
			return ""
		}
		return s
	}
	s := p.Source
	var v sourceView
	switch s.Kind {
	case SourceStatic:
		v = sourceView{Kind: "static", AccessKeyID: s.AccessKeyID, SecretAccessKey: s.SecretAccessKey, SessionToken: s.SessionToken, MFASerial: s.MFASerial}
	case SourceProcess:
		v = sourceView{Kind: "process", Command: s.CredentialProcess}
	case SourceSSO:
		v = sourceView{Kind: "sso", StartURL: s.SSOStartURL, Region: s.SSORegion, AccountID: s.SSOAccountID, RoleName: s.SSORoleName, Session: s.SSOSession}
	case SourceWebIdentity:
		v = sourceView{Kind: "web-identity", TokenFile: s.WebIdentityTokenFile, RoleARN: s.RoleARN, RoleSessionName: unlessDefault(s.RoleSessionName)}
	case SourceEnvironment, SourceEC2, SourceECS:
		v = sourceView{Kind: "credential_source", Name: map[SourceKind]string{SourceEnvironment: "Environment", SourceEC2: "Ec2InstanceMetadata", SourceECS: "EcsContainer"}[s.Kind]}
	}
	r := resolution{Source: v, Hops: []hopView{}, Region: p.Region}
	for _, h := range p.Hops {
		r.Hops = append(r.Hops, hopView{RoleARN: h.RoleARN, ExternalID: h.ExternalID, MFASerial: h.MFASerial,
			RoleSessionName: unlessDefault(h.RoleSessionName), DurationSeconds: int(h.Asked / time.Second)})
	}
	return r, nil
}

// botocoreResolutions runs the whole corpus through botocore in one python3
// process.
func botocoreResolutions(t *testing.T, cases []parityCase) []resolution {
	t.Helper()
	python := testenv.Tool(t, "python3")
	type in struct {
		Name        string `json:"name"`
		Config      string `json:"config"`
		Credentials string `json:"credentials"`
		Profile     string `json:"profile"`
	}
	var input []in
	for _, c := range cases {
		input = append(input, in{c.name, c.config, c.creds, c.profile})
	}
	body, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "testdata/botocore_resolve.py")
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("botocore_resolve.py: %v\n%s", err, stderr.String())
	}
	var answer struct {
		Missing string       `json:"missing"`
		Version string       `json:"version"`
		Results []resolution `json:"results"`
	}
	if err := json.Unmarshal(out, &answer); err != nil {
		t.Fatalf("botocore_resolve.py printed %q: %v", out, err)
	}
	if answer.Missing != "" {
		testenv.Unavailable(t, "python3 cannot import botocore: %s", answer.Missing)
	}
	if len(answer.Results) != len(cases) {
		t.Fatalf("%d results for %d cases", len(answer.Results), len(cases))
	}
	t.Logf("botocore %s, %d cases", answer.Version, len(cases))
	return answer.Results
}

// TestResolveAgreesWithBotocore asks botocore itself how it reads each case
// of the corpus and compares with Resolve: the source (kind, keys, command,
// SSO or web identity settings), every AssumeRole hop's role, external id,
// MFA serial, session name and duration, and the region.
func TestResolveAgreesWithBotocore(t *testing.T) {
	cases := parityCorpus()
	boto := botocoreResolutions(t, cases)
	for i, pc := range cases {
		t.Run(pc.name, func(t *testing.T) {
			c := load(t, pc.config, pc.creds)
			mine, err := assumeResolution(c, pc.profile)
			theirs := boto[i]
			if pc.kind != agree && pc.why == "" {
				t.Fatal("a case that differs from botocore must say why")
			}
			if pc.botoErr != "" && !strings.Contains(theirs.Error, pc.botoErr) {
				t.Errorf("botocore error %q lacks %q", theirs.Error, pc.botoErr)
			}
			if pc.assumeErr != "" && (err == nil || !strings.Contains(err.Error(), pc.assumeErr)) {
				t.Errorf("assume error %v lacks %q", err, pc.assumeErr)
			}
			switch pc.kind {
			case agree:
				if (mine.Error != "") != (theirs.Error != "") {
					t.Fatalf("assume and botocore disagree on refusing it\nassume:   %s\nbotocore: %s", show(mine), show(theirs))
				}
				if mine.Error == "" && !reflect.DeepEqual(mine, theirs) {
					t.Fatalf("assume and botocore resolve it differently\nassume:   %s\nbotocore: %s", show(mine), show(theirs))
				}
			case assumeRefuses:
				if err == nil || theirs.Error != "" {
					t.Fatalf("want botocore to resolve and assume to refuse (%s)\nassume:   %s\nbotocore: %s", pc.why, show(mine), show(theirs))
				}
			case botocoreRefuses:
				if err != nil || theirs.Error == "" {
					t.Fatalf("want botocore to refuse and assume to resolve (%s)\nassume:   %s\nbotocore: %s", pc.why, show(mine), show(theirs))
				}
			case resolvesOtherwise:
				if err != nil || theirs.Error != "" || reflect.DeepEqual(mine, theirs) {
					t.Fatalf("want both to resolve, differently (%s)\nassume:   %s\nbotocore: %s", pc.why, show(mine), show(theirs))
				}
			}
		})
	}
}

func show(r resolution) string {
	b, _ := json.Marshal(r)
	return string(b)
}
