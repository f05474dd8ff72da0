package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// dotenv has no standard; we emit the subset readers agree on.
//
// NAME='value' is used when value has no ', \, CR or LF. That form is read
// literally (no escapes, no $ interpolation) by docker compose (compose-go),
// joho/godotenv, python-dotenv, direnv's dotenv and Node's dotenv.
// (python-dotenv decodes \\ and \' even in single quotes, hence no \.)
//
// Otherwise NAME="value" with \\, \", \n, \r and \$ escapes, the grammar of
// docker compose and joho/godotenv (where \$ suppresses interpolation).
// python-dotenv keeps \$ as written and Node's dotenv only decodes \n, so
// values with such characters are only exact for the compose/godotenv family.
//
// A dotenv file cannot unset, so Env.Unset is not rendered; the file must be
// UTF-8 (python-dotenv refuses anything else).

var dotenvDoubleQuoter = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, `$`, `\$`)

func dotenvSet(v Var) (string, error) {
	if !utf8.ValidString(v.Value) {
		return "", fmt.Errorf("value of %s is not valid UTF-8, which dotenv files must be", v.Name)
	}
	if !strings.ContainsAny(v.Value, "'\\\n\r") {
		return v.Name + "='" + v.Value + "'", nil
	}
	return v.Name + `="` + dotenvDoubleQuoter.Replace(v.Value) + `"`, nil
}
