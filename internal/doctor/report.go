package doctor

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// findingJSON is the --json shape: flat, lower-case and stable, so scripts
// can rely on it. Every field is always present.
type findingJSON struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Profile  string `json:"profile"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Message  string `json:"message"`
	Fix      string `json:"fix"`
}

// Write prints the findings as a report for people, or as a JSON array.
func Write(w io.Writer, fs []Finding, asJSON bool) error {
	if asJSON {
		out := make([]findingJSON, 0, len(fs)) // [] rather than null when all is well
		for _, f := range fs {
			out = append(out, findingJSON{Severity: string(f.Severity), Code: f.Code, Profile: f.Profile,
				File: f.At.File, Line: f.At.Line, Message: f.Message, Fix: f.Fix})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // "a -> b" reads better than "a -\u003e b"
		return enc.Encode(out)
	}
	return writeFindingsText(w, fs)
}

// severityHeadings title the groups of the text report, in order.
var severityHeadings = [...]struct {
	sev   Severity
	title string
}{
	{SeverityError, "Errors"},
	{SeverityWarning, "Warnings"},
	{SeverityInfo, "Info"},
}

// writeFindingsText groups findings by severity, each led by its place so
// editors and terminals can jump to file:line.
func writeFindingsText(w io.Writer, fs []Finding) error {
	ew := &errWriter{w: w}
	count := map[Severity]int{}
	for _, f := range fs {
		count[f.Severity]++
	}
	for _, h := range severityHeadings {
		if count[h.sev] == 0 {
			continue
		}
		ew.printf("%s (%d)\n", h.title, count[h.sev])
		for _, f := range fs {
			if f.Severity != h.sev {
				continue
			}
			place := f.At.String()
			if place == "" {
				place = "-"
			}
			ew.printf("  %s  %s", place, f.Code)
			if f.Profile != "" {
				ew.printf("  profile %s", strconv.Quote(f.Profile))
			}
			ew.printf("\n    %s\n", f.Message)
			if f.Fix != "" {
				ew.printf("    fix: %s\n", f.Fix)
			}
		}
		ew.printf("\n")
	}
	ew.printf("%s\n", tally(count))
	return ew.err
}

func tally(count map[Severity]int) string {
	plural := func(n int, word string) string {
		if n == 1 {
			return "1 " + word
		}
		return strconv.Itoa(n) + " " + word + "s"
	}
	return fmt.Sprintf("%s, %s, %d info", plural(count[SeverityError], "error"),
		plural(count[SeverityWarning], "warning"), count[SeverityInfo])
}

// errWriter keeps the first write error so the report reads top to bottom.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
