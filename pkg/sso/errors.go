package sso

import (
	"context"
	"errors"
	"fmt"
	"net"
	"reflect"
	"strings"

	"github.com/aws/smithy-go"
)

// LoginRequiredError means no usable sign-in is left for the session:
// nobody signed in, or it expired or was revoked and cannot be renewed.
// Only a person can repair that, by signing in again.
type LoginRequiredError struct {
	Session Session
	Reason  string // e.g. "the sign-in expired at 2026-01-02T03:04:05Z"
}

func (e *LoginRequiredError) Error() string {
	return fmt.Sprintf("%s: %s; sign in with `%s`", e.Session, e.Reason, e.Session.LoginCommand())
}

// apiCode is the AWS error code of err, "" when it is not an API error.
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// describe renders a failed call into one line: the AWS code and message,
// or why nothing answered. It does not wrap err (see the package doc).
func describe(err error) string {
	var ae smithy.APIError
	switch {
	case errors.As(err, &ae):
		msg := ae.ErrorMessage()
		// SSO OIDC errors carry their text in error_description.
		if d := oidcDescription(err); d != "" {
			msg = d
		}
		if msg == "" {
			return ae.ErrorCode()
		}
		return ae.ErrorCode() + ": " + oneLine(msg)
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer within the timeout (raise --timeout or check the network)"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	var dns *net.DNSError
	var op *net.OpError
	if errors.As(err, &dns) || errors.As(err, &op) {
		return "unreachable: " + oneLine(err.Error())
	}
	return oneLine(err.Error())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// oidcDescription is the error_description of an SSO OIDC error: every
// modelled OIDC exception has that field, and its Message is empty.
func oidcDescription(err error) string {
	for e := err; e != nil; e = errors.Unwrap(e) {
		v := reflect.ValueOf(e)
		if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
			continue
		}
		f := v.Elem().FieldByName("Error_description")
		if f.IsValid() && f.Kind() == reflect.Pointer && !f.IsNil() && f.Elem().Kind() == reflect.String {
			return f.Elem().String()
		}
	}
	return ""
}
