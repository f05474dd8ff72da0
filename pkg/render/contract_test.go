package render

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
)

var (
	testTemporary = creds.Credentials{AccessKeyID: "ASIA", SecretAccessKey: "s", SessionToken: "t",
		Expires: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	testLongTerm = creds.Credentials{AccessKeyID: "AKIA", SecretAccessKey: "s"}
)

func marker(e Env) string {
	for _, v := range e.Set {
		if v.Name == ExportedMarker {
			return v.Value
		}
	}
	return "<none>"
}

func TestWithMarkerClaimsOnlyWhatAssumeSet(t *testing.T) {
	for _, tc := range []struct {
		name   string
		env    map[string]string
		c      creds.Credentials
		region string
		want   string
	}{
		{"fresh shell, region from the profile", nil, testTemporary, "eu-central-1",
			"AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION AWS_DEFAULT_REGION ASSUME_PROFILE"},
		{"the user's own region is not claimed", map[string]string{"AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-west-2"}, testTemporary, "us-west-2",
			"AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION ASSUME_PROFILE"},
		{"a changed region is claimed", map[string]string{"AWS_REGION": "us-west-2"}, testTemporary, "eu-west-1",
			"AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION AWS_DEFAULT_REGION ASSUME_PROFILE"},
		{"a region an earlier assume set stays claimed", map[string]string{"AWS_REGION": "eu-west-1", ExportedMarker: "AWS_REGION"}, testTemporary, "",
			"AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION ASSUME_PROFILE"},
		{"long-term keys drop the token", map[string]string{ExportedMarker: "AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION"}, testLongTerm, "",
			"AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY ASSUME_PROFILE"},
		{"a crafted marker cannot claim other names", map[string]string{ExportedMarker: "PATH HOME"}, testLongTerm, "",
			"AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY ASSUME_PROFILE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := Exports(tc.c, tc.region, "p")
			orig := append([]Var(nil), e.Set...)
			got := WithMarker(e, envOf(tc.env))
			if m := marker(got); m != tc.want {
				t.Errorf("marker %q\nwant   %q", m, tc.want)
			}
			if !reflect.DeepEqual(e.Set, orig) {
				t.Error("withMarker modified its input")
			}
			if err := Write(new(bytes.Buffer), FormatSh, got); err != nil {
				t.Errorf("marked env does not render: %v", err)
			}
		})
	}
}

func TestUnsetNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"marker", map[string]string{ExportedMarker: "AWS_ACCESS_KEY_ID AWS_REGION ASSUME_PROFILE", "ASSUME_PROFILE": "p"},
			[]string{"AWS_ACCESS_KEY_ID", "AWS_REGION", "ASSUME_PROFILE", ExportedMarker}},
		{"crafted marker", map[string]string{ExportedMarker: "PATH HOME;rm AWS_REGION"},
			[]string{"AWS_REGION", ExportedMarker}},
		{"no marker, from a subshell or an older assume", map[string]string{"ASSUME_PROFILE": "p", "AWS_REGION": "x"},
			append(CredentialVars(), ExportedMarker)},
		{"nothing from assume", map[string]string{"AWS_ACCESS_KEY_ID": "mine"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := UnsetNames(envOf(tc.env)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("unsetNames = %q, want %q", got, tc.want)
			}
		})
	}
}

// envOf is a Getenv over a fixed map.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestSubshellEnvCarriesMarkers(t *testing.T) {
	env := map[string]string{SubshellMarker: "outer"}
	e := SubshellEnv(Exports(testTemporary, "eu-west-1", "inner"), envOf(env), "inner")
	got := ExecEnv([]string{SubshellMarker + "=outer", "PATH=/bin"}, e)
	joined := strings.Join(got, "\n")
	if strings.Contains(joined, SubshellMarker+"=outer") || !strings.Contains(joined, SubshellMarker+"=inner") {
		t.Errorf("nesting marker: %q", got)
	}
	if !strings.Contains(joined, ExportedMarker+"=AWS_ACCESS_KEY_ID ") {
		t.Errorf("no --unset marker: %q", got)
	}
}

func TestUsersOwnHidesOnlyRegionsAssumeExported(t *testing.T) {
	env := map[string]string{"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "ASIA",
		ExportedMarker: "AWS_ACCESS_KEY_ID AWS_REGION AWS_DEFAULT_REGION ASSUME_PROFILE"}
	own := UsersOwn(envOf(env))
	if own("AWS_REGION") != "" || own("AWS_DEFAULT_REGION") != "" {
		t.Error("a region assume exported counts as the user's choice")
	}
	if own("AWS_ACCESS_KEY_ID") != "ASIA" {
		t.Error("only region variables are hidden")
	}
	env["AWS_REGION"] = "eu-north-1" // set by hand over the one assume exported
	if UsersOwn(envOf(env))("AWS_REGION") != "eu-north-1" {
		t.Error("a region the user changed by hand was hidden")
	}
	env["AWS_REGION"] = "us-east-1"
	env[ExportedMarker] = "AWS_ACCESS_KEY_ID ASSUME_PROFILE" // never exported by assume
	if UsersOwn(envOf(env))("AWS_REGION") != "us-east-1" {
		t.Error("the user's own region was hidden")
	}
}
