package doctor

import (
	"errors"
	"strings"
	"testing"
)

func TestFastPathFindings(t *testing.T) {
	unavailable := errors.New("no session keyring of this process's own")
	for _, tc := range []struct {
		name  string
		check FastPathCheck
		code  string
	}{
		{"all set", FastPathCheck{FrontInstalled: true}, ""},
		{"full program alone", FastPathCheck{HotTierErr: unavailable}, "front-missing"},
		{"hot tier off", FastPathCheck{FrontInstalled: true, HotCacheOff: true, HotTierErr: unavailable}, "hot-tier-off"},
		{"no session keyring", FastPathCheck{FrontInstalled: true, HotTierErr: unavailable}, "hot-tier-unavailable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := checkFastPath(tc.check)
			if tc.code == "" {
				if len(got) != 0 {
					t.Fatalf("findings %+v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0].Code != tc.code || got[0].Severity != SeverityInfo || got[0].Fix == "" {
				t.Fatalf("findings %+v, want one info %s", got, tc.code)
			}
			if tc.code == "hot-tier-unavailable" && !strings.Contains(got[0].Message, unavailable.Error()) {
				t.Errorf("the reason is not named: %s", got[0].Message)
			}
		})
	}
}
