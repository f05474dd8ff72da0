package credserver

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/debuglog"
)

// Path is the one path the server answers.
const Path = "/credentials"

// Options configure a Handler.
type Options struct {
	// Token is the value the Authorization header must carry, whole.
	Token string
	// Host is the Host header every request must name: the listener's
	// 127.0.0.1:PORT. A browser led to the port by a rebound DNS name
	// sends that name instead and is refused.
	Host string
	// Source renews the credentials; Initial, if set, is served first.
	Source  Source
	Initial creds.Credentials
	// Margin: credentials are served only while more than this remains
	// (the SDKs' refresh window), else renewed first.
	Margin time.Duration
	// Now is the clock; nil: time.Now.
	Now func() time.Time
	// Debug hears every request (method, path, status, never a header).
	Debug *debuglog.Logger
}

// Handler answers GET Path with the container-credentials JSON.
type Handler struct {
	token, host string
	creds       *renewer
	debug       *debuglog.Logger
}

// NewHandler returns a handler; ctx bounds the renewals it starts.
func NewHandler(ctx context.Context, o Options) *Handler {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	r := &renewer{source: o.Source, margin: o.Margin, now: now, ctx: ctx}
	if o.Initial.AccessKeyID != "" {
		r.current, r.have = o.Initial, true
	}
	o.Debug.Secret(o.Token)
	return &Handler{token: o.Token, host: o.Host, creds: r, debug: o.Debug}
}

// response is what botocore's container provider and the Go SDK's
// endpointcreds read.
type response struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	Token           string `json:"Token"`
	Expiration      string `json:"Expiration"`
}

// errorResponse is the error shape endpointcreds parses (code, message).
type errorResponse struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ServeHTTP checks, in order: the token (anything without it gets a bare
// 401, whatever else is wrong), the Host, the path, the method and the
// absence of a body. No CORS header is ever sent, so a browser page can
// neither read an answer nor pass a preflight.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	status := h.serve(w, r)
	if h.debug.On() {
		h.debug.Printf("server: %s %q from %s: %d", r.Method, r.URL.Path, r.RemoteAddr, status)
	}
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request) int {
	w.Header()["Date"] = nil // say nothing, not even the time, to a caller without the token
	switch {
	case !h.authorized(r):
		return bare(w, http.StatusUnauthorized)
	case r.Host != h.host:
		return bare(w, http.StatusForbidden)
	case r.URL.Path != Path || r.URL.RawQuery != "" || r.URL.Fragment != "":
		return bare(w, http.StatusNotFound)
	case r.Method != http.MethodGet:
		w.Header().Set("Allow", http.MethodGet)
		return bare(w, http.StatusMethodNotAllowed)
	case r.ContentLength != 0 || len(r.TransferEncoding) > 0:
		return bare(w, http.StatusBadRequest)
	}
	c, err := h.creds.get(r.Context())
	if err != nil {
		if r.Context().Err() != nil {
			return 499 // the client left; nothing to write to
		}
		// The message is assume's own one-line error: it names profiles
		// and roles, never a secret.
		return writeJSON(w, http.StatusInternalServerError, errorResponse{Code: "AssumeRenewalFailed", Message: err.Error()})
	}
	if h.debug.On() {
		h.debug.Secret(c.SecretAccessKey, c.SessionToken)
		h.debug.Printf("server: serving %s", c)
	}
	return writeJSON(w, http.StatusOK, response{
		AccessKeyID:     c.AccessKeyID,
		SecretAccessKey: c.SecretAccessKey,
		Token:           c.SessionToken,
		Expiration:      c.Expires.UTC().Format(time.RFC3339),
	})
}

// authorized compares the one Authorization header with the token in
// constant time.
func (h *Handler) authorized(r *http.Request) bool {
	got := r.Header.Values("Authorization")
	if len(got) != 1 || h.token == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(got[0]), []byte(h.token)) == 1
}

func bare(w http.ResponseWriter, status int) int {
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(status)
	return status
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	body, err := json.Marshal(v)
	if err != nil {
		return bare(w, http.StatusInternalServerError)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return status
}
