# smartd_mailer.conf.ps1 - copied from the sample and edited
$smtpServer = "smtp.office365.com"
$from = "SMART monitor <smart-alerts@contoso.com>"
$port = 587
$useSsl = $true
$username = "smart-alerts@contoso.com"
$password = "R365CANARY-ps-smartd"
