package console

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/assume-cli/assume/pkg/privdir"
)

// handoff serves the sign-in URL once, as a redirect, at a loopback
// address whose path is a random secret. Only the page written for the
// browser knows that address, and the first request for it is the sign
// that the browser has the page: it can then be removed.
type handoff struct {
	url     string
	fetched chan struct{}
	srv     *http.Server
}

func startHandoff(target string) (*handoff, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening on the loopback interface for the browser: %w", err)
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		ln.Close()
		return nil, err
	}
	path := "/" + base64.RawURLEncoding.EncodeToString(secret)
	h := &handoff{url: "http://" + ln.Addr().String() + path, fetched: make(chan struct{})}
	var once sync.Once
	h.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || subtle.ConstantTimeCompare([]byte(r.URL.Path), []byte(path)) != 1 {
			http.NotFound(w, r)
			return
		}
		served := false
		once.Do(func() {
			served = true
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Referrer-Policy", "no-referrer")
			w.Header().Set("Location", target)
			w.WriteHeader(http.StatusFound)
			close(h.fetched)
		})
		if !served {
			http.Error(w, "this sign-in link was already used: run assume console again", http.StatusGone)
		}
	})}
	go func() { _ = h.srv.Serve(ln) }()
	return h, nil
}

func (h *handoff) wasFetched() bool {
	select {
	case <-h.fetched:
		return true
	default:
		return false
	}
}

// close stops the server once the redirect being written has gone out.
func (h *handoff) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = h.srv.Shutdown(ctx)
}

// writePage writes the page the browser opens: a 0600 file in a new 0700
// directory under dir (the temp dir when ""), forwarding to next. It
// returns the page's file:// URL and a function that removes both.
//
// dir (the runtime directory) is used only when it is private
// (pkg/privdir); else the temp dir, whose sticky bit keeps others from
// renaming the new directory. The new directory is checked in turn, so a
// temp dir anyone may rename things in is refused.
func writePage(dir, next string) (string, func(), error) {
	if dir != "" && privdir.Check(dir) != nil {
		dir = ""
	}
	if dir == "" {
		dir = os.TempDir()
	}
	d, err := os.MkdirTemp(dir, "assume-console-") // 0700
	if err != nil {
		return "", nil, fmt.Errorf("creating a private directory for the sign-in page: %w", err)
	}
	remove := func() { _ = os.RemoveAll(d) }
	if err := privdir.Check(d); err != nil {
		remove()
		return "", nil, fmt.Errorf("no private directory for the sign-in page: %w (or set TMPDIR to one)", err)
	}
	file := filepath.Join(d, "signin.html")
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		_, err = f.WriteString(pageHTML(next))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		remove()
		return "", nil, fmt.Errorf("writing the sign-in page: %w", err)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		remove()
		return "", nil, err
	}
	p := filepath.ToSlash(abs)
	if p[0] != '/' {
		p = "/" + p // C:/Users/... → file:///C:/Users/...
	}
	return (&url.URL{Scheme: "file", Path: p}).String(), remove, nil
}

// pageHTML forwards at once, replacing itself in the history, and offers
// a link for a browser that runs no scripts and ignores the refresh.
func pageHTML(next string) string {
	js, _ := json.Marshal(next) // escapes <, > and &
	attr := html.EscapeString(next)
	return `<!doctype html>
<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=` + attr + `">
<title>Opening the AWS console</title></head>
<body><script>location.replace(` + string(js) + `)</script>
<p>Opening the AWS console&hellip; <a href="` + attr + `">continue</a></p></body></html>
`
}
