# assume shell hook for fish: assume shell-init fish | source
#
# `assume PROFILE` (and `assume`, `assume --unset`) set or clear credentials in
# this shell; everything else runs the binary untouched. The binary decides
# which is which (`__hook-mode` parses the arguments exactly as a real run
# would), and only output it printed because ASSUME_SHELL_HOOK told it that
# stdout is sourced is ever sourced. With fish_trace set, fish would trace
# the sourced statements, secret key and token included, so a local empty
# fish_trace turns tracing off inside the function.
function assume --wraps assume --description 'Set AWS credentials from assume in this shell'
    set -l __assume_mode (command assume __hook-mode $argv 2>/dev/null)
    if test "$__assume_mode" != eval
        command assume $argv
        return $status
    end
    set -l fish_trace
    set -lx ASSUME_SHELL_HOOK fish
    # Each line is one element; joining with \n restores the text exactly
    # (values with newlines are quoted across lines).
    set -l __assume_out (command assume $argv)
    set -l __assume_status $status
    if test $__assume_status -ne 0
        return $__assume_status
    end
    string join \n -- $__assume_out | source
    # source ends with the status of `set -e` on a variable that was not
    # set (4), which says nothing about whether assume worked: it did.
    return 0
end
