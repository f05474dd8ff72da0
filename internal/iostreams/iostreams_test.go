package iostreams

import (
	"errors"
	"os"
	"testing"
)

func TestTestStreamsHaveNoTerminal(t *testing.T) {
	s, _, _, _ := Test()
	if s.IsStdoutTTY() || s.IsStdinTTY() || s.HasConsole() {
		t.Fatal("test streams must have no terminal")
	}
	if _, err := s.Console(); !errors.Is(err, ErrNoConsole) {
		t.Fatalf("Console without a terminal: %v, want ErrNoConsole", err)
	}
	s.SetStdoutTTY(true)
	if !s.IsStdoutTTY() {
		t.Fatal("SetStdoutTTY(true) not honoured")
	}
}

func TestConsoleReadsAndWritesItsFiles(t *testing.T) {
	pipe := func() (*os.File, *os.File, *os.File) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.CreateTemp(t.TempDir(), "out")
		if err != nil {
			t.Fatal(err)
		}
		return r, w, out
	}
	s, _, _, _ := Test()
	s.SetConsole(func() (*Console, error) { r, _, out := pipe(); return &Console{In: r, Out: out}, nil })
	if !s.HasConsole() {
		t.Fatal("HasConsole with a console")
	}
	r, w, out := pipe()
	c := &Console{In: r, Out: out}
	if _, err := w.WriteString("123456\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("prompt: ")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	n, err := c.Read(buf)
	if err != nil || string(buf[:n]) != "123456\n" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out.Name())
	if string(b) != "prompt: " {
		t.Fatalf("console output %q", b)
	}
}
