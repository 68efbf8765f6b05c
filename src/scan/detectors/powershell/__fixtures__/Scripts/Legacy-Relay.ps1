# Uses the internal relay; no credentials (Windows auth)
$PSEmailServer = 'mailrelay.contoso.local'
$PSDefaultParameterValues['Send-MailMessage:Port'] = 2525

Send-MailMessage -To 'helpdesk@contoso.com' -From 'print-server@contoso.com' `
  -Subject 'Print queue stuck' -Body (Get-Printer | Out-String)
