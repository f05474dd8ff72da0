package render

import (
	"reflect"
	"testing"
)

func TestExportsTemporary(t *testing.T) {
	got := Exports(temporary, "eu-west-1", "prod")
	want := Env{
		Set: []Var{
			{"AWS_ACCESS_KEY_ID", temporary.AccessKeyID},
			{"AWS_SECRET_ACCESS_KEY", temporary.SecretAccessKey},
			{"AWS_SESSION_TOKEN", temporary.SessionToken},
			{"AWS_CREDENTIAL_EXPIRATION", "2026-01-02T03:04:05Z"},
			{"AWS_REGION", "eu-west-1"},
			{"AWS_DEFAULT_REGION", "eu-west-1"},
			{"ASSUME_PROFILE", "prod"},
		},
		Unset: []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Exports =\n%+v\nwant\n%+v", got, want)
	}
}

func TestExportsLongTermNoRegion(t *testing.T) {
	got := Exports(longTerm, "", "ci")
	want := Env{
		Set: []Var{
			{"AWS_ACCESS_KEY_ID", longTerm.AccessKeyID},
			{"AWS_SECRET_ACCESS_KEY", longTerm.SecretAccessKey},
			{"ASSUME_PROFILE", "ci"},
		},
		// A stale token or expiry from an earlier session must not survive.
		Unset: []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Exports =\n%+v\nwant\n%+v", got, want)
	}
}

func TestExportsNoProfileUnsetsStaleOne(t *testing.T) {
	e := Exports(temporary, "", "")
	for _, v := range e.Set {
		if v.Name == "ASSUME_PROFILE" {
			t.Errorf("ASSUME_PROFILE set to %q for an empty profile", v.Value)
		}
	}
	if e.Unset[len(e.Unset)-1] != "ASSUME_PROFILE" {
		t.Errorf("Unset = %v, want ASSUME_PROFILE in it", e.Unset)
	}
}

// Every format must render what Exports builds for real credentials.
func TestExportsRenderInEveryFormat(t *testing.T) {
	for _, f := range []Format{FormatSh, FormatFish, FormatPowerShell, FormatCmd, FormatDotenv} {
		for _, c := range []Env{Exports(temporary, "us-gov-west-1", "prod.admin@corp"), Exports(longTerm, "", "")} {
			render(t, f, c)
		}
	}
}
