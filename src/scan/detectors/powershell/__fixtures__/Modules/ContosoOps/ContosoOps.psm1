function Send-OpsMail {
    <#
    .SYNOPSIS
        Sends an operations notification.
    .EXAMPLE
        Send-OpsMail -Subject 'Test' -Body 'Hello'
        Send-MailMessage -SmtpServer 'smtp.fabrikam.com' -From a@fabrikam.com -To b@fabrikam.com -Subject x
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string]$Subject,
        [string]$Body = '',
        [string]$SmtpServer = 'smtp.contoso.com',
        [int]$Port = 25,
        [string]$From = 'ops@contoso.com'
    )
    Send-MailMessage -SmtpS $SmtpServer -Port:$Port -From $From -To 'ops@contoso.com' -Subject $Subject -Body $Body
}

function Send-Any {
    param($Server, $Sender)
    Send-MailMessage -SmtpServer $Server -From $Sender -To 'ops@contoso.com' -Subject 'x' -UseSsl
}

Export-ModuleMember -Function Send-OpsMail, Send-Any
