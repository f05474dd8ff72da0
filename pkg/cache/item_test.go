package cache

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// ssoRole is a legal AWS SSO-reserved role ARN: its path alone is 63 bytes.
const ssoRole = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef"

const fp = "0123456789abcdef0123456789abcdef"

func safeName(t *testing.T, name string) {
	t.Helper()
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			t.Fatalf("item name %q has %q, unsafe for some backends", name, c)
		}
	}
	// pass adds ".gpg"; a file name holds 255 bytes.
	if len(name) > maxItemName || len(name)+len(".gpg") > 255 {
		t.Fatalf("item name is %d bytes: %s", len(name), name)
	}
}

func TestItemNamesRoundTripAnyShortProfileName(t *testing.T) {
	for _, profile := range []string{"prod", "weird name/with.dots and ünïcode", "", "a.b.c"} {
		k := Key{Kind: KindRole, Fingerprint: fp, Profile: profile, Role: "arn:aws:iam::1:role/x"}
		n := newItemName(k, time.Unix(1893456000, 0))
		safeName(t, n.name)
		got, ok := parseItemName(n.name)
		if !ok || got.Key != k || !got.Expires.Equal(n.Expires) || got.tag != profileTag(profile) || got.name != n.name {
			t.Errorf("round trip of %q: %+v ok=%v", profile, got, ok)
		}
	}
}

// The name that disabled the cache: a 34-character profile and the
// SSO-reserved ARN made a 291-byte v1 name.
func TestItemNameOfAnSSORoleFitsAndStaysReadable(t *testing.T) {
	profile := strings.Repeat("p", 34)
	for _, kind := range []string{KindRole, KindMFASession} {
		n := newItemName(Key{Kind: kind, Fingerprint: fp, Profile: profile, Role: ssoRole}, time.Unix(1893456000, 0))
		safeName(t, n.name)
		got, ok := parseItemName(n.name)
		if !ok {
			t.Fatalf("unparsable %s", n.name)
		}
		if got.Profile != profile {
			t.Errorf("profile shown as %q, want it whole", got.Profile)
		}
		if want := "arn:aws:iam::123456789012:role/…/AWSReservedSSO_AdministratorAccess_0123456789abcdef"; got.Role != want {
			t.Errorf("role shown as %q, want %q", got.Role, want)
		}
	}
}

func TestItemNamesFitWhateverTheInput(t *testing.T) {
	longPath := "arn:aws-us-gov:iam::123456789012:role/" + strings.Repeat("team/", 100) + strings.Repeat("R", 64)
	profiles := []string{"", "x", strings.Repeat("p", 34), strings.Repeat("é", 300), strings.Repeat("profile-", 130)}
	roles := []string{"", "arn:aws:iam::1:mfa/me", ssoRole, longPath, strings.Repeat("ü", 400), "no-colon/" + strings.Repeat("x", 500)}
	// The widest expiry a name can carry, and the longer kind.
	expires := time.Unix(99999999999, 0)
	for _, profile := range profiles {
		for _, role := range roles {
			k := Key{Kind: KindMFASession, Fingerprint: fp, Profile: profile, Role: role}
			n := newItemName(k, expires)
			safeName(t, n.name)
			if again := newItemName(k, expires); again.name != n.name {
				t.Fatalf("names differ between runs: %s, %s", n.name, again.name)
			}
			got, ok := parseItemName(n.name)
			if !ok || got.Fingerprint != fp || got.Kind != k.Kind || got.Expires.Unix() != expires.Unix() || got.tag != profileTag(profile) {
				t.Fatalf("parse of %s: %+v %v", n.name, got, ok)
			}
			if !utf8.ValidString(got.Profile) || !utf8.ValidString(got.Role) {
				t.Errorf("a character was cut in two: %q, %q", got.Profile, got.Role)
			}
			if shown := strings.TrimSuffix(got.Profile, ellipsis); !strings.HasPrefix(profile, shown) {
				t.Errorf("profile %q shown as %q", profile, got.Profile)
			}
			if len(profile) <= 34 && got.Profile != profile {
				t.Errorf("a %d-byte profile was shortened to %q", len(profile), got.Profile)
			}
			if role == longPath && !strings.HasSuffix(got.Role, strings.Repeat("R", 20)) {
				t.Errorf("the role's name was lost: %q", got.Role)
			}
		}
	}
	sso := newItemName(Key{Kind: KindSSORole, Fingerprint: "0123456789abcdef0123456789abcdef", Profile: "corp-prod", Role: "111111111111/Admin"}, time.Unix(1893456000, 0))
	if got, ok := parseItemName(sso.name); !ok || got.Key != sso.Key || !got.Expires.Equal(sso.Expires) {
		t.Errorf("SSO role item: %+v ok=%v", got, ok)
	}
}

