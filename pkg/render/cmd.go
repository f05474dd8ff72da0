package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// cmd.exe has no quoting that protects % (expanded even inside quotes), !
// (delayed expansion) or " (toggles quoting), and a line break ends the
// command. Inside `set "NAME=value"` the other metacharacters are literal,
// but values are also pasted into `for /f ... do %i` loops, so all of them
// are refused rather than escaped. Real AWS values never contain them.
const cmdUnsafe = "%!\"^&|<>"

func cmdSet(v Var) (string, error) {
	if !utf8.ValidString(v.Value) {
		return "", fmt.Errorf("value of %s is not valid UTF-8, which cmd.exe cannot hold", v.Name)
	}
	for _, r := range v.Value {
		if strings.ContainsRune(cmdUnsafe, r) || r < 0x20 || r == 0x7f {
			// Do not name the character: the value is probably a secret.
			return "", fmt.Errorf("value of %s contains a character cmd.exe cannot represent safely (one of %s or a control character such as a newline); use --format powershell", v.Name, cmdUnsafe)
		}
	}
	return `set "` + v.Name + "=" + v.Value + `"`, nil
}

func cmdUnset(name string) string { return "set " + name + "=" }
