package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestEndpointThatIsNotSTSIsNamed: an endpoint setting that points at
// something other than STS (a web server, a wrong port, a captive portal)
// gets one line saying so, naming the endpoint and the setting that points
// there, instead of the SDK's "XML syntax error on line 6".
func TestEndpointThatIsNotSTSIsNamed(t *testing.T) {
	answers := map[string]http.HandlerFunc{
		"an HTML page": func(w http.ResponseWriter, r *http.Request) {
			_, _ = fmt.Fprint(w, "<!DOCTYPE html>\n<html>\n<head><title>Welcome</title></head>\n<body>\n<p>It works</p>\n</body>\n</html>\n")
		},
		"a 404": func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
		// python3 -m http.server's answer to a POST: an HTML error page
		// that breaks the XML parser on line 6
		"an HTML error page": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotImplemented)
			_, _ = fmt.Fprint(w, "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        <title>Error response</title>\n    </head>\n    <body><h1>Error response</h1></body>\n</html>\n")
		},
		"junk XML": func(w http.ResponseWriter, r *http.Request) {
			_, _ = fmt.Fprint(w, "<?xml version=\"1.0\"?>\n<a><b></a>")
		},
		"JSON": func(w http.ResponseWriter, r *http.Request) { _, _ = fmt.Fprint(w, `{"ok": true}`) },
	}
	for name, h := range answers {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			defer srv.Close()
			sb, _ := strictSandbox(t, "")
			sb.Env["AWS_ENDPOINT_URL_STS"] = srv.URL
			r := sb.run("-x", "a")
			mustFailCleanly(t, r, srv.URL, "did not answer as STS does", "AWS_ENDPOINT_URL_STS")
			if strings.Contains(r.Stderr, "XML syntax") || strings.Contains(r.Stderr, "UnknownError") {
				t.Errorf("the SDK's parse error leaked: %s", r.Stderr)
			}
			w := sb.run("whoami", "a")
			mustFailCleanly(t, w, srv.URL, "did not answer as STS does")
		})
	}
	t.Run("endpoint_url in the profile", func(t *testing.T) {
		srv := httptest.NewServer(answers["an HTML page"])
		defer srv.Close()
		sb, _ := strictSandbox(t, "")
		delete(sb.Env, "AWS_ENDPOINT_URL_STS")
		appendConfig(t, sb, "\n[profile web]\nrole_arn = "+roleA+"\nsource_profile = alice\nexternal_id = ext-a\nendpoint_url = "+srv.URL+"\n")
		r := sb.run("-x", "web")
		mustFailCleanly(t, r, srv.URL, `endpoint_url of profile "web"`, sb.Env["AWS_CONFIG_FILE"]+":")
	})
}
