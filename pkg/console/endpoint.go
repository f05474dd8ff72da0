package console

import (
	"fmt"
	"net"
	"net/url"
)

// Endpoint is where getSigninToken is asked and the login URL points.
type Endpoint struct {
	URL string // https://signin.aws.amazon.com/federation
	// Post sends getSigninToken as a POST form, so the credentials are in
	// no URL (proxy and server logs keep URLs); false: the documented GET.
	Post bool
}

// FederationEndpoint is the partition's federation endpoint for region,
// or override (the federation-url setting) when set: tests, proxies and
// partitions assume has no hosts for.
func FederationEndpoint(p Partition, region, override string) (Endpoint, error) {
	if override != "" {
		if err := checkOverride(override); err != nil {
			return Endpoint{}, err
		}
		return Endpoint{URL: override, Post: p.post}, nil
	}
	if !p.Known {
		return Endpoint{}, fmt.Errorf("partition %s has no sign-in endpoint assume knows: set ASSUME_FEDERATION_URL (federation-url in config.yaml) to its federation URL", p.ID)
	}
	return Endpoint{URL: "https://" + p.signinHost(region) + "/federation", Post: p.post}, nil
}

// checkOverride accepts an absolute https URL, or http to this machine
// only: the session's credentials are sent to it.
func checkOverride(raw string) error {
	u, err := url.Parse(raw)
	bad := func(why string) error {
		return fmt.Errorf("federation-url %q (ASSUME_FEDERATION_URL): %s", raw, why)
	}
	switch {
	case err != nil || u.Host == "" || u.Opaque != "":
		return bad("want the whole endpoint URL, such as https://signin.aws.amazon.com/federation")
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return bad("want no user, query or fragment in it")
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	}
	return bad("must be https (http only to localhost): the session's credentials are sent there")
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
