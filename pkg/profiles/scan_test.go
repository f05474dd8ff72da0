package profiles

import (
	"reflect"
	"strings"
	"testing"
)

func keysOf(t *testing.T, c *Config, name string) map[string]string {
	t.Helper()
	p, err := c.Profile(name)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range p.Keys {
		out[k] = v.Text
	}
	return out
}

func TestScanTrickyINI(t *testing.T) {
	cfg := bom + "# leading comment\r\n" +
		"; another [profile fake]\r\n" +
		"[profile   spaced  ]\r\n" +
		"region = eu-west-1   # trailing comment\r\n" +
		"secret = abc#def;ghi\r\n" +
		"url = https://x.example/a=b?c=[d]\r\n" +
		"\r\n" +
		"[profile quoted ] ; comment after header\n" +
		"key=value=with=equals\n" +
		"colon: style\n" +
		"empty =\n" +
		"semi = a ;b\n" +
		"    # indented comment\n" +
		"[profile nested]\n" +
		"s3 =\n" +
		"  addressing_style = path   ; why\n" +
		"  max_concurrent_requests = 20\n" +
		"  [not a header]\n" + // no "=" in a nested block: a malformed line

		"multi = first\n" +
		"  second\n" +
		"after = yes\n" +
		"[profile \"with quotes\"]\n" +
		"a = 1\n" +
		"[profilex]\n" +
		"lost = 1\n" +
		"[profile two words]\n" +
		"lost = 2\n" +
		"[unclosed\n" +
		"lost = 3\n" +
		"[profile empty]\n" +
		"  [profile indented]\n" +
		"b = 2\n" +
		"[ profile inside-blanks ]\n" + // botocore reads no profile from this
		"c = 3\n"
	c := load(t, cfg, "")
	if got, want := c.Names(), []string{"empty", "indented", "nested", "quoted", "spaced", "with quotes"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Names() = %q, want %q", got, want)
	}
	if got, want := keysOf(t, c, "spaced"), map[string]string{
		"region": "eu-west-1   # trailing comment", "secret": "abc#def;ghi", "url": "https://x.example/a=b?c=[d]",
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("spaced = %q, want %q", got, want)
	}
	if got, want := keysOf(t, c, "quoted"), map[string]string{
		"key": "value=with=equals", "colon": "style", "empty": "", "semi": "a ;b",
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("quoted = %q, want %q", got, want)
	}
	p, _ := c.Profile("nested")
	s3 := p.Keys["s3"]
	if s3.Text != "" || s3.Sub["addressing_style"].Text != "path   ; why" || s3.Sub["max_concurrent_requests"].Text != "20" ||
		s3.Sub["addressing_style"].At != (Location{cfgName, 16}) {
		t.Errorf("nested s3 = %+v", s3)
	}
	if want := []malformedLine{{At: Location{cfgName, 18}}}; !reflect.DeepEqual(p.notes.malformed, want) {
		t.Errorf("malformed lines of nested = %+v, want %+v", p.notes.malformed, want)
	}
	if v := p.Keys["multi"].Text; v != "first\nsecond" {
		t.Errorf("continuation = %q", v)
	}
	if p.Keys["after"].Text != "yes" || p.At != (Location{cfgName, 14}) {
		t.Errorf("after the block: %+v at %v", p.Keys["after"], p.At)
	}
	if v, ok := p.Get("AFTER"); !ok || v != "yes" {
		t.Errorf("Get is not case-insensitive: %q %v", v, ok)
	}
	if p := keysOf(t, c, "indented"); p["b"] != "2" {
		t.Errorf("indented header right after a header: %q", p)
	}
	if p := keysOf(t, c, "empty"); len(p) != 0 {
		t.Errorf("keys of an unclosed header leaked: %q", p)
	}
	sp, _ := c.Profile("spaced")
	if sp.At != (Location{cfgName, 3}) || sp.Keys["url"].At != (Location{cfgName, 6}) {
		t.Errorf("locations with BOM and CRLF: %v %v", sp.At, sp.Keys["url"].At)
	}
}

