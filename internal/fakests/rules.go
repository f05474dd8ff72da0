package fakests

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Parameter patterns from the STS API model, with the text real STS prints.
var (
	arnCharsRe        = regexp.MustCompile(`^[\x09\x0A\x0D\x20-\x7E\x{85}\x{A0}-\x{D7FF}\x{E000}-\x{FFFD}\x{10000}-\x{10FFFF}]+$`)
	sessionNameRe     = regexp.MustCompile(`^[\w+=,.@-]*$`)
	externalIDRe      = regexp.MustCompile(`^[\w+=,.@:/-]*$`)
	serialNumberRe    = regexp.MustCompile(`^[\w+=/:,.@-]*$`)
	digitsRe          = regexp.MustCompile(`^\d*$`)
	tokenCodeRe       = regexp.MustCompile(`^\d{6}$`)
	tagKeyRe          = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$`)
	tagValueRe        = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
	memberIndexRe     = regexp.MustCompile(`^(Tags|TransitiveTagKeys|PolicyArns)\.member\.(\d+)(?:\.(Key|Value|arn))?$`)
	arnCharsPattern   = `[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+`
	sessionNamePatt   = `[\w+=,.@-]*`
	externalIDPatt    = `[\w+=,.@:\/-]*`
	serialNumberPatt  = `[\w+=/:,.@-]*`
	tokenCodePatt     = `[\d]*`
	tagKeyPatt        = `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`
	tagValuePatt      = `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`
	maxTags           = 50
	maxTransitiveTags = 50
	maxPolicyArns     = 10
)

// validator collects constraint violations in the style of real STS:
// "1 validation error detected: Value 'x' at 'roleSessionName' failed to
// satisfy constraint: Member must have length greater than or equal to 2".
type validator struct {
	form url.Values
	errs []string
}

func (v *validator) fail(value, field, constraint string) {
	v.errs = append(v.errs, fmt.Sprintf("Value %s at '%s' failed to satisfy constraint: %s", value, field, constraint))
}

func quote(s string) string { return "'" + s + "'" }

// str checks the string parameter param (reported as field) and returns
// its value and whether it was present.
func (v *validator) str(param, field string, required bool, min, max int, re *regexp.Regexp, pattern string) (string, bool) {
	vals, present := v.form[param]
	if !present {
		if required {
			v.fail("null", field, "Member must not be null")
		}
		return "", false
	}
	val := vals[0]
	n := len([]rune(val))
	switch {
	case n < min:
		v.fail(quote(val), field, fmt.Sprintf("Member must have length greater than or equal to %d", min))
	case n > max:
		v.fail(quote(val), field, fmt.Sprintf("Member must have length less than or equal to %d", max))
	case re != nil && !re.MatchString(val):
		v.fail(quote(val), field, "Member must satisfy regular expression pattern: "+pattern)
	}
	return val, true
}

// integer checks an optional integer parameter; absent → def.
func (v *validator) integer(param, field string, min, max, def int) int {
	vals, present := v.form[param]
	if !present {
		return def
	}
	n, err := strconv.Atoi(vals[0])
	if err != nil {
		v.fail(quote(vals[0]), field, "Member must be an integer")
		return def
	}
	switch {
	case n < min:
		v.fail(quote(vals[0]), field, fmt.Sprintf("Member must have value greater than or equal to %d", min))
	case n > max:
		v.fail(quote(vals[0]), field, fmt.Sprintf("Member must have value less than or equal to %d", max))
	}
	return n
}

// lists checks Tags, TransitiveTagKeys and PolicyArns: member counts and tag keys/values.
func (v *validator) lists() {
	tags := map[int]map[string]string{}
	transitive := map[int]string{}
	arns := map[int]string{}
	for k, vals := range v.form {
		m := memberIndexRe.FindStringSubmatch(k)
		if m == nil {
			continue
		}
		i, _ := strconv.Atoi(m[2])
		switch m[1] {
		case "Tags":
			if tags[i] == nil {
				tags[i] = map[string]string{}
			}
			tags[i][m[3]] = vals[0]
		case "TransitiveTagKeys":
			transitive[i] = vals[0]
		case "PolicyArns":
			arns[i] = vals[0]
		}
	}
	if len(tags) > maxTags {
		v.fail(quote(listString(tags, func(t map[string]string) string { return "Tag(key=" + t["Key"] + ", value=" + t["Value"] + ")" })), "tags",
			fmt.Sprintf("Member must have length less than or equal to %d", maxTags))
	}
	for _, i := range sortedKeys(tags) {
		key, hasKey := tags[i]["Key"]
		if !hasKey {
			v.fail("null", fmt.Sprintf("tags.%d.member.key", i), "Member must not be null")
		} else if n := len([]rune(key)); n < 1 || n > 128 {
			v.fail(quote(key), fmt.Sprintf("tags.%d.member.key", i), "Member must have length less than or equal to 128")
		} else if !tagKeyRe.MatchString(key) {
			v.fail(quote(key), fmt.Sprintf("tags.%d.member.key", i), "Member must satisfy regular expression pattern: "+tagKeyPatt)
		}
		value := tags[i]["Value"]
		if len([]rune(value)) > 256 {
			v.fail(quote(value), fmt.Sprintf("tags.%d.member.value", i), "Member must have length less than or equal to 256")
		} else if !tagValueRe.MatchString(value) {
			v.fail(quote(value), fmt.Sprintf("tags.%d.member.value", i), "Member must satisfy regular expression pattern: "+tagValuePatt)
		}
	}
	if len(transitive) > maxTransitiveTags {
		v.fail(quote(listString(transitive, func(s string) string { return s })), "transitiveTagKeys",
			fmt.Sprintf("Member must have length less than or equal to %d", maxTransitiveTags))
	}
	if len(arns) > maxPolicyArns {
		v.fail(quote(listString(arns, func(s string) string { return "PolicyDescriptorType(arn=" + s + ")" })), "policyArns",
			fmt.Sprintf("Member must have length less than or equal to %d", maxPolicyArns))
	}
}

func sortedKeys[T any](m map[int]T) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
}

func listString[T any](m map[int]T, f func(T) string) string {
	parts := make([]string, 0, len(m))
	for _, k := range sortedKeys(m) {
		parts = append(parts, f(m[k]))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// err is the ValidationError for the violations found, or nil.
func (v *validator) err() *apiError {
	switch len(v.errs) {
	case 0:
		return nil
	case 1:
		return validationError("1 validation error detected: " + v.errs[0])
	default:
		return validationError(fmt.Sprintf("%d validation errors detected: %s", len(v.errs), strings.Join(v.errs, "; ")))
	}
}

// mfaParams validates SerialNumber and TokenCode (checked for both-or-neither later).
func (v *validator) mfaParams() (serial, code string, hasSerial, hasCode bool) {
	serial, hasSerial = v.str("SerialNumber", "serialNumber", false, 9, 256, serialNumberRe, serialNumberPatt)
	code, hasCode = v.str("TokenCode", "tokenCode", false, 6, 6, digitsRe, tokenCodePatt)
	return serial, code, hasSerial, hasCode
}

// sourceIdentity validates SourceIdentity: 2-64 of [\w+=,.@-], which also
// rules out the reserved "aws:" prefix.
func (v *validator) sourceIdentity() (string, bool) {
	return v.str("SourceIdentity", "sourceIdentity", false, 2, 64, sessionNameRe, sessionNamePatt)
}

// checkMFAPair enforces SerialNumber and TokenCode both or neither.
func checkMFAPair(hasSerial, hasCode bool) *apiError {
	if hasSerial != hasCode {
		return accessDenied("MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.")
	}
	return nil
}
