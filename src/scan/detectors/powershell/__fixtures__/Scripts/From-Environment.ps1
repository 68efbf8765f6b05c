$smtp = $env:SMTP_SERVER
$port = [int]$env:SMTP_PORT
$mail = [System.Net.Mail.SmtpClient]::new($smtp, 25)
$mail.UseDefaultCredentials = $true
$mail.Send('svc-batch@contoso.com', 'ops@contoso.com', 'Batch done', 'ok')
