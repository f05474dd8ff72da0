# assume shell hook for @SHELL@: eval "$(assume shell-init @SHELL@)"
#
# `assume PROFILE` (and `assume`, `assume --unset`) set or clear credentials in
# this shell; everything else runs the binary untouched. The binary decides
# which is which (`__hook-mode` parses the arguments exactly as a real run
# would), and only output it printed because ASSUME_SHELL_HOOK told it that
# stdout is eval'ed is ever eval'ed: as one quoted string, never word-split.
# With `set -x` on, the shell would trace the captured statements, secret
# key and token included, so tracing is off while they are held.
assume() {
  if [ "$(command assume __hook-mode "$@" 2>/dev/null)" != eval ]; then
    command assume "$@"
    return
  fi
  local __assume_out __assume_status __assume_xtrace=
  case $- in *x*) __assume_xtrace=1; { set +x; } 2>/dev/null ;; esac
  __assume_out="$(ASSUME_SHELL_HOOK=@SHELL@ command assume "$@")"
  __assume_status=$?
  if [ "$__assume_status" -eq 0 ]; then
    eval "$__assume_out"
    __assume_status=$?
  fi
  __assume_out=
  [ -n "$__assume_xtrace" ] && set -x
  return "$__assume_status"
}
