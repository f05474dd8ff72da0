// Package ssosync turns the accounts and roles an IAM Identity Center
// sign-in may use into [profile ...] sections of ~/.aws/config, inside a
// managed block delimited by marker comments, one block per sso-session.
//
// The block is rewritten whole and everything outside it is kept byte
// for byte: profiles for roles that disappeared go only from inside it,
// a name already defined outside it is left to its owner, and a second
// sync of the same listing changes nothing (not even the file's mtime).
// The file is replaced atomically (temporary file and rename, mode kept),
// and only when nobody changed it since it was read.
package ssosync
