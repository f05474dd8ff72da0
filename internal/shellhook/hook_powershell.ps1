# assume shell hook for PowerShell: assume shell-init powershell | Out-String | Invoke-Expression
#
# `assume PROFILE` (and `assume`, `assume --unset`) set or clear credentials in
# this session; everything else runs the binary untouched. The binary decides
# which is which (`__hook-mode` parses the arguments exactly as a real run
# would), and only output it printed because ASSUME_SHELL_HOOK told it that
# its stdout is evaluated is ever evaluated, one statement per line.
function assume {
    $assumeExe = Get-Command -Name assume -CommandType Application -ErrorAction Stop | Select-Object -First 1
    $assumeMode = & $assumeExe __hook-mode @args 2>$null
    if ($assumeMode -ne 'eval') {
        & $assumeExe @args
        return
    }
    $env:ASSUME_SHELL_HOOK = 'powershell'
    try {
        $assumeOut = & $assumeExe @args
    } finally {
        Remove-Item Env:ASSUME_SHELL_HOOK -ErrorAction SilentlyContinue
    }
    if ($LASTEXITCODE -ne 0) {
        return
    }
    foreach ($assumeLine in @($assumeOut)) {
        if ($assumeLine) {
            Invoke-Expression $assumeLine
        }
    }
}
