// Package nodump keeps assume from dumping core while it holds secrets: a
// core file would hold the long-term secret key, the sessions and the
// keyring passphrase, readable wherever the system writes cores.
package nodump
