Add-Type -Path 'C:\Program Files\PackageManagement\NuGet\Packages\MailKit.4.3.0\lib\netstandard2.0\MailKit.dll'
Add-Type -Path 'C:\Program Files\PackageManagement\NuGet\Packages\MimeKit.4.3.0\lib\netstandard2.0\MimeKit.dll'

$server = 'smtp.contoso.com'
$cred = Get-StoredCredential -Target 'smtp-relay'

$message = New-Object MimeKit.MimeMessage
$message.From.Add([MimeKit.MailboxAddress]::new('Build server', 'build@contoso.com'))
$message.To.Add([MimeKit.MailboxAddress]::new('Dev team', 'dev@contoso.com'))
$message.Subject = 'Nightly build'

$client = New-Object MailKit.Net.Smtp.SmtpClient
$client.Connect($server, 587, [MailKit.Security.SecureSocketOptions]::StartTls)
$client.Authenticate($cred)
$client.Send($message)
$client.Disconnect($true)
