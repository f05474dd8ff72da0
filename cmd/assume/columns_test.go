package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"text/tabwriter"
)

// writeColumns must print exactly what text/tabwriter printed before it.
func TestWriteColumnsMatchesTabwriter(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cells := []string{"", "-", "a", "prod-admin", "eu-west-1", "ärger", "static", "arn:aws:iam::111111111111:role/x", "日本"}
	for n := 0; n < 200; n++ {
		var rows [][]string
		for i := 0; i < 1+r.IntN(6); i++ {
			row := make([]string, 4)
			for j := range row {
				row[j] = cells[r.IntN(len(cells))]
			}
			rows = append(rows, row)
		}
		var want, got bytes.Buffer
		tw := tabwriter.NewWriter(&want, 0, 4, 2, ' ', 0)
		for _, row := range rows {
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		if err := tw.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := writeColumns(&got, rows); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("rows %q:\ngot\n%q\nwant\n%q", rows, got.String(), want.String())
		}
	}
}
