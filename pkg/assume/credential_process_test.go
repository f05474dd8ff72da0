package assume

import (
	"strings"
	"testing"
	"time"
)

const processSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPROCESSKEY"

func TestParseProcessOutputReadsVersion1(t *testing.T) {
	c, err := parseProcessOutput([]byte(`{"Version": 1, "AccessKeyId": "ASIAEXAMPLE0000001", "SecretAccessKey": "` + processSecret +
		`", "SessionToken": "tok", "Expiration": "2026-01-02T03:04:05+01:00"}` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 1, 2, 2, 4, 5, 0, time.UTC)
	if c.AccessKeyID != "ASIAEXAMPLE0000001" || c.SecretAccessKey != processSecret || c.SessionToken != "tok" || !c.Expires.Equal(want) || c.Expires.Location() != time.UTC {
		t.Fatalf("parsed %+v (expires %s)", c, c.Expires)
	}
	long, err := parseProcessOutput([]byte(`{"Version":1,"AccessKeyId":"AKIAEXAMPLE0000001","SecretAccessKey":"` + processSecret + `"}`))
	if err != nil || long.Temporary() || long.CanExpire() {
		t.Fatalf("long-term keys: %+v, %v", long, err)
	}
}

func TestParseProcessOutputRefusesWithoutQuotingIt(t *testing.T) {
	cases := []struct {
		name, out, want string
	}{
		{"empty", "  \n", "the output is empty"},
		{"broken json", `{"Version":1,"SecretAccessKey":"` + processSecret + `" x}`, "invalid JSON at byte"},
		{"not json", processSecret, "invalid JSON at byte"},
		{"trailing text", `{"Version":1} ` + processSecret, "invalid JSON at byte"},
		{"array", `["` + processSecret + `"]`, "the output is a JSON array, want an object"},
		{"version as string", `{"Version":"1","SecretAccessKey":"` + processSecret + `"}`, "field Version is a JSON string, want int"},
		{"version 2", `{"Version":2,"AccessKeyId":"AKIAEXAMPLE0000001","SecretAccessKey":"` + processSecret + `"}`, "field Version is 2, want 1"},
		{"no version", `{"AccessKeyId":"AKIAEXAMPLE0000001","SecretAccessKey":"` + processSecret + `"}`, "field Version is 0, want 1"},
		{"no key id", `{"Version":1,"SecretAccessKey":"` + processSecret + `"}`, "field AccessKeyId is missing"},
		{"no secret", `{"Version":1,"AccessKeyId":"AKIAEXAMPLE0000001"}`, "field SecretAccessKey is missing"},
		{"secret as number", `{"Version":1,"AccessKeyId":"AKIAEXAMPLE0000001","SecretAccessKey":12345678}`, "field SecretAccessKey is a JSON number, want string"},
		{"bad expiration", `{"Version":1,"AccessKeyId":"AKIAEXAMPLE0000001","SecretAccessKey":"` + processSecret + `","Expiration":"` + processSecret + `"}`, "field Expiration is not an RFC 3339 time"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseProcessOutput([]byte(tc.out))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			for _, piece := range []string{processSecret, processSecret[:8], "12345678"} {
				if strings.Contains(err.Error(), piece) {
					t.Fatalf("error quotes the output (%q): %v", piece, err)
				}
			}
		})
	}
}
