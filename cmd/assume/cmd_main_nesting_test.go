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
		{map[string]string{render.SubshellMarker: "prod"}, nil, false},
		{map[string]string{render.SubshellMarker: "prod"}, []string{"--nest"}, true},
		{map[string]string{render.SubshellMarker: "prod", "ASSUME_NEST": "1"}, nil, true},
		{map[string]string{render.SubshellMarker: "prod", "ASSUME_NEST": "0"}, nil, false},
	} {
		f, _, _ := testFactory(tc.env, false)
		cmd := newRootCmd(f)
		if err := cmd.ParseFlags(tc.args); err != nil {
			t.Fatal(err)
		}
		opts, err := parseMain(cmd, f, cmd.Flags().Args())
		if err != nil {
			t.Fatal(err)
		}
		err = checkNesting(opts)
		if (err == nil) != tc.allow {
			t.Errorf("%v %q: %v", tc.env, tc.args, err)
		}
		if err != nil && (!strings.Contains(err.Error(), "`exit`") || !strings.Contains(err.Error(), "--nest") || !strings.Contains(err.Error(), `"prod"`)) {
			t.Errorf("error does not say what to do: %v", err)
		}
	}
}
