# Daily server report - Task Scheduler "Ops daily report", 06:00 every day, runs as CORP\svc-ops
# Collects the overnight backup, disk and patch status and mails it to IT operations through the IIS relay.
param(
    [string]$ReportPath = 'D:\Reports\daily'
)

$ErrorActionPreference = 'Stop'
$today = Get-Date -Format 'yyyy-MM-dd'
$body = Get-ChildItem -Path $ReportPath -Filter "*-$today.txt" | Get-Content | Out-String

# iis01 relays for the ops subnet without authentication
Send-MailMessage -SmtpServer 'iis01.corp.contoso.com' -Port 25 `
    -From 'Ops Reports <reports@contoso.com>' -To 'it-ops@contoso.com' `
    -Subject "Daily server report $today" -Body $body -Encoding UTF8

# Before the IIS relay existed (Exchange 2010, decommissioned 2021):
#Send-MailMessage -SmtpServer exch01.corp.contoso.com -From reports@contoso.com -To it-ops@contoso.com -Subject "Daily report" -Body $body
