# assume shell hook for @SHELL@: eval "$(assume shell-init @SHELL@)"
#
# `assume PROFILE` (and `assume`, `assume --unset`) set or clear credentials in
# this shell; everything else runs the binary untouched. The binary decides
# which is which (`__hook-mode` parses the arguments exactly as a real run
# would), and only output it printed because ASSUME_SHELL_HOOK told it that
# stdout is eval'ed is ever eval'ed: as one quoted string, never word-split.
assume() {
  if [ "$(command assume __hook-mode "$@" 2>/dev/null)" != eval ]; then
    command assume "$@"
    return
  fi
  local __assume_out
  __assume_out="$(ASSUME_SHELL_HOOK=@SHELL@ command assume "$@")" || return
  eval "$__assume_out"
}