// v1 names, written by the previous release, are read as before.
func TestItemNamesOfTheFormerFormatStillParse(t *testing.T) {
	enc := base64.RawURLEncoding
	v1 := "assume.v1.role." + fp + ".1893456000." + enc.EncodeToString([]byte("prod")) + "." + enc.EncodeToString([]byte("arn:aws:iam::1:role/x"))
	got, ok := parseItemName(v1)
	if !ok || got.Profile != "prod" || got.Role != "arn:aws:iam::1:role/x" || got.tag != profileTag("prod") || got.name != v1 || got.Expires.Unix() != 1893456000 {
		t.Fatalf("v1 name: %+v %v", got, ok)
	}
	for _, foreign := range []string{
		"aws-vault session",
		"assume.v1.role.short.1.x.y",
		"assume.v1.role." + fp + ".soon.eA.eA",
		"assume.v2.role." + fp + ".1.short.eA.eA",
		"assume.v2.role." + fp + ".1." + profileTag("p") + ".eA",
		"assume.v2.keys." + fp + ".1." + profileTag("p") + ".eA.eA",
		"assume.keys.cHJvZA.AKIAEXAMPLE",
	} {
		if _, ok := parseItemName(foreign); ok {
			t.Errorf("parsed foreign item %q", foreign)
		}
	}
}

func TestFitNamesShortensDeterministically(t *testing.T) {
	for _, c := range []struct {
		profile, role string
		budget        int
		wantP, wantR  string
	}{
		{"prod", "arn:aws:iam::1:role/team/sub/R", 100, "prod", "arn:aws:iam::1:role/team/sub/R"},
		{"prod", "arn:aws:iam::1:role/team/sub/R", b64Len(4) + b64Len(len("arn:aws:iam::1:role/…/R")), "prod", "arn:aws:iam::1:role/…/R"},
		// The profile keeps two fifths (32 characters: 24 bytes), the role
		// the rest (48: 36 bytes), too few for its start: its end is kept.
		{strings.Repeat("p", 30), "arn:aws:iam::123456789012:role/" + strings.Repeat("N", 60), 80,
			strings.Repeat("p", 21) + "…", "…" + strings.Repeat("N", 33)},
		// Room for the start: partition, account, resource type, then the end.
		{"prod", "arn:aws:iam::123456789012:role/" + strings.Repeat("N", 64), 100,
			"prod", "arn:aws:iam::123456789012:role/…" + strings.Repeat("N", rawLen(100-b64Len(4))-31-3)},
	} {
		p, r := fitNames(c.profile, c.role, c.budget)
		if p != c.wantP || r != c.wantR {
			t.Errorf("fitNames(%q, %q, %d) = %q, %q; want %q, %q", c.profile, c.role, c.budget, p, r, c.wantP, c.wantR)
		}
		if b64Len(len(p))+b64Len(len(r)) > c.budget {
			t.Errorf("fitNames(%q, %q, %d) is %d characters", c.profile, c.role, c.budget, b64Len(len(p))+b64Len(len(r)))
		}
	}
	for _, arn := range []string{"arn:aws:iam::1:role/R", "arn:aws:iam::1:mfa/me", "not an arn/a/b"} {
		if got := withoutPath(arn); got != arn {
			t.Errorf("withoutPath(%q) = %q", arn, got)
		}
	}
}
