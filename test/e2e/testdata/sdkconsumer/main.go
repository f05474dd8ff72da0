// Command sdkconsumer is a real AWS SDK for Go v2 program for the
// credentials-server tests: it takes its credentials from the SDK's
// default chain (the container provider under `assume --server`) and
// prints what it saw as JSON on stdout.
//
//	sdkconsumer -duration 48s -interval 1s   one long-lived client calling sts GetCallerIdentity
//	sdkconsumer -parallel 8 -renew 2s        8 clients at once, just after the server's renewal is due
//	sdkconsumer -probe                       raw requests: no token, a wrong token, another Host
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// loopReport is what one long-lived client saw.
type loopReport struct {
	Calls      int      `json:"calls"`
	Failures   int      `json:"failures"`
	Errors     []string `json:"errors"`
	AccessKeys []string `json:"access_keys"` // distinct, in the order seen
	Arn        string   `json:"arn"`
}

// client is one of the parallel clients.
type client struct {
	AccessKey string    `json:"access_key"`
	Error     string    `json:"error"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"` // credentials in hand
}

type parallelReport struct {
	Before  string   `json:"before"` // the access key served before the renewal
	Clients []client `json:"clients"`
}

func main() {
	duration := flag.Duration("duration", 10*time.Second, "how long to keep calling")
	interval := flag.Duration("interval", time.Second, "pause between calls")
	parallel := flag.Int("parallel", 0, "clients asking at once, just after a renewal is due")
	renew := flag.Duration("renew", 0, "the server's refresh margin (with -parallel)")
	probe := flag.Bool("probe", false, "raw requests to the server")
	flag.Parse()
	ctx := context.Background()
	var out any
	var err error
	switch {
	case *probe:
		out, err = probeServer()
	case *parallel > 0:
		out, err = parallelClients(ctx, *parallel, *renew)
	default:
		out, err = loop(ctx, *duration, *interval)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sdkconsumer:", err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
}

func loop(ctx context.Context, duration, interval time.Duration) (*loopReport, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	client := sts.NewFromConfig(cfg)
	r := &loopReport{}
	seen := map[string]bool{}
	for end := time.Now().Add(duration); time.Now().Before(end); time.Sleep(interval) {
		r.Calls++
		id, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			r.Failures++
			if len(r.Errors) < 5 {
				r.Errors = append(r.Errors, err.Error())
			}
			continue
		}
		r.Arn = aws.ToString(id.Arn)
		// The credentials the call was signed with, from the SDK's cache.
		if c, err := cfg.Credentials.Retrieve(ctx); err == nil && !seen[c.AccessKeyID] {
			seen[c.AccessKeyID] = true
			r.AccessKeys = append(r.AccessKeys, c.AccessKeyID)
		}
	}
	return r, nil
}

// parallelClients waits until the served credentials are inside the
// server's refresh margin, then has n independent SDK clients (each with
// its own credentials cache) ask at the same instant and call STS.
func parallelClients(ctx context.Context, n int, margin time.Duration) (*parallelReport, error) {
	// Asked directly: the SDK's cache reports an expiry moved earlier by
	// its own refresh window.
	first, err := served()
	if err != nil {
		return nil, err
	}
	time.Sleep(time.Until(first.Expiration.Add(-margin).Add(300 * time.Millisecond)))
	r := &parallelReport{Before: first.AccessKeyID, Clients: make([]client, n)}
	cfgs := make([]aws.Config, n)
	for i := range cfgs {
		if cfgs[i], err = config.LoadDefaultConfig(ctx); err != nil {
			return nil, err
		}
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range cfgs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			c := &r.Clients[i]
			c.Start = time.Now()
			creds, err := cfgs[i].Credentials.Retrieve(ctx)
			c.End = time.Now()
			if err == nil {
				_, err = sts.NewFromConfig(cfgs[i]).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			}
			c.AccessKey = creds.AccessKeyID
			if err != nil {
				c.Error = err.Error()
			}
		}(i)
	}
	close(start)
	wg.Wait()
	return r, nil
}

// servedCreds is the part of the server's answer the test needs.
type servedCreds struct {
	AccessKeyID string `json:"AccessKeyId"`
	Expiration  time.Time
}

// served asks the server for its credentials as the SDKs do.
func served() (*servedCreds, error) {
	token, err := os.ReadFile(os.Getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"))
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest("GET", os.Getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI"), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", string(token))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var doc servedCreds
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		return nil, fmt.Errorf("status %d: %w", resp.StatusCode, err)
	}
	return &doc, nil
}

// probeServer sends what an attacker on this machine or a rebinding web
// page could, and the real thing, and reports the statuses.
func probeServer() (map[string]int, error) {
	uri := os.Getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI")
	token, err := os.ReadFile(os.Getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"))
	if err != nil {
		return nil, err
	}
	port := uri[strings.LastIndex(uri, ":")+1:]
	port = port[:strings.Index(port, "/")]
	statuses := map[string]int{}
	for name, req := range map[string]struct{ host, token string }{
		"no token":      {"", ""},
		"wrong token":   {"", strings.Repeat("f", len(token))},
		"rebound host":  {"attacker.example:" + port, string(token)},
		"right request": {"", string(token)},
	} {
		r, err := http.NewRequest("GET", uri, nil)
		if err != nil {
			return nil, err
		}
		if req.host != "" {
			r.Host = req.host
		}
		if req.token != "" {
			r.Header.Set("Authorization", req.token)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		statuses[name] = resp.StatusCode
	}
	return statuses, nil
}
