package main

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/render"
)

var (
	testTemporary = creds.Credentials{AccessKeyID: "ASIA", SecretAccessKey: "s", SessionToken: "t",
		Expires: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	testLongTerm = creds.Credentials{AccessKeyID: "AKIA", SecretAccessKey: "s"}
)

func marker(e render.Env) string {
	for _, v := range e.Set {
		if v.Name == exportedMarker {
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
		{"a region an earlier assume set stays claimed", map[string]string{"AWS_REGION": "eu-west-1", exportedMarker: "AWS_REGION"}, testTemporary, "",
			"AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION ASSUME_PROFILE"},
		{"long-term keys drop the token", map[string]string{exportedMarker: "AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION"}, testLongTerm, "",
			"AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY ASSUME_PROFILE"},
		{"a crafted marker cannot claim other names", map[string]string{exportedMarker: "PATH HOME"}, testLongTerm, "",
			"AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY ASSUME_PROFILE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := render.Exports(tc.c, tc.region, "p")
			orig := append([]render.Var(nil), e.Set...)
			got := withMarker(e, mapEnv(tc.env))
			if m := marker(got); m != tc.want {
				t.Errorf("marker %q\nwant   %q", m, tc.want)
			}
			if !reflect.DeepEqual(e.Set, orig) {
				t.Error("withMarker modified its input")
			}
			if err := render.Write(new(bytes.Buffer), render.FormatSh, got); err != nil {
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
		{"marker", map[string]string{exportedMarker: "AWS_ACCESS_KEY_ID AWS_REGION ASSUME_PROFILE", "ASSUME_PROFILE": "p"},
			[]string{"AWS_ACCESS_KEY_ID", "AWS_REGION", "ASSUME_PROFILE", exportedMarker}},
		{"crafted marker", map[string]string{exportedMarker: "PATH HOME;rm AWS_REGION"},
			[]string{"AWS_REGION", exportedMarker}},
		{"no marker, from a subshell or an older assume", map[string]string{"ASSUME_PROFILE": "p", "AWS_REGION": "x"},
			append(append([]string(nil), credentialVars...), exportedMarker)},
		{"nothing from assume", map[string]string{"AWS_ACCESS_KEY_ID": "mine"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := unsetNames(mapEnv(tc.env)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("unsetNames = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestUnsetCommand(t *testing.T) {
	env := map[string]string{"HOME": t.TempDir(), "SHELL": "/usr/bin/fish", exportedMarker: "AWS_ACCESS_KEY_ID ASSUME_PROFILE"}
	run := func(tty bool, args ...string) (string, string, error) {
		var out, errb bytes.Buffer
		d := &deps{Stdout: &out, Stderr: &errb, Getenv: mapEnv(env), StdoutIsTTY: func() bool { return tty }}
		cmd := newRootCmd(d)
		cmd.SetArgs(args)
		err := cmd.Execute()
		return out.String(), errb.String(), err
	}
	out, errb, err := run(false, "--unset")
	if err != nil || out != "set -e AWS_ACCESS_KEY_ID\nset -e ASSUME_PROFILE\nset -e ASSUME_EXPORTED\n" || errb != "" {
		t.Errorf("--unset for fish: %q %q %v", out, errb, err)
	}
	env[hookEnv] = "bash" // the hook's shell wins over $SHELL
	out, _, err = run(false, "--unset")
	if err != nil || !strings.HasPrefix(out, "unset AWS_ACCESS_KEY_ID\n") {
		t.Errorf("--unset under the bash hook: %q %v", out, err)
	}
	delete(env, hookEnv)
	if _, errb, _ := run(true, "--unset"); !strings.Contains(errb, `eval "$(assume --unset)"`) {
		t.Errorf("no hint on a terminal: %q", errb)
	}
	for _, args := range [][]string{{"--unset", "prod"}, {"--unset", "--credential-process"}, {"--unset", "--format", "dotenv"}} {
		out, _, err := run(false, args...)
		if err == nil || out != "" || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: want a one-line error and no output, got %q, %v", args, out, err)
		}
	}
	env = map[string]string{"HOME": env["HOME"]}
	if out, errb, err := run(false, "--unset"); err != nil || out != "" || !strings.Contains(errb, "nothing to unset") {
		t.Errorf("nothing to unset: %q %q %v", out, errb, err)
	}
}
