package main

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"
)

// writeColumns prints rows as aligned columns, two spaces apart, the last
// column unpadded: what text/tabwriter prints for them, without its cost
// (a list of 10,000 profiles spent more on tabwriter and fmt than on
// reading the files).
func writeColumns(w io.Writer, rows [][]string) error {
	if len(rows) == 0 {
		return nil
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r[:len(r)-1] {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, r := range rows {
		for i, cell := range r {
			bw.WriteString(cell)
			if i < len(r)-1 {
				bw.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)+2))
			}
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
