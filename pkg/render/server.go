package render

// ServerExports is what a child of `assume --server` sees: the server's
// URL and token file, the region and the profile marker, and none of the
// credential trio. SDKs prefer AWS_ACCESS_KEY_ID and friends over the
// container provider, so any left over would defeat the refresh.
func ServerExports(uri, tokenFile, region, profile string) Env {
	e := Env{
		Set: []Var{{ContainerURIVar, uri}, {ContainerTokenFileVar, tokenFile}},
		Unset: []string{
			"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
			"AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
			"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
		},
	}
	if region != "" {
		e.Set = append(e.Set, Var{"AWS_REGION", region}, Var{"AWS_DEFAULT_REGION", region})
	}
	if profile != "" {
		e.Set = append(e.Set, Var{ProfileVar, profile})
	}
	return e
}

// ServerVars are the two variables `assume serve` prints for an IDE or a
// shell to set.
func ServerVars(uri, tokenFile string) Env {
	return Env{Set: []Var{{ContainerURIVar, uri}, {ContainerTokenFileVar, tokenFile}}}
}
