package nodump

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// probeEnv switches the test binary into a probe: "disable" calls Disable,
// reports, restores the limit and execs the binary again as "after-exec",
// which reports what an exec'd program starts with.
const probeEnv = "NODUMP_TEST_PROBE"

func TestMain(m *testing.M) {
	switch os.Getenv(probeEnv) {
	case "disable":
		restore, err := Disable()
		fmt.Printf("disable: err=%v %s\n", err, state())
		restore()
		os.Setenv(probeEnv, "after-exec")
		err = syscall.Exec("/proc/self/exe", os.Args[:1], os.Environ())
		fmt.Printf("exec failed: %v\n", err)
		os.Exit(1)
	case "after-exec":
		fmt.Printf("after-exec: %s\n", state())
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func state() string {
	dumpable, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
	var lim unix.Rlimit
	if e := unix.Getrlimit(unix.RLIMIT_CORE, &lim); e != nil {
		err = e
	}
	return fmt.Sprintf("dumpable=%d core=%d err=%v", dumpable, lim.Cur, err)
}

func TestDisableStopsCoreDumpsAndAnExecStartsAfresh(t *testing.T) {
	var before unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_CORE, &before); err != nil {
		t.Fatal(err)
	}
	if before.Max == 0 {
		t.Skip("the hard core size limit is 0 here: nothing to tell apart")
	}
	// Raise the soft limit so restoring it is visible.
	raised := unix.Rlimit{Cur: before.Max, Max: before.Max}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), probeEnv+"=disable")
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &raised); err != nil {
		t.Fatal(err)
	}
	out, err := cmd.CombinedOutput()
	_ = unix.Setrlimit(unix.RLIMIT_CORE, &before)
	if err != nil {
		t.Fatalf("probe: %v\n%s", err, out)
	}
	got := string(out)
	if !strings.Contains(got, "disable: err=<nil> dumpable=0 core=0 err=<nil>") {
		t.Errorf("after Disable the process should be non-dumpable with no core limit:\n%s", got)
	}
	want := fmt.Sprintf("after-exec: dumpable=1 core=%d err=<nil>", raised.Cur)
	if !strings.Contains(got, want) {
		t.Errorf("an exec'd program should start dumpable with the restored limit (%q):\n%s", want, got)
	}
}
