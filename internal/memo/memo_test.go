package memo

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestKeyIgnoresOrderAndVolatileVariablesOnly(t *testing.T) {
	base := Key([]string{"-x", "prod"}, []string{"A=1", "B=2", "PWD=/a"})
	if Key([]string{"-x", "prod"}, []string{"PWD=/b", "B=2", "A=1", "SHLVL=2", "_=/bin/x", "OLDPWD=/c"}) != base {
		t.Error("order or a volatile variable changed the key")
	}
	for name, k := range map[string]string{
		"a variable's value":  Key([]string{"-x", "prod"}, []string{"A=2", "B=2"}),
		"another variable":    Key([]string{"-x", "prod"}, []string{"A=1", "B=2", "C="}),
		"an argument":         Key([]string{"-x", "prod2"}, []string{"A=1", "B=2"}),
		"argument boundaries": Key([]string{"-xp", "rod"}, []string{"A=1", "B=2"}),
		"args vs environment": Key([]string{"-x", "prod", "A=1"}, []string{"B=2"}),
	} {
		if k == base {
			t.Errorf("%s did not change the key", name)
		}
	}
}

func TestWriteReadAndTheEpoch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run", "memo")
	rec := Record{Mode: ModeExport, Format: "sh", Profile: "prod", Item: "assume.v2.x", Expires: 42}
	if err := Write(dir, "k", rec); err != nil {
		t.Fatal(err)
	}
	got, err := Read(dir, "k")
	if err != nil || got.Item != rec.Item || got.V != Version || got.Expires != 42 {
		t.Fatalf("Read = %+v, %v", got, err)
	}
	if st, _ := os.Stat(filepath.Join(dir, "k.json")); st.Mode().Perm() != 0o600 {
		t.Errorf("memo mode %v", st.Mode().Perm())
	}
	if _, err := Read(dir, "other"); !errors.Is(err, ErrNone) {
		t.Errorf("a missing memo: %v", err)
	}
	e1, _ := Epoch(dir)
	if e1.Exists {
		t.Fatal("an epoch before any bump")
	}
	if err := Bump(dir); err != nil {
		t.Fatal(err)
	}
	e2, _ := Epoch(dir)
	if err := Bump(dir); err != nil {
		t.Fatal(err)
	}
	e3, _ := Epoch(dir)
	if !e2.Exists || e2 == e1 || e3 == e2 || !e3.Unchanged() || e2.Unchanged() {
		t.Errorf("epochs %+v %+v %+v", e1, e2, e3)
	}
	if err := os.WriteFile(filepath.Join(dir, "v0.json"), []byte(`{"V":0}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(dir, "v0"); !errors.Is(err, ErrNone) {
		t.Errorf("a memo of another version was read: %v", err)
	}
}
