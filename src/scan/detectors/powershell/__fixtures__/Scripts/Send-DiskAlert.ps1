# Disk space alert - runs every hour from Task Scheduler
param(
    [int]$ThresholdPercent = 10,
    [string]$Relay = 'smtp.office365.com'
)

$user = 'alerts@contoso.com'
$securePassword = ConvertTo-SecureString 'R365CANARY-ps-1' -AsPlainText -Force
$credential = New-Object System.Management.Automation.PSCredential ($user, $securePassword)

$mailParams = @{
    SmtpServer = $Relay
    Port       = 587
    UseSsl     = $true
    Credential = $credential
    From       = 'Disk Alerts <alerts@contoso.com>'
    To         = 'it-ops@contoso.com'
    Subject    = "Low disk space on $env:COMPUTERNAME"
}

# Old relay, retired 2023
#Send-MailMessage -SmtpServer exch01.contoso.local -From alerts@contoso.com -To it-ops@contoso.com -Subject "Low disk"

Get-PSDrive -PSProvider FileSystem | Where-Object { $_.Free -lt 10GB } | ForEach-Object {
    Send-MailMessage @mailParams -Body "Drive $($_.Name) has $([math]::Round($_.Free / 1GB)) GB free"
}
