package main

import (
	"strings"
	"testing"

	"github.com/assume-cli/assume/pkg/render"
)

func TestCheckNesting(t *testing.T) {
	for _, tc := range []struct {
		env   map[string]string
		args  []string
		allow bool
	}{
		{map[string]string{}, nil, true},
		{map[string]string{subshellMarker: "prod"}, nil, false},
		{map[string]string{subshellMarker: "prod"}, []string{"--nest"}, true},
		{map[string]string{subshellMarker: "prod", "ASSUME_NEST": "1"}, nil, true},
		{map[string]string{subshellMarker: "prod", "ASSUME_NEST": "0"}, nil, false},
	} {
		d := &deps{Getenv: mapEnv(tc.env)}
		cmd := newRootCmd(d)
		if err := cmd.ParseFlags(tc.args); err != nil {
			t.Fatal(err)
		}
		err := checkNesting(cmd, d)
		if (err == nil) != tc.allow {
			t.Errorf("%v %q: %v", tc.env, tc.args, err)
		}
		if err != nil && (!strings.Contains(err.Error(), "`exit`") || !strings.Contains(err.Error(), "--nest") || !strings.Contains(err.Error(), `"prod"`)) {
			t.Errorf("error does not say what to do: %v", err)
		}
	}
}

func TestSubshellEnvCarriesMarkers(t *testing.T) {
	d := &deps{Getenv: mapEnv(map[string]string{subshellMarker: "outer"})}
	e := subshellEnv(render.Exports(testTemporary, "eu-west-1", "inner"), d, "inner")
	got := render.ExecEnv([]string{subshellMarker + "=outer", "PATH=/bin"}, e)
	joined := strings.Join(got, "\n")
	if strings.Contains(joined, subshellMarker+"=outer") || !strings.Contains(joined, subshellMarker+"=inner") {
		t.Errorf("nesting marker: %q", got)
	}
	if !strings.Contains(joined, exportedMarker+"=AWS_ACCESS_KEY_ID ") {
		t.Errorf("no --unset marker: %q", got)
	}
}
