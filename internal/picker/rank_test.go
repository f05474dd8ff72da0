package picker

import (
	"fmt"
	"reflect"
	"testing"
)

func TestRankOrdersByMatchQualityThenRecency(t *testing.T) {
	names := []string{"admin", "dev-admin", "prod", "prod-admin", "prod-readonly", "staging-admin", "xproduct"}
	ix := newProfileIndex(names, nil)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		// exact, then prefix (shorter first), then word substring, then
		// plain substring
		{"prod", []string{"prod", "prod-admin", "prod-readonly", "xproduct"}},
		{"PROD-A", []string{"prod-admin", "prod-readonly"}},
		{"admin", []string{"admin", "dev-admin", "prod-admin", "staging-admin"}},
		// fuzzy: letters in order, tight and at word starts first
		{"stadm", []string{"staging-admin"}},
		{"pa", []string{"prod-admin", "prod-readonly"}},
		{"sa", []string{"staging-admin"}},
		{"zz", nil},
	} {
		got := ix.rank(tc.query)
		if len(got) == 0 {
			got = nil
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("rank(%q) = %q, want %q", tc.query, got, tc.want)
		}
	}
}

func TestRankPutsRecentFirst(t *testing.T) {
	names := []string{"a-dev", "b-dev", "c-dev", "d"}
	ix := newProfileIndex(names, []string{"c-dev", "gone", "a-dev", "c-dev"})
	if got, want := ix.rank(""), []string{"c-dev", "a-dev", "b-dev", "d"}; !reflect.DeepEqual(got, want) {
		t.Errorf("empty query: %q, want %q", got, want)
	}
	// equal match quality: recency decides; a better match still wins
	if got, want := ix.rank("dev"), []string{"c-dev", "a-dev", "b-dev"}; !reflect.DeepEqual(got, want) {
		t.Errorf("dev: %q, want %q", got, want)
	}
	if got := ix.rank("b-dev"); got[0] != "b-dev" {
		t.Errorf("exact match not first: %q", got)
	}
}

func TestRankIsCaseInsensitiveAndUnicode(t *testing.T) {
	ix := newProfileIndex([]string{"Prod-Ärger", "dev"}, nil)
	if got := ix.rank("ärg"); len(got) != 1 || got[0] != "Prod-Ärger" {
		t.Errorf("rank(ärg) = %q", got)
	}
}

func BenchmarkRank10000(b *testing.B) {
	names := make([]string, 10000)
	for i := range names {
		names[i] = fmt.Sprintf("team-%03d-account-%04d-role-%d", i%300, i, i%7)
	}
	ix := newProfileIndex(names, names[:20])
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.rank("t12acc")
	}
}
