package cache

import (
	"testing"
	"time"
)

func TestItemNamesRoundTripAnyProfileName(t *testing.T) {
	for _, profile := range []string{"prod", "weird name/with.dots and ünïcode", "", "a.b.c"} {
		n := itemName{Key: Key{Kind: KindRole, Fingerprint: "0123456789abcdef0123456789abcdef", Profile: profile, Role: "arn:aws:iam::1:role/x"}, Expires: time.Unix(1893456000, 0)}
		got, ok := parseItemName(n.String())
		if !ok || got != n {
			t.Errorf("round trip of %q: %+v ok=%v", profile, got, ok)
		}
		for _, c := range n.String() {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
				t.Fatalf("item name %q has %q, unsafe for some backends", n.String(), c)
			}
		}
	}
	sso := itemName{Key: Key{Kind: KindSSORole, Fingerprint: "0123456789abcdef0123456789abcdef", Profile: "corp-prod", Role: "111111111111/Admin"}, Expires: time.Unix(1893456000, 0)}
	if got, ok := parseItemName(sso.String()); !ok || got != sso {
		t.Errorf("SSO role item: %+v ok=%v", got, ok)
	}
	for _, foreign := range []string{"aws-vault session", "assume.v1.other-kind.0123456789abcdef0123456789abcdef.1.eA.eA", "assume.v1.role.short.1.x.y", "assume.v1.role.0123456789abcdef0123456789abcdef.soon.eA.eA"} {
		if _, ok := parseItemName(foreign); ok {
			t.Errorf("parsed foreign item %q", foreign)
		}
	}
}
