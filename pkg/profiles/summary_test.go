package profiles

import (
	"testing"

	"github.com/assume-cli/assume/internal/bigconfig"
)

// parsedSummary is a summary computed from a full parse: what Summaries
// must agree with, whatever shortcut it takes.
func parsedSummary(c *Config, name string) Summary {
	head, _ := c.index.head(c.sections, secProfile, name)
	p := c.parse(name, head)
	var f summaryFields
	for i, k := range summaryKeys {
		f.values[i], _ = p.Get(k)
	}
	s := Summary{Name: name, Kind: f.kind(), Region: f.values[sumRegion]}
	if v := f.values[sumSourceProfile]; v != "" {
		s.Source = v
	} else {
		s.Source = f.values[sumCredentialSource]
	}
	return s
}

func TestSummariesAgreeWithAFullParse(t *testing.T) {
	config, creds := bigconfig.Generate(500)
	extra := `
[profile odd]
ROLE_ARN = arn:aws:iam::111111111111:role/x
  continued = not a key
Source_Profile=base
region: eu-west-1
[profile nested]
s3 =
  region = not-this
region = us-east-2
[profile two]
region = first
[profile two]
region = second
[profile proc]
credential_process = helper --region x
[profile broken]
role_arn arn:aws:iam::111111111111:role/y
  region = indented after a malformed line
[default]
region = plain
[profile default]
region = prefixed
`
	c := load(t, string(config)+extra, string(creds)+"\n[proc]\nregion = from-credentials\n[odd]\naws_access_key_id = A\n")
	sums, err := c.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != len(c.Names()) {
		t.Fatalf("%d summaries for %d profiles", len(sums), len(c.Names()))
	}
	for _, got := range sums {
		if want := parsedSummary(c, got.Name); got != want {
			t.Errorf("%s: summary %+v, a full parse says %+v", got.Name, got, want)
		}
	}
}
