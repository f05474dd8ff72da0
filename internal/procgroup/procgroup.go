// Package procgroup runs a helper command (mfa_process, credential_process)
// so that it can be ended together with everything it started.
//
// A helper runs through the shell, and what the shell forks (a pipeline, a
// background job, a tool waiting for a YubiKey touch) is not ended when the
// shell is: it keeps running and keeps the output pipe open. On Unix each
// helper is therefore the leader of a process group of its own, and Kill
// signals the whole group. A helper in a group of its own is no longer in
// the terminal's foreground group, so when this process holds the
// foreground, the helper's group gets it while it runs (it may read a PIN
// from the terminal) and this process takes it back afterwards.
//
// Windows has no process groups that can be signalled; see Kill there.
package procgroup