func TestDuplicateSectionsMerge(t *testing.T) {
	c := load(t, `[profile d]
a = 1
b = 1
[profile other]
x = 1
[profile d]
b = 2
c = 2
`, "[d]\nc = 3\n")
	if got, want := keysOf(t, c, "d"), map[string]string{"a": "1", "b": "2", "c": "3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("d = %q, want %q", got, want)
	}
	if got, want := c.Names(), []string{"d", "other"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
}

// botocore's profile map holds [default] and [profile default] under one
// name, so the later section replaces the earlier one whole; the
// credentials file's [default] is then merged in key by key as usual.
func TestDefaultAndProfileDefaultLaterWinsWhole(t *testing.T) {
	for _, tc := range []struct {
		name, config string
		want         map[string]string
		at           Location
	}{
		{"profile default later", "[default]\nr = 1\nq = 1\n[profile default]\nr = 2\n",
			map[string]string{"r": "2", "z": "9"}, Location{cfgName, 4}},
		{"default later", "[profile default]\nr = 2\nq = 2\n[default]\nr = 1\n",
			map[string]string{"r": "1", "z": "9"}, Location{cfgName, 4}},
		{"repeated forms merge among themselves", "[default]\nq = 1\n[profile default]\nr = 2\n[default]\ns = 3\n[profile default]\nt = 4\n",
			map[string]string{"r": "2", "t": "4", "z": "9"}, Location{cfgName, 3}},
		{"one form only", "[profile default]\nr = 2\n", map[string]string{"r": "2", "z": "9"}, Location{cfgName, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := load(t, tc.config, "[default]\nz = 9\n")
			if got := keysOf(t, c, "default"); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("default = %q, want %q", got, tc.want)
			}
			if p, _ := c.Profile("default"); p.At != tc.at {
				t.Errorf("default defined at %v, want the kept section's header %v", p.At, tc.at)
			}
		})
	}
}

func TestCredentialsFileNames(t *testing.T) {
	// In the credentials file every header is a profile name as written;
	// sso-session and services sections there are not special.
	c := load(t, "", "[profile x]\na = 1\n[sso-session s]\nb = 2\n[plain]\nc = 3\n")
	if got, want := c.Names(), []string{"plain", "profile x", "sso-session s"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
	if !c.Has("plain") || c.Has("x") || c.Has("Plain") {
		t.Error("Has is wrong")
	}
}

func TestSectionBodiesAreNotParsedAtLoad(t *testing.T) {
	// A body that would be expensive to parse costs nothing until asked.
	body := strings.Repeat("k = v\n", 100000)
	c := load(t, "[profile big]\n"+body+"[profile small]\na = 1\n", "")
	if got := keysOf(t, c, "small"); got["a"] != "1" || len(got) != 1 {
		t.Errorf("small = %q", got)
	}
}

// secondWord and shellWords agree with Python's shlex.split (outputs taken
// from python3 -c 'import shlex; print(shlex.split(s))').
func TestSecondWordIsShlex(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"profile a", "a", true},
		{"profile  a ", "a", true},
		{"profile\ta", "a", true},
		{`profile "a b"`, "a b", true},
		{"profile 'a'", "a", true},
		{`profile a"b"`, "ab", true},
		{`profile a\ b`, "a b", true},
		{`profile "a\"b"`, `a"b`, true},
		{`profile 'a\b'`, `a\b`, true},
		{"profile a#b", "a#b", true},
		{"profiles x", "x", true},
		{`profile ""`, "", true},
		{`profile "a`, "", false},
		{`profile a\`, "", false},
		{"profile", "", false},
		{"profile a b", "", false},
	} {
		got, ok := secondWord(tc.in, len("profile"))
		if got != tc.want || ok != tc.ok {
			t.Errorf("secondWord(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
