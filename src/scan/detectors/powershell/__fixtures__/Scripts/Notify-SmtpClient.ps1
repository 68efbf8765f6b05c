$EmailFrom = "scanner-robot@contoso.com"
$EmailTo = "finance@contoso.com"
$Subject = "Scanned invoices"
$Body = "See attachment"
$SMTPServer = "smtp.office365.com"
$SMTPMessage = New-Object System.Net.Mail.MailMessage($EmailFrom, $EmailTo, $Subject, $Body)
$SMTPClient = New-Object Net.Mail.SmtpClient($SmtpServer, 587)
$SMTPClient.EnableSsl = $true
$SMTPClient.Credentials = New-Object System.Net.NetworkCredential("scanner-robot@contoso.com", "R365CANARY-ps-2");
$SMTPClient.Send($SMTPMessage)
