// Package gendocs writes the files generated from assume's command tree:
// markdown reference pages, man pages and shell completion scripts.
//
// It imports github.com/spf13/cobra/doc (and through it go-md2man), so only
// tests import it: cmd/assume's TestGeneratedFiles runs it (`make docs`),
// and the assume binary never links it.
package gendocs

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// Dirs generated in full, relative to the repository root. Everything in
// them is overwritten by Generate: hand-written pages live elsewhere.
const (
	ReferenceDir   = "docs/reference"
	ManDir         = "docs/man"
	CompletionsDir = "completions"
)

// Dirs lists the generated directories.
var Dirs = []string{ReferenceDir, ManDir, CompletionsDir}

// manDate is the date in every man page's header. It is fixed so that
// regenerating is byte-stable; change it when the pages change materially.
var manDate = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// Generate writes the generated tree under root (a repository checkout or
// a temporary directory): ReferenceDir/*.md, ManDir/*.1 and the four
// completion scripts in CompletionsDir. It prepares cmd as cobra's Execute
// would (help and completion commands) and turns off the "auto generated
// on DATE" footers.
func Generate(cmd *cobra.Command, root string) error {
	cmd.InitDefaultHelpCmd()
	cmd.InitDefaultCompletionCmd()
	disableAutoGenTag(cmd)
	for _, d := range Dirs {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}
	if err := doc.GenMarkdownTree(cmd, filepath.Join(root, ReferenceDir)); err != nil {
		return fmt.Errorf("markdown: %w", err)
	}
	header := &doc.GenManHeader{
		Title:   "ASSUME",
		Section: "1",
		Date:    &manDate,
		Source:  "assume",
		Manual:  "assume manual",
	}
	escapeAngles(cmd) // after the markdown pages, which keep the text as written
	if err := doc.GenManTree(cmd, header, filepath.Join(root, ManDir)); err != nil {
		return fmt.Errorf("man pages: %w", err)
	}
	return completions(cmd, filepath.Join(root, CompletionsDir))
}

// completions writes what `assume completion SHELL` prints, with
// descriptions, under the names each shell's packagers install.
func completions(cmd *cobra.Command, dir string) error {
	name := cmd.Name()
	gens := []struct {
		file string
		gen  func(*bytes.Buffer) error
	}{
		{name + ".bash", func(b *bytes.Buffer) error { return cmd.GenBashCompletionV2(b, true) }},
		{"_" + name, func(b *bytes.Buffer) error { return cmd.GenZshCompletion(b) }},
		{name + ".fish", func(b *bytes.Buffer) error { return cmd.GenFishCompletion(b, true) }},
		{name + ".ps1", func(b *bytes.Buffer) error { return cmd.GenPowerShellCompletionWithDesc(b) }},
	}
	for _, g := range gens {
		var b bytes.Buffer
		if err := g.gen(&b); err != nil {
			return fmt.Errorf("%s completion: %w", g.file, err)
		}
		if err := os.WriteFile(filepath.Join(dir, g.file), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// escapeAngles backslash-escapes "<" in every Long text, outside code
// spans and indented code blocks: go-md2man drops "<FLAG>" in
// "ASSUME_<FLAG>" as an HTML tag.
func escapeAngles(cmd *cobra.Command) {
	lines := strings.Split(cmd.Long, "\n")
	for i, ln := range lines {
		if strings.HasPrefix(ln, "\t") || strings.HasPrefix(ln, "    ") {
			continue
		}
		parts := strings.Split(ln, "`")
		for j := 0; j < len(parts); j += 2 {
			parts[j] = strings.ReplaceAll(parts[j], "<", `\<`)
		}
		lines[i] = strings.Join(parts, "`")
	}
	cmd.Long = strings.Join(lines, "\n")
	for _, c := range cmd.Commands() {
		escapeAngles(c)
	}
}

func disableAutoGenTag(cmd *cobra.Command) {
	cmd.DisableAutoGenTag = true
	for _, c := range cmd.Commands() {
		disableAutoGenTag(c)
	}
}

// Diff compares the generated directories under want (fresh output) and
// got (the checkout) and returns one line per file that is missing,
// extra or different, sorted.
func Diff(want, got string) ([]string, error) {
	var out []string
	for _, d := range Dirs {
		w, err := readDir(filepath.Join(want, d))
		if err != nil {
			return nil, err
		}
		g, err := readDir(filepath.Join(got, d))
		if err != nil {
			return nil, err
		}
		for name, data := range w {
			have, ok := g[name]
			switch {
			case !ok:
				out = append(out, filepath.Join(d, name)+": missing")
			case !bytes.Equal(have, data):
				out = append(out, filepath.Join(d, name)+": out of date")
			}
		}
		for name := range g {
			if _, ok := w[name]; !ok {
				out = append(out, filepath.Join(d, name)+": no longer generated")
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// Clean removes the generated directories under root, so a regeneration
// leaves no page of a removed command behind.
func Clean(root string) error {
	for _, d := range Dirs {
		if err := os.RemoveAll(filepath.Join(root, d)); err != nil {
			return err
		}
	}
	return nil
}

// readDir reads the regular files of dir; a missing dir is empty.
func readDir(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return map[string][]byte{}, nil
	}
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte, len(entries))
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		files[e.Name()] = b
	}
	return files, nil
}
